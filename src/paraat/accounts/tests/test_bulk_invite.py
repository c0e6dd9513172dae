"""Bulk invitations from a spreadsheet: preview, all or nothing, the same file twice."""

import io
import re

import pytest

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from paraat.accounts.models import Membership
from paraat.audit.models import AuditEvent

GOOD = (
    "Uitnodigingen Testland\n"
    "\n"
    "Naam;E-mailadres;Organisatie;Rol\n"
    "Anna Aadorp;anna@aadorp.nl;Aadorp;aanspreekpunt\n"
    "Bert Beedorp;bert@beedorp.nl;GM9002;Aanspreekpunt weerbaarheid\n"
    "Gerda GGD;gerda@ggd.nl;GGD Testland;crisispartner\n"
    "Carla CFG;CARLA@vrtestland.nl;;CFG\n"
)


def xlsx(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Mensen"
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def admin_client(world):
    client = Client()
    client.force_login(world.users["admin"])
    return client


def upload(client, world, data: bytes, name: str):
    return client.post(
        reverse("members:bulk_invite", args=[world.region.slug]),
        {"file": SimpleUploadedFile(name, data)},
    )


def confirm(client, world, preview):
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    return client.post(
        reverse("members:bulk_invite", args=[world.region.slug]), {"token": token, "confirm": "1"}
    )


def test_preview_then_invite_everyone_and_the_same_file_twice_changes_nothing(
    world, admin_client, django_capture_on_commit_callbacks
):
    preview = upload(admin_client, world, GOOD.encode(), "mensen.csv")
    body = preview.content.decode()
    assert preview.status_code == 200 and "anna@aadorp.nl" in body
    assert not Membership.objects.filter(user__email="anna@aadorp.nl").exists()  # preview only
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(admin_client, world, preview)
    assert done.status_code == 302
    anna = Membership.objects.get(user__email="anna@aadorp.nl")
    assert anna.role == "municipal_contact" and anna.municipality == world.mun_a
    assert Membership.objects.get(user__email="bert@beedorp.nl").municipality == world.mun_b
    assert Membership.objects.get(user__email="gerda@ggd.nl").partner == world.partner_org
    assert Membership.objects.get(user__email="carla@vrtestland.nl").role == "cfg"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@aadorp.nl",
        "bert@beedorp.nl",
        "carla@vrtestland.nl",
        "gerda@ggd.nl",
    ]
    assert AuditEvent.objects.filter(object_type__icontains="membership").count() >= 4
    again = upload(admin_client, world, GOOD.encode(), "mensen.csv")
    assert "Iedereen in het bestand heeft zijn rol al" in again.content.decode()
    assert Membership.objects.filter(region=world.region).count() == 9 + 4  # personas + file


def test_one_bad_row_invites_nobody_and_every_problem_is_listed(world, admin_client):
    data = xlsx(
        [
            ["Naam", "E-mail", "Organisatie", "Rol"],
            ["Anna", "anna@aadorp.nl", "Aadorp", "aanspreekpunt"],
            ["Zonder", "geen-adres", "Aadorp", "aanspreekpunt"],
            ["Ceedorp", "c@ceedorp.nl", "Ceedorp", "aanspreekpunt"],
            ["Raar", "r@x.nl", "", "koning"],
        ]
    )
    response = upload(admin_client, world, data, "mensen.xlsx")
    body = response.content.decode()
    assert response.status_code == 200
    assert "3 problemen: niemand is uitgenodigd." in body
    assert "rij 3" in body and "geen-adres" in body
    assert "rij 4" in body and "Ceedorp" in body
    assert "rij 5" in body and "koning" in body
    assert 'name="token"' not in body
    assert not Membership.objects.filter(user__email="anna@aadorp.nl").exists()


def test_municipal_contact_cannot_bulk_invite(world):
    client = Client()
    client.force_login(world.users["contact"])
    response = upload(client, world, GOOD.encode(), "mensen.csv")
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="anna@aadorp.nl").exists()
