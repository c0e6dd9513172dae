import datetime as dt

import pytest

from paraat.agreements.factories import (
    ActionItemFactory,
    AgreementSetFactory,
    CategoryFactory,
)
from paraat.agreements.models import OwnerType


@pytest.fixture
def plan(world):
    """An agreement set in the world's region: 2 categories, 4 municipal items, 1 regional."""
    agreement_set = AgreementSetFactory(region=world.region)
    cat1 = CategoryFactory(agreement_set=agreement_set, name="Risicobeeld", order=1)
    cat2 = CategoryFactory(agreement_set=agreement_set, name="Noodsteunpunten", order=2)
    items = {
        "1.1": ActionItemFactory(category=cat1, number="1.1", due_year=2026, due_quarter=1),
        "1.2": ActionItemFactory(category=cat1, number="1.2", due_year=2026, due_quarter=3),
        "2.1": ActionItemFactory(
            category=cat2, number="2.1", due_year=2026, due_quarter=1, owner_type=OwnerType.JOINT
        ),
        "2.2": ActionItemFactory(category=cat2, number="2.2", due_year=2027, due_quarter=2),
        "R.1": ActionItemFactory(
            category=cat2, number="R.1", due_year=2026, due_quarter=1, owner_type=OwnerType.REGION
        ),
    }
    return {"set": agreement_set, "categories": [cat1, cat2], "items": items}


# A day in the middle of Q2 2026: items due in Q1 2026 are due, the rest not yet.
TODAY = dt.date(2026, 5, 15)
