"""Sub-regions (issue 18): the administrator groups municipalities; the progress report totals
the municipalities' figures per sub-region through agreements.figures."""

import datetime

import pytest

from django.urls import reverse

from paraat.audit.models import AuditEvent
from paraat.regions.models import Municipality, SubRegion

pytestmark = pytest.mark.django_db


def test_administrator_groups_municipalities_into_sub_regions(client, world):
    client.force_login(world.users["admin"])
    url = reverse("regions:sub_regions", args=[world.region.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "names": "Noord\nZuid",
            f"m{world.mun_a.pk}": "Noord",
            f"m{world.mun_b.pk}": "Zuid",
        },
    )
    assert response.status_code == 302
    assert [s.name for s in SubRegion.objects.filter(region=world.region)] == ["Noord", "Zuid"]
    assert Municipality.objects.get(pk=world.mun_a.pk).sub_region.name == "Noord"
    assert AuditEvent.objects.latest("id").detail["sub_regions"] == ["Noord", "Zuid"]
    # removing a name ungroups its municipalities
    client.post(url, {"names": "Noord", f"m{world.mun_a.pk}": "Noord"})
    assert Municipality.objects.get(pk=world.mun_b.pk).sub_region is None
    assert SubRegion.objects.filter(region=world.region).count() == 1


def test_duplicate_sub_region_names_are_refused(client, world):
    client.force_login(world.users["admin"])
    url = reverse("regions:sub_regions", args=[world.region.slug])
    response = client.post(url, {"names": "Noord\nnoord"})
    assert response.status_code == 200
    assert not SubRegion.objects.exists()


def test_coordinator_may_not_group(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("regions:sub_regions", args=[world.region.slug])
    assert client.post(url, {"names": "Noord"}).status_code == 403
    assert not SubRegion.objects.exists()


def test_progress_report_totals_per_sub_region(world):
    from paraat.agreements import figures
    from paraat.agreements.factories import ActionItemFactory, AgreementSetFactory
    from paraat.reports import sections

    agreement_set = AgreementSetFactory(region=world.region)
    ActionItemFactory(category__agreement_set=agreement_set)
    north = SubRegion.objects.create(region=world.region, name="Noord")
    Municipality.objects.filter(pk=world.mun_a.pk).update(sub_region=north)
    on = datetime.date(2027, 12, 31)
    ctx = sections.ReportContext(region=world.region, reference_date=on)
    (section,) = sections.section_sub_regions(ctx)
    table = section.blocks[0]
    tally = figures.live_tallies(region=world.region, on=on)[world.mun_a.pk]
    assert table.rows[0][:2] == ["Noord (1)", 1]  # one applicable item, one municipality
    assert table.rows == [["Noord (1)", *sections._figure_row("", tally)[1:]]]
