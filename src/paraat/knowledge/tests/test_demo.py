from paraat.accounts.demo import load_users
from paraat.knowledge.demo import load_demo
from paraat.knowledge.models import KnowledgeItem, Question
from paraat.knowledge.selectors import items_visible_to
from paraat.permissions import memberships
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
