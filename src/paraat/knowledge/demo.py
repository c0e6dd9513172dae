"""Demo knowledge items and desk questions, with different TLP labels so that each demo
account sees something different. Idempotent: keyed on region and title."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from paraat.accounts.demo import demo_email
from paraat.accounts.models import User
from paraat.agreements.models import ActionItem, Category
from paraat.programme.models import ThemeTable
from paraat.regions.models import Municipality, Partner

from . import search
from .models import TLP, Kind, KnowledgeItem, Question, QuestionEvent, QuestionStatus, Urgency

GGD = "GGD Noord- en Oost-Gelderland"
# Categories and numbers of the example action list (agreements/demo.py) and a theme table of
# the example programme (programme/demo.py). When those are not loaded, the names are kept as
# free text, just as the migration does.
NSP = "Gemeentelijke crisisorganisatie en lokale noodsteunpunten"

ITEMS = [
    {
        "title": "Handreiking: zo richt u een noodsteunpunt in (voorbeeld)",
        "summary": "Stappen, checklist en bemensing voor lokale noodsteunpunten bij uitval van "
        "stroom, telefonie en internet.",
        "body": "## Waar\n\nKies een gebouw met noodstroom, zoals een dorpshuis of sporthal.\n\n"
        "## Wie\n\n- vrijwilligers uit de buurt\n- een medewerker van de gemeente\n\n"
        "De **noodsteunpunten** zijn binnen 2 uur open.",
        "kind": Kind.GUIDANCE,
        "tlp": TLP.CLEAR,
        "category": NSP,
        "tags": "noodsteunpunt, stroomuitval",
        "action_items": ["3.2", "3.3"],
        "author": "programma",
    },
    {
        "title": "Goed voorbeeld: het dorpshuis als noodsteunpunt (voorbeeld)",
        "summary": "Hoe Apeldoorn met de buurtvereniging een dorpshuis inrichtte als lokaal "
        "noodsteunpunt.",
        "body": "We sloten een convenant met de buurtvereniging en plaatsten een "
        "aansluitpunt voor een aggregaat.",
        "kind": Kind.GOOD_PRACTICE,
        "tlp": TLP.GREEN,
        "category": NSP,
        "tags": "noodsteunpunt, vrijwilligers",
        "action_items": ["3.3", "3.4"],
        "author": "apeldoorn",
        "municipality": "GM0200",
    },
    {
        "title": "Ervaring: oefening stroomuitval op het gemeentehuis (voorbeeld)",
        "summary": "Wat ging goed en wat niet bij onze oefening met vier uur stroomuitval.",
        "body": "De telefooncentrale viel na 40 minuten uit; de satelliettelefoon lag in een "
        "afgesloten kast.",
        "kind": Kind.EXPERIENCE,
        "tlp": TLP.AMBER,
        "category": "Continuïteit bedrijfsprocessen",
        "tags": "oefening, stroomuitval",
        "action_items": ["2.3"],
        "author": "apeldoorn",
        "municipality": "GM0200",
    },
    {
        "title": "Sjabloon continuïteitsplan bedrijfsprocessen, concept (voorbeeld)",
        "summary": "Ons conceptsjabloon voor een continuïteitsplan; nog niet vastgesteld.",
        "body": "1. Kritieke processen\n2. Maximale uitvaltijd\n3. Terugvalopties",
        "kind": Kind.PRODUCT,
        "tlp": TLP.AMBER_STRICT,
        "category": "Continuïteit bedrijfsprocessen",
        "tags": "sjabloon, bcm",
        "action_items": ["2.2"],
        "author": "zutphen",
        "municipality": "GM0301",
    },
    {
        "title": "Werkwijze GGD: kwetsbare inwoners in beeld (voorbeeld)",
        "summary": "Hoe de GGD lijsten van kwetsbare inwoners bijhoudt en deelt bij een crisis.",
        "body": "Alleen voor de GGD zelf: afspraken met thuiszorgorganisaties.",
        "kind": Kind.GUIDANCE,
        "tlp": TLP.AMBER_STRICT,
        "category": "Publieke zorg",
        "action_items": ["7.1"],
        "tags": "kwetsbare inwoners",
        "author": "partner",
        "partner": GGD,
    },
    {
        "title": "Kwetsbaarheden vitale locaties in de regio (voorbeeld)",
        "summary": "Overzicht van kwetsbare vitale locaties; alleen voor de genoemde personen.",
        "body": "Vertrouwelijk overzicht (voorbeeldtekst).",
        "kind": Kind.GUIDANCE,
        "tlp": TLP.RED,
        "category": "Continuïteit omgevingszorg",
        "action_items": ["5.1"],
        "tags": "vitaal",
        "author": "programma",
        "recipients": ["programma", "cfg"],
    },
]

QUESTIONS = [
    {
        "title": "Hoeveel noodsteunpunten heeft een gemeente nodig? (voorbeeld)",
        "text": "Is er een vuistregel voor het aantal noodsteunpunten per inwoners?",
        "category": NSP,
        "table": "Continuïteit bevolkingszorg",
        "asker": "apeldoorn",
        "municipality": "GM0200",
        "status": QuestionStatus.ANSWERED,
        "answer": "Reken op één lokaal noodsteunpunt per 5.000 tot 10.000 inwoners, zo dat "
        "iedereen er binnen een half uur lopen of fietsen is.",
        "consent": True,
        "publish_tlp": TLP.GREEN,
    },
    {
        "title": "Wie betaalt de aggregaten voor noodsteunpunten? (voorbeeld)",
        "text": "Wij willen aggregaten aanschaffen; draagt de regio bij?",
        "category": NSP,
        "asker": "zutphen",
        "municipality": "GM0301",
        "status": QuestionStatus.NEW,
        "overdue": True,
        "urgency": Urgency.HIGH,
    },
    {
        "title": "Voorbeeld communicatieplan bij langdurige uitval? (voorbeeld)",
        "text": "Heeft iemand een communicatieplan voor inwoners bij langdurige stroomuitval?",
        "category": "Risico- en crisiscommunicatie",
        "asker": "apeldoorn",
        "municipality": "GM0200",
        "status": QuestionStatus.ASSIGNED,
        "table": "Continuïteit bevolkingszorg",
        "assigned": "trekker",
    },
]


def _user(local):
    return User.objects.get(email=demo_email(local))


def _category(region, name):
    return (
        Category.objects.filter(
            agreement_set__region=region, agreement_set__is_current=True, name__iexact=name
        )
        .order_by("-agreement_set_id")
        .first()
    )


def _action_items(region, numbers):
    found = {
        a.number: a
        for a in ActionItem.objects.filter(
            region=region, agreement_set__is_current=True, number__in=numbers
        )
    }
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def _table(region, name):
    return ThemeTable.objects.filter(region=region, name=name).first() if name else None


@transaction.atomic
def load_demo(region, *, stdout=None):
    for spec in ITEMS:
        category = _category(region, spec["category"])
        linked, unmatched = _action_items(region, spec.get("action_items", []))
        municipality = (
            Municipality.objects.get(code=spec["municipality"]) if "municipality" in spec else None
        )
        partner = (
            Partner.objects.get(region=region, name=spec["partner"]) if "partner" in spec else None
        )
        item, _created = KnowledgeItem.objects.update_or_create(
            region=region,
            title=spec["title"],
            defaults={
                "summary": spec["summary"],
                "body": spec["body"],
                "kind": spec["kind"],
                "tlp": spec["tlp"],
                "category": "" if category else spec["category"],
                "tags": spec["tags"],
                "action_items": ", ".join(unmatched),
                "created_by": _user(spec["author"]),
                "municipality": municipality,
                "partner": partner,
                "is_demo": True,
            },
        )
        item.recipients.set([_user(local) for local in spec.get("recipients", [])])
        item.categories.set([category] if category else [])
        item.related_action_items.set(linked)
        search.index_item(item)
    now = timezone.now()
    for n, spec in enumerate(QUESTIONS):
        asker = _user(spec["asker"])
        target = timezone.localdate() + timedelta(days=-3 if spec.get("overdue") else 7)
        answered = spec["status"] == QuestionStatus.ANSWERED
        category = _category(region, spec["category"])
        table = _table(region, spec.get("table"))
        question, created = Question.objects.update_or_create(
            region=region,
            title=spec["title"],
            defaults={
                "text": spec["text"],
                "action_category": category,
                "category": "" if category else spec["category"],
                "urgency": spec.get("urgency", Urgency.NORMAL),
                "table": table,
                "theme": "" if table or not spec.get("table") else spec["table"],
                "status": spec["status"],
                "target_date": target,
                "asked_by": asker,
                "asked_at": now - timedelta(days=10 - n),
                "municipality": Municipality.objects.get(code=spec["municipality"]),
                "assigned_to": _user(spec["assigned"]) if "assigned" in spec else None,
                "answer": spec.get("answer", ""),
                "answered_by": _user("programma") if answered else None,
                "answered_at": now - timedelta(days=2) if answered else None,
                "publish_consent": spec.get("consent", False),
                "is_demo": True,
            },
        )
        if created:
            QuestionEvent.objects.create(
                question=question, from_status="", to_status=QuestionStatus.NEW, actor=asker
            )
        if "publish_tlp" in spec:
            item, _created = KnowledgeItem.objects.update_or_create(
                region=region,
                source_question=question,
                defaults={
                    "title": question.title,
                    "summary": question.text,
                    "body": f"**Vraag**\n\n{question.text}\n\n**Antwoord**\n\n{question.answer}",
                    "kind": Kind.QA,
                    "tlp": spec["publish_tlp"],
                    "category": question.category,
                    "created_by": _user("programma"),
                    "municipality": question.municipality,
                    "is_demo": True,
                },
            )
            item.categories.set([category] if category else [])
            search.index_item(item)
    if stdout:
        stdout.write(f"Knowledge: {len(ITEMS) + 1} demo items, {len(QUESTIONS)} demo questions")
