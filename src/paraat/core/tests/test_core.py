import os
import subprocess
import sys
from unittest import mock

import polib
import pytest

from django.conf import settings
from django.db import OperationalError
from django.test import Client
from django.urls import reverse


def test_healthz_answers_with_a_database_check(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_json_when_the_database_is_down_even_for_a_signed_in_browser(world):
    """A session cookie made the session and 2FA middleware query the database first: a 500
    HTML page instead of the 503 JSON a load balancer reads."""
    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin"])
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_healthz_refuses_post(db):
    assert Client().post("/healthz").status_code == 405


def test_national_view_lists_only_regions_that_share(world):
    world.region.share_nationally = True
    world.region.save()
    client = Client()
    client.force_login(world.users["national"])
    body = client.get(reverse("national:index")).content.decode()
    assert "Veiligheidsregio Testland" in body
    assert "Veiligheidsregio Elders" not in body
    assert "Aadorp" not in body


def test_english_is_available(world):
    client = Client()
    client.force_login(world.users["board"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("start:region_home", args=[world.region.slug])).content.decode()
    assert "What to do next" in body


def _settings_check(env: dict) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PARAAT", "DEBUG", "SECRET", "DJANGO_ALLOW"))
    }
    return subprocess.run(
        [sys.executable, "-m", "paraat", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_check({"PARAAT_ENV": "production"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = _settings_check({"PARAAT_ENV": "production", "SECRET_KEY": "x" * 50, "DEBUG": "1"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _settings_check(
        {
            "PARAAT_ENV": "production",
            "SECRET_KEY": "k3y-" + "abcdefghij" * 6,
            "ALLOWED_HOSTS": "paraat.example.nl",
        }
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_security_headers_and_content_security_policy(db):
    response = Client().get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


CATALOGS = sorted(settings.BASE_DIR.glob("**/locale/nl/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_dutch_catalog_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert not missing, f"untranslated in {po_path}: {missing[:10]}"
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {e.msgid: e.msgstr for e in mo if not e.msgid_plural}
    stale = [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural and compiled.get(e.msgid) != e.msgstr
    ]
    assert not stale, f"{po_path.with_suffix('.mo')} is out of date: run `make messages`"


def test_dutch_is_shown_even_when_the_browser_prefers_english(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(world.users["board"])
    body = client.get(reverse("start:region_home", args=[world.region.slug])).content.decode()
    assert "Wat u nu te doen hebt" in body
    assert '<html lang="nl">' in body


def test_one_dutch_word_per_english_msgid_across_all_catalogs():
    """Django merges the apps' catalogs; the same msgid translated two ways means one app
    silently shows the other's word. Use a distinct msgid (or a context) when meanings differ."""
    seen: dict[tuple, dict[str, str]] = {}
    for po_path in CATALOGS:
        for e in polib.pofile(str(po_path)):
            if e.msgstr and not e.msgid_plural:
                seen.setdefault((e.msgctxt, e.msgid), {})[str(po_path)] = e.msgstr
    clashes = {k[1]: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert not clashes, f"msgids translated differently: {clashes}"


def test_ids_built_from_large_primary_keys_are_not_localised():
    """With thousand separators on, Dutch rendered pk 3007 as "3.007" and broke HTML ids."""
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("nl"):
        html = Template('<li id="item-{{ n }}">{{ n }}</li>').render(Context({"n": 3007}))
    assert html == '<li id="item-3007">3007</li>'
