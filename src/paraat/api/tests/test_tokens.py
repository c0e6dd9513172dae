"""Tokens: made once, shown once, refused when expired, revoked or of a deactivated person;
never a sign-in redirect for a token client."""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from paraat.api.models import ApiToken
from paraat.api.services import api_token_create, api_token_revoke
from paraat.audit.models import AuditEvent

from .conftest import bearer


def _create(world, persona="contact", **kwargs):
    return api_token_create(
        user=world.users[persona], name="BI", actor=world.users[persona], **kwargs
    )


def test_command_prints_the_token_alone_on_its_last_line_and_it_works(world):
    out = StringIO()
    call_command(
        "api_token",
        "create",
        "--user",
        world.users["board"].email,
        "--name",
        "Power BI",
        stdout=out,
    )
    secret = out.getvalue().strip().splitlines()[-1]
    assert secret.startswith("prt_") and " " not in secret
    response = Client().get("/api/v1/regions/", **bearer(secret))
    assert response.status_code == 200
    assert [r["code"] for r in response.json()["results"]] == ["VR90"]
    token = ApiToken.objects.get()
    assert token.digest != secret and secret not in token.digest
    assert token.last_used_at is not None
    assert (token.expires_at - timezone.now()).days in (89, 90)


def test_command_lists_without_secrets_and_revokes(world):
    _token, secret = _create(world)
    out = StringIO()
    call_command("api_token", "list", stdout=out)
    assert world.users["contact"].email in out.getvalue()
    assert secret not in out.getvalue()
    call_command("api_token", "revoke", str(_token.pk), stdout=StringIO())
    assert Client().get("/api/v1/regions/", **bearer(secret)).status_code == 401


def test_no_token_is_401_with_www_authenticate_never_a_redirect(db):
    response = Client().get("/api/v1/regions/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_wrong_expired_revoked_and_deactivated_tokens_are_refused(world):
    assert Client().get("/api/v1/regions/", **bearer("prt_nonsense")).status_code == 401
    expired, expired_secret = _create(world)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert Client().get("/api/v1/regions/", **bearer(expired_secret)).status_code == 401
    revoked, revoked_secret = _create(world)
    api_token_revoke(token=revoked, actor=world.users["contact"])
    assert Client().get("/api/v1/regions/", **bearer(revoked_secret)).status_code == 401
    _live, live_secret = _create(world)
    assert Client().get("/api/v1/regions/", **bearer(live_secret)).status_code == 200
    user = world.users["contact"]
    user.is_active = False
    user.save()
    assert Client().get("/api/v1/regions/", **bearer(live_secret)).status_code == 401


def test_a_token_is_valid_for_at_most_a_year(world):
    import pytest

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _create(world, days=400)


def test_creating_and_revoking_are_audited(world):
    token, _secret = _create(world)
    api_token_revoke(token=token, actor=world.users["admin"])
    events = AuditEvent.objects.filter(object_type="api.apitoken").order_by("pk")
    assert [e.action for e in events] == ["create", "delete"]
    assert events[1].actor == world.users["admin"]


def test_profile_page_makes_a_token_shown_once(world):
    client = Client()
    client.force_login(world.users["contact"])
    response = client.post("/account/api-tokens/", {"name": "Excel", "days": 30})
    body = response.content.decode()
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.users["contact"])
    secret = body.split('id="new-token">')[1].split("<")[0]
    assert token.hint in secret
    assert "Excel" in body
    again = client.get("/account/api-tokens/").content.decode()
    assert secret not in again and token.hint in again


def test_write_token_needs_a_second_step_where_the_role_requires_it(world, settings):
    settings.PARAAT_REQUIRE_2FA = True
    from django_otp.plugins.otp_totp.models import TOTPDevice

    cfg = world.users["cfg"]
    TOTPDevice.objects.create(user=cfg, name="app", confirmed=True)
    client = Client()
    client.force_login(cfg)
    # Without the second step the 2FA middleware sends the person to verify first.
    response = client.post("/account/api-tokens/", {"name": "X", "days": 30, "can_write": "on"})
    assert response.status_code == 302 and "/account/2fa/" in response["Location"]
    assert not ApiToken.objects.exists()


def test_administrator_sees_and_revokes_the_regions_tokens(world):
    token, secret = _create(world, persona="partner")
    _create(world, persona="outsider")
    client = Client()
    client.force_login(world.users["admin"])
    body = client.get(f"/{world.region.slug}/api-tokens/").content.decode()
    assert world.users["partner"].email in body
    assert world.users["outsider"].email not in body
    client.post(f"/{world.region.slug}/api-tokens/{token.pk}/revoke/")
    assert Client().get("/api/v1/regions/", **bearer(secret)).status_code == 401


def test_a_token_over_its_rate_gets_429_with_retry_after(world, monkeypatch):
    from django.core.cache import cache

    from paraat.api.throttling import PerTokenThrottle

    cache.clear()
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"api": "3/minute"})
    _token, secret = _create(world)
    _other, other_secret = _create(world, persona="board")
    codes = [Client().get("/api/v1/regions/", **bearer(secret)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = Client().get("/api/v1/regions/", **bearer(secret))
    assert int(refused["Retry-After"]) > 0
    assert refused["Content-Type"] == "application/problem+json"
    # The limit is per token: another token is not slowed down.
    assert Client().get("/api/v1/regions/", **bearer(other_secret)).status_code == 200
