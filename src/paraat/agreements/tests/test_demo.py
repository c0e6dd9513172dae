import pytest

from paraat.accounts.demo import load_users
from paraat.agreements import figures
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
    flags = figures.systematic_lag(region=region)
    assert any(f.municipality.code in ("GM0262", "GM0197") for f in flags)


def test_generate_region_makes_60_items_and_6_rounds():
    import random

    from paraat.agreements.generate import generate_region
    from paraat.regions.factories import MunicipalityFactory, RegionFactory

    region = RegionFactory(code="VR77")
    for i in range(4):
        MunicipalityFactory(region=region, code=f"GM77{i:02d}")
    generate_region(region, rng=random.Random(1), options={})
    assert ActionItem.objects.filter(region=region).count() == 60
    assert MeasurementRound.objects.filter(region=region, state="closed").count() == 5
    assert MeasurementRound.objects.filter(region=region, state="open").count() == 1
    statuses = set(StatusUpdate.objects.filter(region=region).values_list("status", flat=True))
    assert {"achieved", "in_progress"} <= statuses
    generate_region(region, rng=random.Random(1), options={})  # re-run adds nothing
    assert MeasurementRound.objects.filter(region=region).count() == 6
