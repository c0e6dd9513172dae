"""Overdue and behind activities (issue 18): one rule, said in words on the theme table's page,
the lead's start page and the programme dashboard; progress updates with a bottleneck and files.
"""

import datetime

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from paraat.audit.models import Action, AuditEvent
from paraat.programme import selectors
from paraat.programme.factories import ActivityFactory, DeferredWorkFactory
from paraat.programme.models import (
    Activity,
    ActivityAttachment,
    ActivityUpdate,
    Milestone,
    ProgrammeResult,
)

from .conftest import login

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(world, name, *args):
    return reverse(f"programme:{name}", args=[world.region.slug, *args])


def state(activity, today=TODAY):
    activity = Activity.objects.prefetch_related("milestones").get(pk=activity.pk)
    return selectors.activity_schedule(activity, today=today).state


# --- the rule, stated literally -------------------------------------------------------------


def test_ended_and_not_done_is_overdue(tables):
    a = ActivityFactory(
        table=tables[0], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 4, 1)
    )
    assert state(a) == "overdue"
    a.status = "in_progress"
    a.save()
    assert state(a) == "overdue"


def test_ends_today_is_not_yet_overdue(tables):
    a = ActivityFactory(table=tables[0], status="in_progress", end=TODAY)
    assert state(a) == "on_schedule"


def test_achieved_or_not_applicable_is_done_even_after_its_end(tables):
    a = ActivityFactory(table=tables[0], status="achieved", end=datetime.date(2026, 4, 1))
    b = ActivityFactory(table=tables[0], status="not_applicable", end=datetime.date(2026, 4, 1))
    assert state(a) == "done" and state(b) == "done"


def test_not_started_after_its_start_date_is_behind(tables):
    a = ActivityFactory(
        table=tables[0], start=datetime.date(2026, 4, 1), end=datetime.date(2026, 12, 1)
    )
    assert state(a) == "behind"
    assert state(a, today=datetime.date(2026, 4, 1)) == "on_schedule"
    a.status = "started"
    a.save()
    assert state(a) == "on_schedule"


def test_passed_milestone_not_reached_is_behind_and_reached_is_not(tables):
    a = ActivityFactory(
        table=tables[0],
        status="in_progress",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 1),
    )
    ms = Milestone.objects.create(activity=a, title="Concept", due=datetime.date(2026, 4, 15))
    assert state(a) == "behind"
    ms.reached = True
    ms.save()
    assert state(a) == "on_schedule"


def test_reasons_are_words_with_dates(tables):
    a = ActivityFactory(
        table=tables[0], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 4, 1)
    )
    a = Activity.objects.prefetch_related("milestones").get(pk=a.pk)
    s = selectors.activity_schedule(a, today=TODAY)
    assert s.label == "over tijd"
    assert "1 april 2026" in " ".join(s.reasons)


# --- where it shows -------------------------------------------------------------------------


def overdue_activity(table):
    """The issue's example: ended on 1 April 2026, still not started."""
    return ActivityFactory(
        table=table,
        title="Scenario stroomuitval",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 4, 1),
    )


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY


