"""Steering group meetings (issue 18): agenda, minutes under TLP, decisions, an action list that
carries over, comments; the progress report's requested decisions and programme results."""

import datetime

import pytest

from django.urls import reverse

from paraat.audit.models import AuditEvent
from paraat.programme.factories import ActivityFactory, RiskFactory
from paraat.programme.models import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingAction,
    MeetingComment,
    ProgrammeResult,
    StartDocument,
)

from .conftest import login

pytestmark = pytest.mark.django_db


def url(world, name, *args):
    return reverse(f"programme:{name}", args=[world.region.slug, *args])


def meeting(world, date=datetime.date(2026, 3, 10), **kw):
    return Meeting.objects.create(region=world.region, date=date, **kw)


def test_coordinator_plans_meeting_with_amber_minutes_by_default(client, world):
    login(client, world, "coordinator")
    form = client.get(url(world, "meeting_create")).content.decode()
    assert '<option value="AMBER" selected>' in form
    response = client.post(
        url(world, "meeting_create"),
        {"date": "2026-06-15", "location": "Apeldoorn", "tlp": "AMBER"},
    )
    assert response.status_code == 302
    m = Meeting.objects.get()
    assert m.tlp == "AMBER" and m.location == "Apeldoorn"
    assert m.created_by == world.users["coordinator"]
    assert AuditEvent.objects.filter(object_id=str(m.pk), action="create").exists()


def test_agenda_decision_and_action_are_recorded_and_shown(client, world, tables):
    own, _ = tables
    m = meeting(world)
    doc = StartDocument.objects.create(table=own)
    login(client, world, "coordinator")
    r = client.post(
        url(world, "agenda_item_add", m.pk),
        {"ag-title": "Startdocument vaststellen", "ag-kind": "decision", "ag-startdoc": doc.pk},
    )
    assert r.status_code == 302
    item = AgendaItem.objects.get()
    assert item.startdoc == doc and item.order == 1
    r = client.post(
        url(world, "decision_add", m.pk),
        {"d-agenda_item": item.pk, "d-text": "Startdocument vastgesteld"},
    )
    assert r.status_code == 302
    assert Decision.objects.get().agenda_item == item
    r = client.post(
        url(world, "meeting_action_add", m.pk),
        {"ac-text": "Budget uitzoeken", "ac-owner": "Secretaris", "ac-due": "2026-04-01"},
    )
    assert r.status_code == 302
    login(client, world, "board")
    html = client.get(url(world, "meeting_detail", m.pk)).content.decode()
    assert "Startdocument vastgesteld" in html and "Budget uitzoeken" in html
    assert "Startdocument Eigen tafel" in html
    assert AuditEvent.objects.filter(action="create").count() >= 3


def test_decision_about_another_meetings_item_is_refused(client, world):
    m1, m2 = meeting(world), meeting(world, date=datetime.date(2026, 4, 10))
    other_item = AgendaItem.objects.create(meeting=m2, title="Elders")
    login(client, world, "coordinator")
    r = client.post(
        url(world, "decision_add", m1.pk), {"d-agenda_item": other_item.pk, "d-text": "x"}
    )
    assert r.status_code == 200
    assert not Decision.objects.exists()


def test_open_action_carries_over_to_the_next_meeting_until_done(client, world):
    first = meeting(world, date=datetime.date(2026, 2, 1))
    second = meeting(world, date=datetime.date(2026, 3, 1))
    third = meeting(world, date=datetime.date(2026, 4, 1))
    action = MeetingAction.objects.create(
        region=world.region, meeting=first, text="Notitie schrijven", owner="Trekker"
    )
    login(client, world, "steering")
    assert (
        "Notitie schrijven" in client.get(url(world, "meeting_detail", second.pk)).content.decode()
    )
    login(client, world, "coordinator")
    r = client.post(
        url(world, "meeting_action_state", action.pk), {"state": "done", "meeting": second.pk}
    )
    assert r.status_code == 302 and r.url == url(world, "meeting_detail", second.pk)
    action.refresh_from_db()
    assert action.state == "done" and action.closed_on is not None
    action.closed_on = datetime.date(2026, 3, 5)
    action.save()
    html = client.get(url(world, "meeting_detail", third.pk)).content.decode()
    assert "Notitie schrijven" not in html
    assert AuditEvent.objects.filter(action="transition", object_id=str(action.pk)).exists()


def test_steering_member_comments_but_cannot_edit(client, world):
    m = meeting(world)
    login(client, world, "steering")
    r = client.post(url(world, "meeting_comment_add", m.pk), {"text": "Graag toelichting"})
    assert r.status_code == 302
    assert MeetingComment.objects.get().text == "Graag toelichting"
    assert client.post(url(world, "meeting_edit", m.pk), {"date": "2026-01-01"}).status_code == 403
    assert (
        client.post(url(world, "decision_add", m.pk), {"d-text": "Zelf besloten"}).status_code
        == 403
    )
    assert not Decision.objects.exists()


