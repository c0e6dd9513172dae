import pytest

from paraat.accounts.demo import load_users
from paraat.agreements import selectors
from paraat.agreements.demo import load_demo
from paraat.agreements.models import (
    ActionItem,
    AgreementSet,
    MeasurementRound,
    SnapshotEntry,
    StatusUpdate,
)
from paraat.regions.demo import load_region

pytestmark = pytest.mark.django_db


def test_demo_is_an_example_with_history_and_loads_idempotently(django_assert_max_num_queries):
    region = load_region()
    load_users(region)
    load_demo(region)
    counts = (
        ActionItem.objects.count(),
        MeasurementRound.objects.count(),
        StatusUpdate.objects.count(),
        SnapshotEntry.objects.count(),
    )
    load_demo(region)
    assert counts == (
        ActionItem.objects.count(),
        MeasurementRound.objects.count(),
        StatusUpdate.objects.count(),
        SnapshotEntry.objects.count(),
    )
    agreement_set = AgreementSet.objects.get(region=region)
    assert agreement_set.is_example and agreement_set.name.startswith("Voorbeeld")
    assert 25 <= counts[0] <= 32
    assert MeasurementRound.objects.filter(state="closed").count() == 2
    assert MeasurementRound.objects.filter(state="open").count() == 1
    flags = selectors.systematic_lag(region=region)
    assert any(f.municipality.code in ("GM0262", "GM0197") for f in flags)
