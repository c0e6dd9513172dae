"""Closing a round runs a fixed number of queries, however many municipalities and items the
region has (the national data set closes 125 rounds of up to 26 municipalities)."""

import datetime as dt
import random

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from paraat.agreements import bulk, services
from paraat.agreements.factories import ActionItemFactory, AgreementSetFactory, CategoryFactory
from paraat.agreements.models import (
    OwnerType,
    RoundResult,
    SnapshotEntry,
    Status,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from paraat.regions.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


def region_with(n_municipalities: int, n_items: int, code: str):
    """A region with an open round, progress on every track, one submission of each kind and
    one municipality that came after the round opened (it has no submission yet)."""
    region = RegionFactory(code=code, name=f"Veiligheidsregio {code}", short_name=code)
    municipalities = [
        MunicipalityFactory(region=region, code=f"GM{code[2:]}{n:02d}", name=f"{code} {n}")
        for n in range(n_municipalities)
    ]
    agreement_set = AgreementSetFactory(region=region, is_current=True)
    categories = [CategoryFactory(agreement_set=agreement_set, order=n) for n in range(3)]
    owners = [OwnerType.MUNICIPALITY, OwnerType.MUNICIPALITY, OwnerType.REGION, OwnerType.JOINT]
    items = [
        ActionItemFactory(
            category=categories[n % 3],
            owner_type=owners[n % 4],
            due_year=2026,
            due_quarter=1 + n % 4,
        )
        for n in range(n_items)
    ]
    round_ = services.round_create(
        region=region,
        name="Najaar 2026",
        opens_on=dt.date(2026, 10, 1),
        deadline=dt.date(2026, 11, 15),
        actor=None,
    )
    tracks = bulk.tracks_for(items, [m.pk for m in municipalities])
    statuses = [Status.ACHIEVED, Status.IN_PROGRESS, Status.STARTED, Status.NOT_APPLICABLE]
    updates = [(t, statuses[n % 4], False) for n, t in enumerate(tracks.values()) if n % 5]
    bulk.bulk_record(
        region=region,
        updates=updates,
        measurement_round=round_,
        actor=None,
        at=timezone.now(),
        rng=random.Random(1),
    )
    Submission.objects.filter(round=round_, municipality=municipalities[0]).update(
        status=SubmissionStatus.ACCEPTED
    )
    Submission.objects.filter(round=round_, municipality=municipalities[1]).update(
        status=SubmissionStatus.RETURNED
    )
    late = MunicipalityFactory(region=region, code=f"GM{code[2:]}99", name=f"{code} laat")
    return round_, [*municipalities, late], items


def close_counting(round_):
    with CaptureQueriesContext(connection) as queries:
        services.round_close(measurement_round=round_, actor=None)
    return len(queries)


def test_round_close_runs_as_many_queries_for_a_large_region_as_for_a_small_one():
    small_round, _munis, _items = region_with(2, 4, "VR71")
    large_round, large_munis, large_items = region_with(12, 40, "VR72")

    small = close_counting(small_round)
    large = close_counting(large_round)

    assert small == large
    assert large <= 20
    # and it did the whole close: every track frozen, every municipality's result and event
    municipal_items = sum(i.owner_type != OwnerType.REGION for i in large_items)
    region_items = sum(i.owner_type != OwnerType.MUNICIPALITY for i in large_items)
    assert SnapshotEntry.objects.filter(round=large_round).count() == (
        len(large_munis) * municipal_items + region_items
    )
    assert RoundResult.objects.filter(round=large_round).count() == len(large_munis) + 1
    not_submitted = Submission.objects.filter(
        round=large_round, status=SubmissionStatus.NOT_SUBMITTED
    )
    assert not_submitted.count() == len(large_munis) - 1  # all but the accepted one
    assert (
        SubmissionEvent.objects.filter(
            submission__round=large_round, to_status=SubmissionStatus.NOT_SUBMITTED
        ).count()
        == len(large_munis) - 1
    )
    late = Submission.objects.get(round=large_round, municipality=large_munis[-1])
    assert late.status == SubmissionStatus.NOT_SUBMITTED and late.version == 1