def test_board_member_reads_but_does_not_comment(client, world):
    m = meeting(world)
    login(client, world, "board")
    assert client.get(url(world, "meeting_detail", m.pk)).status_code == 200
    assert client.post(url(world, "meeting_comment_add", m.pk), {"text": "x"}).status_code == 403
    assert not MeetingComment.objects.exists()


def test_minutes_follow_the_one_tlp_rule(client, world):
    """AMBER: staff, steering group and board read them; RED: only the author, also not
    through the edit form."""
    author = world.users["coordinator"]
    m = meeting(world, minutes="Vertrouwelijk verslag", tlp="AMBER", created_by=author)
    for persona in ("steering", "board", "cfg", "coordinator"):
        login(client, world, persona)
        html = client.get(url(world, "meeting_detail", m.pk)).content.decode()
        assert "Vertrouwelijk verslag" in html, persona
    m.tlp = "RED"
    m.save()
    for persona in ("steering", "board", "cfg", "admin"):
        login(client, world, persona)
        html = client.get(url(world, "meeting_detail", m.pk)).content.decode()
        assert "Vertrouwelijk verslag" not in html and "TLP:RED" in html, persona
    login(client, world, "admin")
    assert client.get(url(world, "meeting_edit", m.pk)).status_code == 403
    login(client, world, "coordinator")
    html = client.get(url(world, "meeting_detail", m.pk)).content.decode()
    assert "Vertrouwelijk verslag" in html
    assert client.get(url(world, "meeting_edit", m.pk)).status_code == 200


def test_stale_minutes_edit_is_refused(client, world):
    m = meeting(world)
    login(client, world, "coordinator")
    data = {"date": "2026-03-10", "tlp": "AMBER", "minutes": "Eerste", "version": 1}
    assert client.post(url(world, "meeting_edit", m.pk), data).status_code == 302
    r = client.post(url(world, "meeting_edit", m.pk), {**data, "minutes": "Tweede"})
    assert r.status_code == 200
    m.refresh_from_db()
    assert m.minutes == "Eerste"


def test_progress_report_lists_decisions_requested_for_next_meeting(world, tables):
    from paraat.reports import sections

    own, _ = tables
    doc = StartDocument.objects.create(table=own)
    past = meeting(world, date=datetime.date(2026, 1, 10))
    AgendaItem.objects.create(meeting=past, title="Oud besluit", kind="decision")
    coming = meeting(world, date=datetime.date(2026, 6, 10))
    AgendaItem.objects.create(
        meeting=coming, title="Startdocument vaststellen", kind="decision", startdoc=doc
    )
    AgendaItem.objects.create(meeting=coming, title="Ter informatie", kind="information")
    ctx = sections.ReportContext(region=world.region, reference_date=datetime.date(2026, 5, 1))
    (section,) = sections.section_decisions(ctx)
    texts = [b.text if hasattr(b, "text") else " ".join(b.items) for b in section.blocks]
    joined = " ".join(texts)
    assert "10 juni 2026" in joined
    assert "Startdocument vaststellen (startdocument Eigen tafel)" in joined
    assert "Oud besluit" not in joined and "Ter informatie" not in joined


def test_progress_report_has_programme_results_in_docx(world, tables):
    from paraat.reports import builders, render, sections

    ProgrammeResult.objects.create(
        region=world.region, number=1, title="Regionaal dashboard", status="achieved"
    )
    ActivityFactory(
        table=tables[0],
        title="Te late klus",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 4, 1),
    )
    RiskFactory(region=world.region)
    ctx = sections.ReportContext(region=world.region, reference_date=datetime.date(2026, 5, 1))
    document = builders.build_progress(ctx)
    titles = [sec.title for sec in document.sections]
    assert "Programmaresultaten" in titles
    data = render.render_docx(document)
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "Regionaal dashboard" in xml and "Te late klus" in xml


def test_meeting_of_another_region_is_not_found(client, world):
    from paraat.regions.factories import RegionFactory

    elsewhere = Meeting.objects.create(region=RegionFactory(), date=datetime.date(2026, 1, 1))
    login(client, world, "coordinator")
    assert client.get(url(world, "meeting_detail", elsewhere.pk)).status_code == 404


def test_agenda_item_links_only_a_report_of_its_own_region(client, world):
    from paraat.reports.models import ReportRun

    own = ReportRun.objects.create(region=world.region, kind="progress", format="pdf")
    elsewhere = ReportRun.objects.create(region=world.other_region, kind="progress", format="pdf")
    m = meeting(world)
    login(client, world, "coordinator")
    data = {"ag-title": "Voortgangsrapportage", "ag-kind": "information"}
    r = client.post(url(world, "agenda_item_add", m.pk), {**data, "ag-report": elsewhere.pk})
    assert r.status_code == 200 and not AgendaItem.objects.exists()
    r = client.post(url(world, "agenda_item_add", m.pk), {**data, "ag-report": own.pk})
    assert r.status_code == 302
    assert AgendaItem.objects.get().report == own