def test_table_page_says_overdue_in_words(client, world, tables, frozen_today):
    overdue_activity(tables[0])
    login(client, world, "steering")
    response = client.get(url(world, "table_detail", tables[0].pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 activiteit is over tijd of loopt achter" in html
    assert "Over tijd" in html and "1 april 2026" in html


def test_lead_start_page_lists_own_late_activity_not_other_tables(
    client, world, tables, frozen_today
):
    own, other = tables
    overdue_activity(own)
    ActivityFactory(table=other, title="Andermans klus", start=datetime.date(2026, 1, 1), end=TODAY)
    login(client, world, "theme_lead")
    response = client.get(reverse("start:region_home", args=[world.region.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Over tijd: Scenario stroomuitval" in html
    assert "Andermans klus" not in html


def test_coordinator_start_page_counts_late_activities_and_links_dashboard(
    client, world, tables, frozen_today
):
    overdue_activity(tables[0])
    login(client, world, "coordinator")
    html = client.get(reverse("start:region_home", args=[world.region.slug])).content.decode()
    assert "1 activiteit is over tijd" in html
    assert url(world, "dashboard") in html


def test_dashboard_counts_per_table_and_programme_team(client, world, tables, frozen_today):
    own, other = tables
    overdue_activity(own)
    ActivityFactory(table=own, status="achieved")
    ActivityFactory(table=other, status="in_progress", start=datetime.date(2026, 1, 1), end=TODAY)
    Activity.objects.create(
        region=world.region, title="Team: evaluatie", start=datetime.date(2026, 3, 1)
    )
    DeferredWorkFactory(table=own)
    ProgrammeResult.objects.create(region=world.region, number=1, title="Regionaal dashboard")
    login(client, world, "board")
    response = client.get(url(world, "dashboard"))
    assert response.status_code == 200
    rows = {r.table.name if r.table else "team": r for r in response.context["rows"]}
    assert rows["Eigen tafel"].counts == {"overdue": 1, "done": 1}
    assert rows["Andere tafel"].counts == {"on_schedule": 1}
    assert rows["team"].counts == {"behind": 1}
    assert rows["Eigen tafel"].n_deferred == 1
    html = response.content.decode()
    assert "Scenario stroomuitval" in html and "Team: evaluatie" in html
    assert "Regionaal dashboard" in html


def test_dashboard_trend_reads_status_from_progress_history(client, world, tables, frozen_today):
    a = ActivityFactory(
        table=tables[0],
        status="achieved",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    ActivityUpdate.objects.create(
        activity=a, date=datetime.date(2026, 3, 10), status="achieved", text="Klaar"
    )
    login(client, world, "coordinator")
    trend = client.get(url(world, "dashboard")).context["trend"]
    by_date = {p["date"]: p["counts"] for p in trend}
    assert by_date[datetime.date(2026, 1, 31)]["behind"] == 1  # not started after 1 January
    assert by_date[datetime.date(2026, 3, 31)]["done"] == 1
    assert by_date[TODAY]["done"] == 1


def test_dashboard_queries_do_not_grow_with_activities(
    client, world, tables, django_assert_max_num_queries
):
    for _i in range(15):
        a = ActivityFactory(table=tables[0])
        Milestone.objects.create(activity=a, title="M", due=datetime.date(2026, 2, 1))
        ActivityUpdate.objects.create(
            activity=a, date=datetime.date(2026, 2, 1), status="started", text="x"
        )
    login(client, world, "coordinator")
    with django_assert_max_num_queries(20):
        assert client.get(url(world, "dashboard")).status_code == 200


# --- bottleneck and attachments --------------------------------------------------------------


def test_progress_update_with_bottleneck_and_file_shows_and_is_downloadable(
    client, world, tables, frozen_today
):
    own, _ = tables
    a = ActivityFactory(table=own, status="started", end=datetime.date(2026, 12, 1))
    login(client, world, "theme_lead")
    response = client.post(
        url(world, "activity_update", a.pk),
        {
            "date": "2026-04-20",
            "status": "in_progress",
            "text": "Interviews gedaan",
            "bottleneck": "Geen budget voor de oefening",
            "bottleneck_owner": "Stuurgroep",
            "files": [SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    update = ActivityUpdate.objects.get(activity=a)
    assert update.bottleneck == "Geen budget voor de oefening"
    attachment = ActivityAttachment.objects.get(update=update)
    assert attachment.original_name == "verslag.pdf"
    assert attachment.content_type == "application/pdf"
    event = AuditEvent.objects.filter(action=Action.UPDATE).latest("id")
    assert event.detail["bottleneck"]["who"] == "Stuurgroep"
    assert event.detail["files"] == ["verslag.pdf"]
    html = client.get(url(world, "activity_detail", a.pk)).content.decode()
    assert "Geen budget voor de oefening" in html and "Stuurgroep" in html
    download_url = url(world, "attachment_download", attachment.pk)
    assert download_url in html
    login(client, world, "board")
    response = client.get(download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(action=Action.DOWNLOAD).count() == 1
    dash = client.get(url(world, "dashboard"))
    assert [u.bottleneck for _r, _a, u in dash.context["bottlenecks"]] == [
        "Geen budget voor de oefening"
    ]


def test_later_update_without_bottleneck_closes_it(client, world, tables, frozen_today):
    own, _ = tables
    a = ActivityFactory(table=own, status="started", end=datetime.date(2026, 12, 1))
    ActivityUpdate.objects.create(
        activity=a,
        date=datetime.date(2026, 3, 1),
        status="started",
        text="x",
        bottleneck="Wacht op provincie",
        bottleneck_owner="Provincie",
    )
    login(client, world, "coordinator")
    assert len(client.get(url(world, "dashboard")).context["bottlenecks"]) == 1
    ActivityUpdate.objects.create(
        activity=a, date=datetime.date(2026, 4, 1), status="in_progress", text="Opgelost"
    )
    assert client.get(url(world, "dashboard")).context["bottlenecks"] == []


def test_file_whose_content_does_not_match_is_refused_and_nothing_saved(client, world, tables):
    own, _ = tables
    a = ActivityFactory(table=own)
    login(client, world, "theme_lead")
    response = client.post(
        url(world, "activity_update", a.pk),
        {
            "date": "2026-04-20",
            "status": "started",
            "text": "Met bijlage",
            "files": [SimpleUploadedFile("nep.pdf", b"MZ\x90\x00", content_type="application/pdf")],
        },
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not ActivityUpdate.objects.exists() and not ActivityAttachment.objects.exists()


def test_bottleneck_without_who_must_act_is_refused(client, world, tables):
    own, _ = tables
    a = ActivityFactory(table=own)
    login(client, world, "theme_lead")
    response = client.post(
        url(world, "activity_update", a.pk),
        {"date": "2026-04-20", "status": "started", "text": "x", "bottleneck": "Geld"},
    )
    assert response.status_code == 200
    assert not ActivityUpdate.objects.exists()


def test_attachment_of_another_region_is_not_found(client, world, tables):
    from paraat.programme.factories import ThemeTableFactory

    elsewhere = ActivityFactory(table=ThemeTableFactory())
    update = ActivityUpdate.objects.create(
        activity=elsewhere, date=TODAY, status="started", text="x"
    )
    attachment = ActivityAttachment.objects.create(
        update=update,
        region=elsewhere.region,
        file=SimpleUploadedFile("a.pdf", PDF),
        original_name="a.pdf",
        content_type="application/pdf",
    )
    login(client, world, "coordinator")
    assert client.get(url(world, "attachment_download", attachment.pk)).status_code == 404
