import pytest

from paraat.agreements.factories import ActionItemFactory, AgreementSetFactory, CategoryFactory


@pytest.fixture
def listed(world):
    """The world with an action list in its region: two municipal items in one category, and
    an item in the other region that no reader of the first may see."""
    agreement_set = AgreementSetFactory(region=world.region)
    category = CategoryFactory(agreement_set=agreement_set, name="Continuïteit")
    items = [
        ActionItemFactory(category=category, number="1.1", due_year=2025, due_quarter=1),
        ActionItemFactory(category=category, number="1.2", due_year=2030, due_quarter=4),
    ]
    other_set = AgreementSetFactory(region=world.other_region)
    ActionItemFactory(category=CategoryFactory(agreement_set=other_set), number="9.9")
    world.extra["items"] = items
    world.extra["category"] = category
    return world


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
