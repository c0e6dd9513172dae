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
