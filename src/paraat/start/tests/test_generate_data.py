"""`paraat generate_data` on a small scale (the national set is timed by `make bench`)."""

import re
from io import StringIO

import pytest

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from paraat.accounts.factories import MembershipFactory, UserFactory
from paraat.accounts.roles import Role
from paraat.agreements.models import MeasurementRound, RoundResult, SnapshotEntry
from paraat.regions.models import Municipality, Region
from paraat.start.management.commands.generate_data import SIZES, spread


def test_the_national_set_has_a_region_as_large_as_vnog_and_all_342_municipalities():
    counts = spread(342, SIZES)
    assert len(counts) == 25 and sum(counts) == 342
    assert max(counts) >= 22  # VNOG has 22: the bench measures a region of real size
    assert min(counts) >= 1


@pytest.mark.django_db
def test_a_generated_region_has_closed_rounds_whose_figures_its_dashboard_shows():
    out = StringIO()
    call_command("generate_data", "--regions", "2", "--municipalities", "16", stdout=out)
    assert "2 regions, 16 municipalities" in out.getvalue()
    assert list(Region.objects.order_by("code").values_list("code", flat=True)) == ["VR01", "VR02"]
    fryslan = Region.objects.get(code="VR02")
    assert fryslan.municipalities.count() == 10 and Municipality.objects.count() == 16

    rounds = list(MeasurementRound.objects.filter(region=fryslan).order_by("deadline"))
    assert [r.state for r in rounds] == ["closed"] * 5 + ["open"]
    for closed in rounds[:5]:
        # One frozen result per municipality and one for the region itself.
        assert RoundResult.objects.filter(round=closed).count() == 11
        assert SnapshotEntry.objects.filter(round=closed).count() > 10 * 40

    board = UserFactory(email="bestuur@generated.paraat.invalid")
    MembershipFactory(user=board, role=Role.BOARD, region=fryslan)
    client = Client()
    client.force_login(board)

    overview = client.get(reverse("dashboard:overview", args=[fryslan.slug]))
    assert overview.status_code == 200
    html = overview.content.decode()
    for name in fryslan.municipalities.values_list("name", flat=True):
        assert name in html

    # A municipality's page shows, per closed round, the share of its applicable items that
    # was achieved, worked out here from the round's frozen snapshot.
    municipality = fryslan.municipalities.order_by("code").first()
    page = client.get(reverse("dashboard:municipality", args=[fryslan.slug, municipality.code]))
    assert page.status_code == 200
    html = page.content.decode()
    shown = 0
    for closed in rounds[:5]:
        statuses = list(
            SnapshotEntry.objects.filter(round=closed, municipality=municipality).values_list(
                "status", flat=True
            )
        )
        applicable = [s for s in statuses if s != "not_applicable"]
        assert applicable, "every municipality has applicable items in every round"
        expected = round(100 * statuses.count("achieved") / len(applicable))
        row = re.search(
            rf'<th scope="row">{re.escape(closed.name)}</th><td class="num">(\d+)</td>', html
        )
        assert row, f"no row for {closed.name} on the municipality page"
        assert int(row.group(1)) == expected
        shown += 1
    assert shown == 5
    achieved = [
        SnapshotEntry.objects.filter(round=r, status="achieved").count() for r in rounds[:5]
    ]
    assert achieved[-1] > achieved[0]  # municipalities make progress round after round
