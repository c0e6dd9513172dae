"""Every programme page renders with the demo programme loaded, and the demo is idempotent."""

import pytest

from django.urls import reverse

from paraat.programme.demo import load_demo
from paraat.programme.models import (
    Activity,
    CoreAmbition,
    Goal,
    Risk,
    RiskKind,
    StartDocumentVersion,
    ThemeTable,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_region():
    from paraat.accounts.demo import load_users
    from paraat.regions.demo import load_region

    region = load_region()
    load_users(region)
    load_demo(region)
    return region


def test_demo_loads_the_plan_and_a_second_run_duplicates_nothing(demo_region):
    counts = (
        ThemeTable.objects.count(),
        CoreAmbition.objects.count(),
        Goal.objects.count(),
        Activity.objects.count(),
        Risk.objects.count(),
        StartDocumentVersion.objects.count(),
    )
    load_demo(demo_region)
    again = (
        ThemeTable.objects.count(),
        CoreAmbition.objects.count(),
        Goal.objects.count(),
        Activity.objects.count(),
        Risk.objects.count(),
        StartDocumentVersion.objects.count(),
    )
    assert counts == again
    assert counts[0] == 9 and counts[1] == 4 and counts[2] == 20
    assert Risk.objects.filter(kind=RiskKind.THREAT).count() == 7
    assert Risk.objects.filter(kind=RiskKind.OPPORTUNITY).count() == 3
    names = set(ThemeTable.objects.values_list("name", flat=True))
    assert "Continuïteit 'koude' VNOG-organisatie" in names
    assert "Vakbekwaamheid" in names


def test_every_page_renders_for_the_coordinator(client, demo_region):
    from paraat.accounts.models import User

    client.force_login(User.objects.get(email="programma@demo.paraat.nl"))
    slug = demo_region.slug
    table = ThemeTable.objects.get(name="Informatievoorziening")
    activity = table.activities.first()
    risk = Risk.objects.first()
    urls = [
        reverse("programme:overview", args=[slug]),
        reverse("programme:programme_edit", args=[slug]),
        reverse("programme:phase", args=[slug]),
        reverse("programme:table_create", args=[slug]),
        reverse("programme:table_detail", args=[slug, table.pk]),
        reverse("programme:table_edit", args=[slug, table.pk]),
        reverse("programme:table_members", args=[slug, table.pk]),
        reverse("programme:startdoc", args=[slug, table.pk]),
        reverse("programme:startdoc_edit", args=[slug, table.pk]),
        reverse("programme:startdoc_compare", args=[slug, table.pk]),
        reverse("programme:activity_list", args=[slug]),
        reverse("programme:activity_create", args=[slug]),
        reverse("programme:table_activity_create", args=[slug, table.pk]),
        reverse("programme:activity_detail", args=[slug, activity.pk]),
        reverse("programme:activity_edit", args=[slug, activity.pk]),
        reverse("programme:timeline", args=[slug]),
        reverse("programme:deferred_list", args=[slug]),
        reverse("programme:deferred_create", args=[slug]),
        reverse("programme:risk_list", args=[slug]),
        reverse("programme:risk_create", args=[slug]),
        reverse("programme:risk_edit", args=[slug, risk.pk]),
        reverse("programme:risk_changes", args=[slug]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
