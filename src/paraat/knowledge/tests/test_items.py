"""Sharing and changing knowledge items: safe Markdown, checked uploads, history, locking."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from paraat.audit.models import AuditEvent
from paraat.knowledge.factories import KnowledgeItemFactory
from paraat.knowledge.models import TLP, Attachment, KnowledgeItem, KnowledgeItemVersion
from paraat.knowledge.templatetags.knowledge_tags import render_markdown


def _client(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


def _form(**extra):
    data = {
        "title": "Ons noodsteunpunt",
        "summary": "Kort",
        "body": "# Kop\n\nTekst",
        "kind": "good_practice",
        "tlp": "GREEN",
    }
    data.update(extra)
    return data


PDF = b"%PDF-1.4\n%test\n"


def test_contact_shares_an_item_with_a_file_for_her_municipality(world):
    client = _client(world, "contact")
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("knowledge:item_create", args=[world.region.slug]), _form(files=[upload])
    )
    assert response.status_code == 302
    item = KnowledgeItem.objects.get(title="Ons noodsteunpunt")
    assert item.municipality == world.mun_a
    att = item.attachments.get()
    assert (att.name, att.content_type, att.size) == ("plan.pdf", "application/pdf", len(PDF))
    assert AuditEvent.objects.filter(object_type="knowledge.knowledgeitem").count() == 1
    download = client.get(
        reverse("knowledge:attachment_download", args=[world.region.slug, att.pk])
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="download", object_repr="plan.pdf").exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("virus.exe", b"MZ", "application/octet-stream", "virus.exe: Dit soort bestand"),
        ("notities.txt", b"hallo", "text/plain", "notities.txt: Dit soort bestand"),
        ("nep.pdf", b"<html>", "application/pdf", "nep.pdf: De inhoud van het bestand"),
        ("leeg.pdf", b"", "application/pdf", "bestand is leeg"),
    ],
)
def test_a_refused_file_saves_nothing_and_says_why_in_dutch(
    world, name, content, content_type, message
):
    client = _client(world, "contact")
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client.post(
        reverse("knowledge:item_create", args=[world.region.slug]), _form(files=[upload])
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not KnowledgeItem.objects.exists()
    assert not Attachment.objects.exists()


@override_settings(PARAAT_MAX_UPLOAD_MB=0)
def test_a_file_that_is_too_large_is_refused(world):
    client = _client(world, "contact")
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("knowledge:item_create", args=[world.region.slug]), _form(files=[upload])
    )
    assert "plan.pdf: Het bestand is te groot: maximaal 0 MB" in response.content.decode()
    assert not KnowledgeItem.objects.exists()


def test_markdown_lets_no_script_or_foreign_markup_through():
    html = render_markdown(
        "# Kop\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[klik](javascript:alert(1)) <iframe src='https://x'></iframe> "
        '<a href="https://example.org" onclick="x()">ok</a> **vet**'
    )
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "onerror" not in html and "onclick" not in html and "javascript:" not in html
    assert "<h2>Kop</h2>" in html and "<strong>vet</strong>" in html
    assert 'href="https://example.org"' in html


def test_item_page_renders_markdown_safely(world):
    item = KnowledgeItemFactory(
        region=world.region,
        body="**vet** <script>alert('x')</script>",
        created_by=world.users["admin"],
    )
    url = reverse("knowledge:item_detail", args=[world.region.slug, item.pk])
    html = _client(world, "contact").get(url).content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    assert "<strong>vet</strong>" in main
    assert "<script" not in main


def test_red_needs_named_people_and_only_they_see_it(world):
    client = _client(world, "coordinator")
    url = reverse("knowledge:item_create", args=[world.region.slug])
    response = client.post(url, _form(tlp="RED"))
    assert response.status_code == 200
    assert "Noem ten minste één persoon" in response.content.decode()
    response = client.post(url, _form(tlp="RED", recipients=[world.users["cfg"].pk]))
    assert response.status_code == 302
    item = KnowledgeItem.objects.get()
    assert set(item.recipients.all()) == {world.users["cfg"], world.users["coordinator"]}
    detail = reverse("knowledge:item_detail", args=[world.region.slug, item.pk])
    assert _client(world, "cfg").get(detail).status_code == 200
    assert _client(world, "admin").get(detail).status_code == 403


def test_editing_keeps_the_previous_version_and_a_stale_form_loses_nothing(world):
    item = KnowledgeItemFactory(
        region=world.region,
        title="Oud",
        municipality=world.mun_a,
        created_by=world.users["contact"],
    )
    url = reverse("knowledge:item_edit", args=[world.region.slug, item.pk])
    contact = _client(world, "contact")
    response = contact.post(url, _form(title="Nieuw", version=item.version))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Nieuw" and item.version == 2
    assert KnowledgeItemVersion.objects.get(item=item).data["title"] == "Oud"
    # A coordinator with a form opened at version 1 is told and keeps her text.
    response = _client(world, "coordinator").post(
        url, _form(title="Mijn versie", body="Mijn lange tekst", version=1)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders wijzigde dit item" in html
    assert "Mijn lange tekst" in html and "Nieuw" in html
    item.refresh_from_db()
    assert item.title == "Nieuw"


def test_other_municipality_cannot_edit_a_green_item_it_can_read(world):
    item = KnowledgeItemFactory(
        region=world.region,
        tlp=TLP.GREEN,
        municipality=world.mun_a,
        created_by=world.users["contact"],
    )
    client = _client(world, "other_contact")
    assert (
        client.get(reverse("knowledge:item_detail", args=[world.region.slug, item.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("knowledge:item_edit", args=[world.region.slug, item.pk])).status_code
        == 403
    )
