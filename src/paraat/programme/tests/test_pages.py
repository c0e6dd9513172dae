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
    # numbers in the SVG are never localised (a Dutch "2.436" would flatten the chart)
    html = client.get(reverse("programme:timeline", args=[slug])).content.decode()
    import re

    assert re.search(r'viewBox="0 0 960 \d{4}"', html)


def test_generate_region_builds_a_programme_quickly_and_only_once(world):
    import random

    from paraat.programme.generate import generate_region

    generate_region(world.region, rng=random.Random(1), options={})
    generate_region(world.region, rng=random.Random(1), options={})
    assert ThemeTable.objects.filter(region=world.region).count() == 9
    assert Risk.objects.filter(region=world.region).count() == 10
    assert Activity.objects.filter(region=world.region).count() >= 27


def _ambition_post(goals):
    return {
        "a-TOTAL_FORMS": "1",
        "a-INITIAL_FORMS": "0",
        "a-0-number": "1",
        "a-0-title": "Continuïteit",
        "a-0-description": "",
        "a-0-goals": goals,
    }


def test_coordinator_edits_ambitions_and_goals_keep_their_table_links(client, world):
    from paraat.programme.factories import ThemeTableFactory

    client.force_login(world.users["coordinator"])
    url = reverse("programme:ambitions_edit", args=[world.region.slug])
    assert client.post(url, _ambition_post("a) Plan\nb) Oefenen")).status_code == 302
    goal_a = Goal.objects.get(letter="a")
    table = ThemeTableFactory(region=world.region)
    table.goals.add(goal_a)
    client.post(url, {**_ambition_post("a) Plan herzien\nc) Nieuw"), "a-INITIAL_FORMS": "1"})
    assert sorted(Goal.objects.values_list("letter", flat=True)) == ["a", "c"]
    assert list(table.goals.values_list("title", flat=True)) == ["Plan herzien"]


def test_goal_line_without_letter_is_refused_with_line_number(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("programme:ambitions_edit", args=[world.region.slug])
    response = client.post(url, _ambition_post("a) Plan\nZonder letter"))
    assert response.status_code == 200
    assert "Regel 2" in response.content.decode()
    assert not CoreAmbition.objects.exists()


def test_coordinator_records_steering_group_seats_by_role(client, world):
    from paraat.programme.models import BodyMember

    client.force_login(world.users["coordinator"])
    url = reverse("programme:bodies_edit", args=[world.region.slug])
    data = {
        "b-TOTAL_FORMS": "2",
        "b-INITIAL_FORMS": "0",
        "b-0-body": "steering_group",
        "b-0-role": "Voorzitter",
        "b-0-organisation": "Bestuur",
        "b-1-body": "programme_team",
        "b-1-role": "Secretaris",
        "b-1-organisation": "VR",
    }
    assert client.post(url, data).status_code == 302
    assert BodyMember.objects.count() == 2
    html = client.get(reverse("programme:overview", args=[world.region.slug])).content.decode()
    assert "Voorzitter" in html and "Secretaris" in html
    twice = {**data, "b-1-body": "steering_group", "b-1-role": "Voorzitter"}
    response = client.post(url, twice)
    assert response.status_code == 200
    assert "Een rol kan maar één keer per gremium voorkomen." in response.content.decode()
    assert BodyMember.objects.filter(role="Secretaris").exists()  # nothing was replaced


def test_coordinator_sets_result_status_and_adds_a_result(client, world):
    from paraat.programme.models import ProgrammeResult

    result = ProgrammeResult.objects.create(region=world.region, number=1, title="Structuur")
    client.force_login(world.users["coordinator"])
    url = reverse("programme:programme_edit", args=[world.region.slug])
    data = {
        "vision": "Samen paraat",
        "version": "1",
        f"status_{result.pk}": "achieved",
        f"note_{result.pk}": "Vastgesteld in het AB",
        "new_result": "Noodsteunpunten",
    }
    assert client.post(url, data).status_code == 302
    result.refresh_from_db()
    assert result.status == "achieved"
    assert ProgrammeResult.objects.get(number=2).title == "Noodsteunpunten"
    second = ProgrammeResult.objects.get(number=2)
    # A complete form, but still based on version 1: someone saved since.
    stale = client.post(
        url,
        {**data, "new_result": "", "vision": "Anders", f"status_{second.pk}": "achieved"},
    )
    assert stale.status_code == 200
    assert "Iemand anders heeft dit intussen opgeslagen" in stale.content.decode()
    assert "Anders" in stale.content.decode()  # their input is still in the form
    second.refresh_from_db()
    assert second.status != "achieved"


def test_demo_is_a_living_programme(client, demo_region):
    """Issue 18: past meetings with decisions, a coming one asking for decisions, overdue and
    on-schedule activities, an open bottleneck, VNOG's sub-regions; a second run adds nothing."""
    from paraat.accounts.models import User
    from paraat.programme.models import Decision, Meeting, MeetingAction
    from paraat.regions.models import SubRegion

    load_demo(demo_region)
    assert Meeting.objects.filter(region=demo_region).count() == 3
    assert Decision.objects.filter(meeting__region=demo_region).count() == 2
    assert MeetingAction.objects.filter(region=demo_region).count() == 2
    subs = {s.name: s.municipalities.count() for s in SubRegion.objects.filter(region=demo_region)}
    assert subs == {"Noord-Veluwe": 6, "Midden-IJssel/Oost-Veluwe": 8, "Achterhoek": 8}
    client.force_login(User.objects.get(email="programma@demo.paraat.nl"))
    response = client.get(reverse("programme:dashboard", args=[demo_region.slug]))
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["overdue"] >= 1 and totals["on_schedule"] >= 1
    assert response.context["bottlenecks"]
    meeting = Meeting.objects.filter(region=demo_region).first()
    for url in (
        reverse("programme:meeting_list", args=[demo_region.slug]),
        reverse("programme:meeting_detail", args=[demo_region.slug, meeting.pk]),
        reverse("programme:meeting_edit", args=[demo_region.slug, meeting.pk]),
        reverse("programme:meeting_create", args=[demo_region.slug]),
    ):
        assert client.get(url).status_code == 200, url
