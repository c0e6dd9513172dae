"""Export everything: `paraat export_region` and the administrator's button."""

import csv
import io
import zipfile
from io import StringIO

import pytest

from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from paraat.audit.models import AuditEvent
from paraat.knowledge.factories import KnowledgeItemFactory
from paraat.knowledge.models import Attachment


@pytest.fixture
def confidential(world):
    admin = world.users["admin"]
    amber = KnowledgeItemFactory(region=world.region, title="Oefenverslag", tlp="AMBER")
    red_named = KnowledgeItemFactory(
        region=world.region, title="Rood voor beheer", tlp="RED", recipients=[admin]
    )
    red_other = KnowledgeItemFactory(
        region=world.region, title="Rood geheim", tlp="RED", recipients=[world.users["cfg"]]
    )
    attachment = Attachment(
        region=world.region,
        item=red_other,
        name="geheim.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_by=admin,
    )
    attachment.file.save("geheim.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    KnowledgeItemFactory(region=world.other_region, title="Andere regio", tlp="GREEN")
    return amber, red_named, red_other


def read_zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def rows(zf, table) -> list[dict]:
    text = zf.read(f"csv/{table}.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_administrator_downloads_everything_without_secrets(world, confidential):
    response = Client()
    response.force_login(world.users["admin"])
    answer = response.post(reverse("region:export", args=[world.region.slug]))
    assert answer.status_code == 200
    assert "TLP-RED" in answer["Content-Disposition"]  # the named RED item is in it
    zf = read_zip(b"".join(answer.streaming_content))
    names = zf.namelist()
    assert "README.md" in names and "xlsx/regions.municipality.xlsx" in names
    assert {r["name"] for r in rows(zf, "regions.municipality")} == {"Aadorp", "Beedorp"}
    titles = {r["title"] for r in rows(zf, "knowledge.knowledgeitem")}
    assert titles == {"Oefenverslag", "Rood voor beheer"}  # not the other region's, not RED
    assert rows(zf, "knowledge.attachment") == []  # hangs from the RED item left out
    assert not any(n.startswith("files/") and "geheim" in n for n in names)
    users = rows(zf, "accounts.user")
    assert users and "password" not in users[0]
    assert world.users["outsider"].email not in {u["email"] for u in users}
    assert all("secret" not in n and "token" not in n for n in names)
    readme = zf.read("README.md").decode()
    assert readme.startswith("TLP:RED")
    assert "knowledge.knowledgeitem: 1 rows" in readme
    assert "`name`" in readme  # columns described
    assert rows(zf, "audit.auditevent")  # the audit trail
    assert AuditEvent.objects.filter(region=world.region, action="export").exists()


def test_coordinator_cannot_export(world):
    client = Client()
    client.force_login(world.users["coordinator"])
    assert client.post(reverse("region:export", args=[world.region.slug])).status_code == 403


def test_command_writes_the_zip_and_refuses_to_overwrite(world, confidential, tmp_path):
    out = tmp_path / "vr90.zip"
    stdout = StringIO()
    call_command("export_region", "vr90", "--out", str(out), stdout=stdout)
    assert "TLP:AMBER" in stdout.getvalue()  # no person: both RED items left out
    zf = zipfile.ZipFile(out)
    assert {r["title"] for r in rows(zf, "knowledge.knowledgeitem")} == {"Oefenverslag"}
    size = out.stat().st_size
    with pytest.raises(CommandError):
        call_command("export_region", "VR90", "--out", str(out), stdout=StringIO())
    assert out.stat().st_size == size
