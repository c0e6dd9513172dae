"""Scale-up (issue 18): switching the phase e-mails staff, steering group, board and municipal
contacts — not partners, theme leads or other regions."""

import pytest

from django.core import mail
from django.urls import reverse

from .conftest import login

pytestmark = pytest.mark.django_db


def test_phase_switch_mails_staff_steering_board_and_contacts(
    client, world, django_capture_on_commit_callbacks
):
    login(client, world, "coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programme:phase", args=[world.region.slug]),
            {"phase": "lukewarm", "reason": "Dreiging neemt toe"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    expected = {
        world.users[p].email
        for p in ("admin", "coordinator", "cfg", "steering", "board", "contact", "other_contact")
    }
    assert set(message.to) == expected
    for p in ("partner", "theme_lead", "outsider", "national"):
        assert world.users[p].email not in message.to
    assert "lauw" in message.subject
    assert "Dreiging neemt toe" in message.body


def test_refused_phase_switch_sends_nothing(client, world, django_capture_on_commit_callbacks):
    login(client, world, "coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programme:phase", args=[world.region.slug]), {"phase": "lukewarm"})
    assert mail.outbox == []


def test_lukewarm_pauses_submit_tasks_and_reminders_unless_the_region_chose_otherwise(
    client, world
):
    from paraat.agreements.services import reminders_send
    from paraat.programme import services

    region = world.region
    services.phase_switch(region=region, phase="lukewarm", reason="Oefening", actor=None)
    region.refresh_from_db()
    assert region.regular_cycle_paused
    login(client, world, "contact")
    html = client.get(reverse("start:region_home", args=[region.slug])).content.decode()
    assert "Fase lauw: wat nu te doen" in html
    assert reminders_send().sent == []
    services.region_set_cycle_pause(region=region, pause=False, actor=world.users["coordinator"])
    region.refresh_from_db()
    assert not region.regular_cycle_paused


def test_coordinator_sets_the_pause_setting_and_it_is_audited(client, world):
    from paraat.audit.models import AuditEvent

    login(client, world, "coordinator")
    response = client.post(reverse("programme:cycle_pause", args=[world.region.slug]), {})
    assert response.status_code == 302
    world.region.refresh_from_db()
    assert world.region.pause_cycle_when_scaled is False
    event = AuditEvent.objects.latest("id")
    assert event.detail["field"] == "pause_cycle_when_scaled"


def test_handover_is_recorded_taken_back_and_in_the_binder(client, world, tables):
    import datetime

    from paraat.programme.factories import ActivityFactory
    from paraat.programme.models import Handover
    from paraat.reports import builders, sections

    own, _ = tables
    activity = ActivityFactory(table=own, title="Noodsteunpunten inrichten")
    login(client, world, "coordinator")
    phase_url = reverse("programme:phase", args=[world.region.slug])
    response = client.post(
        reverse("programme:handover_add", args=[world.region.slug]),
        {
            "ho-activity": activity.pk,
            "ho-to_part": "action_centre",
            "ho-to_detail": "Actiecentrum bevolkingszorg",
            "ho-contact": "Hoofd actiecentrum",
            "ho-what": "Inrichting noodsteunpunten",
            "ho-handed_over_on": "2026-05-01",
        },
    )
    assert response.status_code == 302
    handover = Handover.objects.get()
    assert handover.table == own
    html = client.get(phase_url).content.decode()
    assert "Actiecentrum bevolkingszorg" in html and "Inrichting noodsteunpunten" in html
    response = client.post(
        reverse("programme:handover_take_back", args=[world.region.slug, handover.pk]),
        {"taken_back_on": "2026-04-01"},
    )
    handover.refresh_from_db()
    assert handover.taken_back_on is None  # before it was handed over: refused
    client.post(
        reverse("programme:handover_take_back", args=[world.region.slug, handover.pk]),
        {"taken_back_on": "2026-06-01"},
    )
    handover.refresh_from_db()
    assert handover.taken_back_on == datetime.date(2026, 6, 1)
    doc = builders.build_binder(sections.ReportContext(region=world.region))
    register = next(sec for sec in doc.sections if sec.title == "Overdrachtregister")
    assert register.blocks[0].rows[0][3] == "Inrichting noodsteunpunten"
    assert register.blocks[0].rows[0][5] == "1 juni 2026"


def test_board_member_cannot_record_a_handover(client, world, tables):
    from paraat.programme.models import Handover

    login(client, world, "board")
    response = client.post(
        reverse("programme:handover_add", args=[world.region.slug]),
        {
            "ho-table": tables[0].pk,
            "ho-to_part": "rot",
            "ho-contact": "x",
            "ho-what": "y",
            "ho-handed_over_on": "2026-05-01",
        },
    )
    assert response.status_code == 403
    assert not Handover.objects.exists()
