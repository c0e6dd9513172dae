"""The data version (issue 19): moved on by every write in its own transaction, by nothing that
only reads, and by the bulk paths that write without an audit row per change."""

import random

import pytest

from django.db import transaction
from django.utils import timezone

from paraat.audit.models import Action, Result
from paraat.audit.selectors import data_version, data_versions
from paraat.audit.services import audit_log, data_changed
from paraat.regions.models import Region

pytestmark = pytest.mark.django_db


def version_of(region) -> str:
    """As the pages read it: with the region, in the same query."""
    return Region.objects.with_data_version().get(pk=region.pk).data_version


def counters(region) -> tuple[int, int]:
    own, shared = version_of(region).split(".")
    return int(own), int(shared)


def test_a_write_moves_its_regions_version_on_and_no_other(world):
    (own, shared), other = counters(world.region), version_of(world.other_region)
    audit_log(actor=world.users["admin"], action=Action.UPDATE, obj=world.mun_a)
    audit_log(actor=world.users["admin"], action=Action.CREATE, obj=world.mun_a)
    assert counters(world.region) == (own + 2, shared)
    assert version_of(world.other_region) == other


@pytest.mark.parametrize(
    "action,result",
    [
        (Action.EXPORT, Result.OK),
        (Action.DOWNLOAD, Result.OK),
        (Action.LOGIN, Result.OK),
        (Action.ACCESS_DENIED, Result.DENIED),
        (Action.IMPORT, Result.FAILED),
    ],
)
def test_reading_signing_in_and_refusals_leave_the_version_alone(world, action, result):
    before = version_of(world.region)
    audit_log(actor=world.users["admin"], action=action, result=result, region=world.region)
    assert version_of(world.region) == before


def test_a_write_without_a_region_moves_every_regions_pages_on(world):
    (own, shared), (other_own, other_shared) = counters(world.region), counters(world.other_region)
    audit_log(actor=world.users["admin"], action=Action.UPDATE, obj=world.users["board"])
    assert counters(world.region) == (own, shared + 1)
    assert counters(world.other_region) == (other_own, other_shared + 1)


def test_a_rolled_back_write_leaves_the_version_as_it_was(world):
    before = version_of(world.region)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_log(actor=world.users["admin"], action=Action.UPDATE, obj=world.mun_a)
        raise RuntimeError
    assert version_of(world.region) == before


def test_the_selectors_read_the_same_version(world):
    (own, shared) = counters(world.region)
    data_changed(region=world.region)
    annotated = Region.objects.with_data_version().get(pk=world.region.pk)
    plain = Region.objects.get(pk=world.region.pk)
    assert data_version(region=annotated) == data_version(region=plain) == f"{own + 1}.{shared}"
    before = data_versions()
    mine = data_versions(region_ids=[world.region.pk])
    data_changed(region=world.other_region)
    assert data_versions() != before  # every region: moves with any
    assert data_versions(region_ids=[world.region.pk]) == mine  # only its own


def test_the_bulk_progress_path_moves_the_version_on(world):
    from paraat.agreements import bulk
    from paraat.dashboard.tests import data

    built = data.build(world)
    tracks = bulk.tracks_for([built["i12"]], [world.mun_b.pk])
    before = version_of(world.region)
    bulk.warm_up(
        region=world.region,
        tracks=tracks,
        diligence={world.mun_b.pk: 1.0},
        at=timezone.now(),
        rng=random.Random(1),
        actor=None,
    )
    assert version_of(world.region) != before
