"""Activities with milestones and progress, the timeline, deferred work, the risk register with
its heat map and changes, and the phase switch — as the people who use them see them."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from paraat.audit.models import AuditEvent
from paraat.programme import selectors, services
from paraat.programme.factories import (
    ActivityFactory,
    DeferredWorkFactory,
    RiskFactory,
    ThemeTableFactory,
)
from paraat.programme.models import Activity, DeferredWork, Risk, RiskRevision
from paraat.regions.models import PhaseChange

from .conftest import login

pytestmark = pytest.mark.django_db


def url(world, name, *args):
    return reverse(f"programme:{name}", args=[world.region.slug, *args])


ACTIVITY = {
    "title": "Scenario stroomuitval",
    "description": "72 uur",
    "owner": "Adviseur planvorming",
    "start": "2026-01-01",
    "end": "2026-06-30",
    "status": "started",
    "ms-TOTAL_FORMS": "2",
    "ms-INITIAL_FORMS": "0",
    "ms-0-title": "Concept in stuurgroep",
    "ms-0-due": "2026-03-01",
    "ms-1-title": "",
    "ms-1-due": "",
}


def test_lead_adds_activity_with_milestones_to_own_table(client, world, tables):
    own, _ = tables
    login(client, world, "theme_lead")
    response = client.post(url(world, "table_activity_create", own.pk), ACTIVITY)
    assert response.status_code == 302
    activity = Activity.objects.get(title="Scenario stroomuitval")
    assert activity.table == own and activity.region == world.region
    assert [m.title for m in activity.milestones.all()] == ["Concept in stuurgroep"]
    assert AuditEvent.objects.filter(object_type="programme.activity", action="create").exists()


def test_end_before_start_is_refused_in_words_and_nothing_saved(client, world, tables):
    own, _ = tables
    login(client, world, "theme_lead")
    data = {**ACTIVITY, "end": "2025-12-01"}
    response = client.post(url(world, "table_activity_create", own.pk), data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Activity.objects.exists()


def test_progress_update_is_dated_appended_and_sets_the_status(client, world, tables):
    own, _ = tables
    activity = ActivityFactory(table=own)
    login(client, world, "theme_lead")
    for text, status in (("Gestart met interviews", "started"), ("Halverwege", "in_progress")):
        client.post(
            url(world, "activity_update", activity.pk),
            {"date": "2026-02-01", "status": status, "text": text},
        )
    activity.refresh_from_db()
    assert activity.status == "in_progress"
    assert activity.updates.count() == 2
    html = client.get(url(world, "activity_detail", activity.pk)).content.decode()
    assert "Gestart met interviews" in html and "Halverwege" in html


def test_stale_activity_edit_is_refused_and_keeps_the_input(client, world, tables):
    own, _ = tables
    activity = ActivityFactory(table=own)
    login(client, world, "coordinator")
    data = {**ACTIVITY, "version": activity.version}
    assert client.post(url(world, "activity_edit", activity.pk), data).status_code == 302
    late = {**ACTIVITY, "title": "Late titel", "version": activity.version}
    response = client.post(url(world, "activity_edit", activity.pk), late)
    assert response.status_code == 200
    assert "Late titel" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Scenario stroomuitval"


def test_timeline_draws_every_dated_activity_and_has_a_table(client, world, tables):
    own, other = tables
    ActivityFactory(table=own, title="Eerste klus")
    ActivityFactory(
        table=other,
        title="Tweede klus",
        start=datetime.date(2026, 5, 1),
        end=datetime.date(2027, 2, 1),
    )
    login(client, world, "board")
    html = client.get(url(world, "timeline")).content.decode()
    assert html.count('class="tl-bar') == 2
    assert "<svg" in html and "<table" in html
    assert "Eerste klus" in html and "Tweede klus" in html
    assert 'x="' in html and "," not in html.split('class="tl-bar')[1].split("width=")[1][:8]


def test_deferred_work_shows_per_table_and_in_total(client, world, tables):
    own, other = tables
    DeferredWorkFactory(table=own, task="Oefenverslag")
    DeferredWorkFactory(table=other, task="Archief opschonen")
    login(client, world, "steering")
    html = client.get(url(world, "deferred_list")).content.decode()
    assert "Oefenverslag" in html and "Archief opschonen" in html
    assert "In totaal zijn 2 onderdelen vastgelegd" in html
    table_page = client.get(url(world, "table_detail", own.pk)).content.decode()
    assert "Oefenverslag" in table_page and "Archief opschonen" not in table_page


def test_lead_records_deferred_work_for_own_table(client, world, tables):
    own, _ = tables
    login(client, world, "theme_lead")
    data = {"task": "Jaarplan", "team": "Team X", "impact": "Later", "accepted_by": "MT"}
    assert client.post(url(world, "table_deferred_create", own.pk), data).status_code == 302
    assert DeferredWork.objects.get().table == own


def test_heat_map_puts_each_open_threat_in_its_cell(client, world):
    RiskFactory(region=world.region, number=1, title="Geld", likelihood=4, impact=5)
    RiskFactory(
        region=world.region, number=2, title="Dicht", likelihood=4, impact=5, state="closed"
    )
    login(client, world, "board")
    response = client.get(url(world, "risk_list"))
    heat = response.context["heat"]
    cell = heat[5 - 4]["cells"][5 - 1]
    assert [r.title for r in cell["risks"]] == ["Geld"]
    assert cell["score"] == 20 and cell["band"] == "high"
    html = response.content.decode()
    assert "B1" in html and "<caption>" in html


def test_risk_save_keeps_revisions_and_changes_since_report_show_score_change(client, world):
    coordinator = world.users["coordinator"]
    risk = Risk(region=world.region, kind="threat", title="Capaciteit", likelihood=3, impact=3)
    services.risk_save(risk=risk, measures=[], expected_version=None, actor=coordinator)
    RiskRevision.objects.update(at=timezone.now() - datetime.timedelta(days=60))
    risk.likelihood = 5
    services.risk_save(
        risk=risk,
        measures=[{"text": "Extra inhuur", "status": "started"}],
        expected_version=risk.version,
        actor=coordinator,
    )
    assert risk.revisions.count() == 2
    since = timezone.localdate() - datetime.timedelta(days=30)
    changes = selectors.risk_changes_since(region=world.region, since=since)
    kinds = {n["kind"] for n in changes[0]["notes"]}
    assert kinds == {"score", "measures"}
    login(client, world, "steering")
    html = client.get(url(world, "risk_changes"), {"since": since.isoformat()}).content.decode()
    assert "3 × 3 = 9" in html and "5 × 3 = 15" in html


def test_risk_form_refuses_likelihood_outside_1_to_5(client, world):
    login(client, world, "coordinator")
    data = {
        "kind": "threat",
        "title": "X",
        "likelihood": "7",
        "impact": "2",
        "state": "open",
        "mx-TOTAL_FORMS": "0",
        "mx-INITIAL_FORMS": "0",
    }
    response = client.post(url(world, "risk_create"), data)
    assert response.status_code == 200
    assert not Risk.objects.exists()


def test_coordinator_switches_phase_with_reason_and_binder_link_shows_everywhere(client, world):
    login(client, world, "coordinator")
    response = client.post(url(world, "phase"), {"phase": "warm", "reason": "Langdurige uitval"})
    assert response.status_code == 302
    change = PhaseChange.objects.get()
    assert (change.from_phase, change.to_phase, change.changed_by) == (
        "cold",
        "warm",
        world.users["coordinator"],
    )
    other_page = client.get(reverse("regions:municipality_list", args=[world.region.slug]))
    html = other_page.content.decode()
    assert 'class="phase-notice"' in html
    assert url(world, "phase") in html  # binder / what changes, one click away
    phase_page = client.get(url(world, "phase")).content.decode()
    assert "Langdurige uitval" in phase_page
    assert "RBT" in phase_page


def test_phase_switch_without_reason_changes_nothing(client, world):
    login(client, world, "coordinator")
    response = client.post(url(world, "phase"), {"phase": "lukewarm", "reason": ""})
    assert response.status_code == 200
    world.region.refresh_from_db()
    assert world.region.phase == "cold" and not PhaseChange.objects.exists()


def test_board_member_reads_but_cannot_switch_phase(client, world):
    login(client, world, "board")
    assert client.get(url(world, "phase")).status_code == 200
    assert client.post(url(world, "phase"), {"phase": "warm", "reason": "x"}).status_code == 403


@pytest.mark.parametrize("size", [1, 6])
def test_main_pages_have_bounded_query_counts(client, world, django_assert_max_num_queries, size):
    for n in range(size):
        table = ThemeTableFactory(region=world.region, name=f"Tafel {n}")
        table.members.create(name="Lid", organisation="VNOG")
        for _ in range(3):
            activity = ActivityFactory(table=table)
            activity.milestones.create(title="M", due=datetime.date(2026, 3, 1))
        DeferredWorkFactory(table=table)
        RiskFactory(region=world.region, table=table)
    login(client, world, "coordinator")
    first = table.pk
    for name, args in [
        ("overview", []),
        ("table_detail", [first]),
        ("activity_list", []),
        ("timeline", []),
        ("deferred_list", []),
        ("risk_list", []),
        ("startdoc", [first]),
    ]:
        with django_assert_max_num_queries(25):
            assert client.get(url(world, name, *args)).status_code == 200
