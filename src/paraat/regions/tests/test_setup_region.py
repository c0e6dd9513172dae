"""`paraat setup_region` and `paraat reference_update`: regions from the national reference data."""

import csv
import json
import shutil
from io import StringIO

import pytest

from django.core import mail
from django.core.management import CommandError, call_command

from paraat.accounts.models import Membership
from paraat.audit.models import AuditEvent
from paraat.regions.models import Municipality, Region
from paraat.regions.reference import PACKAGE_DATA

TWENTE = {
    "GM0141": "Almelo",
    "GM0147": "Borne",
    "GM0153": "Enschede",
    "GM0158": "Haaksbergen",
    "GM0163": "Hellendoorn",
    "GM0164": "Hengelo (O.)",
    "GM0168": "Losser",
    "GM0173": "Oldenzaal",
    "GM0183": "Tubbergen",
    "GM0189": "Wierden",
    "GM1700": "Twenterand",
    "GM1735": "Hof van Twente",
    "GM1742": "Rijssen-Holten",
    "GM1774": "Dinkelland",
}


def run(*args) -> str:
    out = StringIO()
    call_command("setup_region", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_setup_region_creates_twente_with_its_municipalities_and_invites_the_administrator(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        out = run("vr05", "--admin", "Beheer@VRTwente.nl")
    region = Region.objects.get(code="VR05")
    assert region.name == "Veiligheidsregio Twente"
    assert not region.is_demo
    municipalities = {m.code: m for m in Municipality.objects.filter(region=region)}
    assert {c: m.name for c, m in municipalities.items()} == TWENTE
    enschede = municipalities["GM0153"]
    assert enschede.boundary["type"] in {"Polygon", "MultiPolygon"}
    assert 52.1 < enschede.centroid_lat < 52.3 and 6.8 < enschede.centroid_lon < 7.0
    assert enschede.population is None  # the national file has no populations: no guessing
    admin = Membership.objects.get(region=region, role="admin")
    assert admin.user.email == "beheer@vrtwente.nl"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["beheer@vrtwente.nl"]
    assert "/account/password/reset/" in mail.outbox[0].body
    assert region.facilities.exists()  # the default facilities checklist
    assert "14 municipalities ready" in out
    assert AuditEvent.objects.filter(region=region).count() >= 16


@pytest.mark.django_db
def test_without_a_mail_server_the_invitation_link_is_printed(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = run("VR05", "--admin", "beheer@vrtwente.nl")
    link = next(line.strip() for line in out.splitlines() if "/account/password/reset/" in line)
    assert link.startswith(settings.SITE_URL)


@pytest.mark.django_db
def test_second_run_changes_nothing_and_says_so(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run("VR05", "--admin", "beheer@vrtwente.nl")
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        out = run("VR05", "--admin", "beheer@vrtwente.nl")
    assert "Nothing to change" in out
    assert AuditEvent.objects.count() == events
    assert Membership.objects.filter(region__code="VR05").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_unknown_code_is_refused_with_the_valid_codes():
    with pytest.raises(CommandError) as refused:
        run("VR99")
    assert "VR01 (Groningen)" in str(refused.value) and "VR25 (Flevoland)" in str(refused.value)
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_newer_reference_year_archives_merged_municipalities_and_adds_the_new_one(tmp_path):
    run("VR05")
    borne = Municipality.objects.get(code="GM0147")
    # A made-up 2026: Borne and Hengelo merge into "Hengelo-Borne" (GM1999); Almelo renamed.
    with open(PACKAGE_DATA / "gemeenten-2025.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    new_rows = []
    for row in rows:
        if row["cbs_code"] in {"GM0147", "GM0164"}:
            continue
        if row["cbs_code"] == "GM0141":
            row = {**row, "name": "Almelo-Nieuw"}
        new_rows.append(row)
    new_rows.append({**rows[0], "name": "Hengelo-Borne", "cbs_code": "GM1999", "vr_code": "VR05"})
    with open(tmp_path / "gemeenten-2026.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(new_rows)
    geo = json.loads((PACKAGE_DATA / "gemeenten-2025.geojson").read_text(encoding="utf-8"))
    (tmp_path / "gemeenten-2026.geojson").write_text(json.dumps(geo), encoding="utf-8")
    shutil.copy(PACKAGE_DATA / "veiligheidsregios.csv", tmp_path)

    out = StringIO()
    call_command("reference_update", "--year", "2026", "--data-dir", str(tmp_path), stdout=out)
    borne.refresh_from_db()
    assert borne.archived_on is not None and borne.region.code == "VR05"  # kept, not deleted
    assert Municipality.objects.get(code="GM1999").name == "Hengelo-Borne"
    assert Municipality.objects.get(code="GM0141").name == "Almelo-Nieuw"
    assert Region.objects.get(code="VR05").reference_year == 2026
    assert "Hengelo-Borne" in out.getvalue()
    again = StringIO()
    call_command("reference_update", "--year", "2026", "--data-dir", str(tmp_path), stdout=again)
    assert "Nothing to change" in again.getvalue()


@pytest.mark.django_db
def test_demo_region_goes_through_setup_and_only_its_example_content_is_marked():
    from paraat.regions.demo import load_region

    region = load_region()
    assert region.code == "VR06" and region.short_name == "VNOG"
    assert region.municipalities.count() == 22
    assert region.municipalities.get(code="GM0200").population_year == 2017
    assert region.contacts.filter(name__endswith="(demo)").exists()
    assert "Nothing to change" in run("VR06")
