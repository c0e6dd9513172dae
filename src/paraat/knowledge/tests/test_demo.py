from paraat.accounts.demo import load_users
from paraat.accounts.selectors import memberships
from paraat.knowledge.demo import load_demo
from paraat.knowledge.models import KnowledgeItem, Question
from paraat.knowledge.selectors import items_visible_to
from paraat.regions.demo import load_region


def test_demo_loads_twice_without_duplicates_and_accounts_see_different_items(db):
    region = load_region()
    load_users(region)
    load_demo(region)
    load_demo(region)
    assert KnowledgeItem.objects.filter(region=region, is_demo=True).count() == 7
    assert Question.objects.filter(region=region, is_demo=True).count() == 3
    from paraat.accounts.models import User

    seen = {}
    for local in ["apeldoorn", "zutphen", "partner", "programma", "bestuur"]:
        user = User.objects.get(email=f"{local}@demo.paraat.nl")
        memberships(user)
        seen[local] = set(items_visible_to(user, region).values_list("title", flat=True))
    assert len({frozenset(v) for v in seen.values()}) == 5


def test_generate_region_makes_searchable_items(world):
    import random

    from paraat.knowledge.generate import generate_region
    from paraat.knowledge.selectors import item_search

    generate_region(world.region, rng=random.Random(1), options={})
    generate_region(world.region, rng=random.Random(1), options={})
    assert KnowledgeItem.objects.filter(region=world.region).count() == 40
    result = item_search(user=world.users["admin"], region=world.region, q="noodsteunpunt")
    assert result.total > 0


def test_generated_items_and_questions_link_to_the_action_list_and_tables(world):
    import random

    from paraat.knowledge.generate import generate_region
    from paraat.knowledge.models import Question
    from paraat.knowledge.tests.links import make_action_list

    links = make_action_list(world)
    generate_region(world.region, rng=random.Random(2), options={})
    items = KnowledgeItem.objects.filter(region=world.region)
    assert all(i.related_action_items.count() == 1 for i in items)
    for item in items[:5]:
        action = item.related_action_items.get()
        assert list(item.categories.all()) == [action.category]
    questions = Question.objects.filter(region=world.region)
    assert all(q.table in (links.own_table, links.other_table) for q in questions)
    assert all(q.action_category in (links.nsp, links.comms) for q in questions)


def test_demo_links_items_to_the_example_action_list_and_questions_to_tables(db):
    from paraat.agreements.demo import load_demo as load_agreements
    from paraat.programme.demo import load_demo as load_programme

    region = load_region()
    load_users(region)
    load_agreements(region)
    load_programme(region)
    load_demo(region)
    load_demo(region)
    guide = KnowledgeItem.objects.get(title__startswith="Handreiking: zo richt u")
    assert [c.name for c in guide.categories.all()] == [
        "Gemeentelijke crisisorganisatie en lokale noodsteunpunten"
    ]
    assert sorted(a.number for a in guide.related_action_items.all()) == ["3.2", "3.3"]
    assert guide.category == "" and guide.action_items == ""
    assert not KnowledgeItem.objects.filter(region=region, categories__isnull=True).exists()
    routed = Question.objects.get(title__startswith="Voorbeeld communicatieplan")
    assert routed.table.name == "Continuïteit bevolkingszorg"
    assert routed.table.lead.email == "trekker@demo.paraat.nl"
    assert routed.action_category.name == "Risico- en crisiscommunicatie"
