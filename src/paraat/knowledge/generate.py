"""National-scale knowledge data for `paraat generate_data`: items and questions per region."""

from django.utils import timezone

from paraat.accounts.models import User
from paraat.agreements.models import ActionItem, Category
from paraat.programme.models import ThemeTable

from . import search
from .models import TLP, Kind, KnowledgeItem, Question, QuestionStatus

WORDS = [
    "noodsteunpunten", "stroomuitval", "drinkwater", "continuïteit", "oefening",
    "communicatie", "kwetsbare inwoners", "aggregaten", "vrijwilligers", "evacuatie",
]  # fmt: skip


def generate_region(region, *, rng, options):
    if KnowledgeItem.objects.filter(region=region).exists():
        return
    author, _created = User.objects.get_or_create(
        email=f"kennis-{region.code.lower()}@generated.paraat.invalid",
        defaults={"full_name": f"Gegenereerd {region.code}", "is_active": False},
    )
    municipalities = list(region.municipalities.all())
    now = timezone.now()
    items = []
    for n in range(40):
        a, b = rng.sample(WORDS, 2)
        items.append(
            KnowledgeItem(
                region=region,
                title=f"Ervaring met {a} en {b} ({n + 1})",
                summary=f"Hoe wij {a} regelden, en wat we leerden over {b}.",
                body=f"Een beschrijving van {a}.",
                kind=rng.choice([k for k in Kind.values if k != Kind.QA]),
                tlp=rng.choice([TLP.CLEAR, TLP.GREEN, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT]),
                municipality=rng.choice(municipalities) if municipalities else None,
                created_by=author,
                created_at=now - timezone.timedelta(days=rng.randint(0, 700)),
            )
        )
    created = KnowledgeItem.objects.bulk_create(items)
    for item in created:
        search.index_item(item)
    # Links to the region's current action list (generated before this app) where there is one.
    action_items = list(
        ActionItem.objects.filter(region=region, agreement_set__is_current=True, is_withdrawn=False)
    )
    categories = list(
        Category.objects.filter(agreement_set__region=region, agreement_set__is_current=True)
    )
    tables = list(ThemeTable.objects.filter(region=region))
    if action_items:
        linked = [(item, rng.choice(action_items)) for item in created]
        KnowledgeItem.related_action_items.through.objects.bulk_create(
            [
                KnowledgeItem.related_action_items.through(
                    knowledgeitem_id=item.pk, actionitem_id=action.pk
                )
                for item, action in linked
            ]
        )
        KnowledgeItem.categories.through.objects.bulk_create(
            [
                KnowledgeItem.categories.through(
                    knowledgeitem_id=item.pk, category_id=action.category_id
                )
                for item, action in linked
            ]
        )
    Question.objects.bulk_create(
        [
            Question(
                region=region,
                title=f"Vraag over {rng.choice(WORDS)} ({n + 1})",
                text="Hoe pakken andere gemeenten dit aan?",
                action_category=rng.choice(categories) if categories else None,
                table=rng.choice(tables) if tables else None,
                status=rng.choice(QuestionStatus.values),
                municipality=rng.choice(municipalities) if municipalities else None,
                asked_by=author,
            )
            for n in range(10)
        ]
    )
