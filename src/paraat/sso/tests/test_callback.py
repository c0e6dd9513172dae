"""The provider's answer, checked by Authlib: tokens signed here with a test key stand in for
the refusals a real provider does not produce (wrong audience, expired, bad signature, nonce).
The browser tests (tests/browser/test_sso.py) walk the real flow against a real provider."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.integrations.django_client.apps import DjangoOAuth2App
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from django.test import Client

from paraat.accounts.factories import MembershipFactory, UserFactory
from paraat.accounts.roles import Role
from paraat.audit.models import Action, AuditEvent, Result
from paraat.sso.factories import IdentityProviderFactory
from paraat.sso.models import ProviderLink

ISSUER = "https://idp.testland.nl/tenant"
KEY = RSAKey.generate_key(
    2048, parameters={"kid": "k1", "alg": "RS256", "use": "sig"}, private=True
)
IMPOSTOR = RSAKey.generate_key(
    2048, parameters={"kid": "k1", "alg": "RS256", "use": "sig"}, private=True
)
METADATA = {
    "issuer": ISSUER,
    "authorization_endpoint": ISSUER + "/authorize",
    "token_endpoint": ISSUER + "/token",
    "end_session_endpoint": ISSUER + "/logout",
    "jwks": KeySet([KEY]).as_dict(private=False),
    "id_token_signing_alg_values_supported": ["RS256"],
}


@pytest.fixture
def provider(world, monkeypatch):
    monkeypatch.setattr(DjangoOAuth2App, "load_server_metadata", lambda self: dict(METADATA))
    jan = UserFactory(email="jan@testland.nl")
    MembershipFactory(user=jan, role=Role.THEME_LEAD, region=world.region)
    return IdentityProviderFactory(
        region=world.region, name="Testland IdP", issuer=ISSUER, domains=["testland.nl"]
    )


def _begin(client):
    response = client.get("/sso/start/", {"email": "jan@testland.nl"})
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert response["Location"].startswith(ISSUER + "/authorize?")
    assert query["code_challenge_method"] == ["S256"]  # PKCE
    return query["state"][0], query["nonce"][0]


def _answer(monkeypatch, claims, key=KEY):
    token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
    monkeypatch.setattr(
        DjangoOAuth2App,
        "fetch_access_token",
        lambda self, **kw: {"access_token": "at", "token_type": "Bearer", "id_token": token},
    )


def _claims(nonce_value, **changes):
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": "paraat",
        "sub": "jan-sub",
        "iat": now,
        "exp": now + 300,
        "nonce": nonce_value,
        "email": "jan@testland.nl",
        "email_verified": True,
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _refusal():
    event = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("-id").first()
    assert event.result == Result.DENIED
    assert event.detail["provider"] == "Testland IdP"
    return event.detail["reason"]


def test_a_valid_token_signs_in_and_links_the_account(provider, monkeypatch):
    client = Client()
    state, nonce = _begin(client)
    _answer(monkeypatch, _claims(nonce))
    response = client.get("/sso/callback/", {"code": "c", "state": state})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/account/").status_code == 200  # signed in
    assert ProviderLink.objects.get(provider=provider).user.email == "jan@testland.nl"
    login = AuditEvent.objects.get(action=Action.LOGIN)
    assert login.detail["provider"] == "Testland IdP"


@pytest.mark.parametrize(
    ("changes", "key", "reason", "why"),
    [
        ({"aud": ["another-client"], "azp": "paraat"}, KEY, "token:invalid_claim", "aud"),
        ({"aud": "another-client"}, KEY, "token:invalid_claim", "aud"),
        ({"iss": "https://evil.example/tenant"}, KEY, "token:invalid_claim", "iss"),
        ({"exp": int(time.time()) - 3600}, KEY, "token:expired_token", "expired"),
        ({"nbf": int(time.time()) + 3600}, KEY, "token:invalid_claim", "not yet valid"),
        ({}, IMPOSTOR, "token:bad_signature", "bad_signature"),
        ({"nonce": "another-nonce"}, KEY, "token:invalid_claim", "nonce"),
        ({"nonce": None}, KEY, "token:missing_claim", "nonce"),
    ],
    ids=[
        "audience",
        "audience-without-azp",
        "issuer",
        "expired",
        "not-yet-valid",
        "signature",
        "nonce",
        "no-nonce",
    ],
)
def test_tokens_the_library_rejects_are_refused_and_audited(
    provider, monkeypatch, changes, key, reason, why
):
    client = Client()
    state, nonce = _begin(client)
    _answer(monkeypatch, _claims(nonce, **changes), key=key)
    response = client.get("/sso/callback/", {"code": "c", "state": state})
    assert response.status_code == 403
    assert "Inloggen geweigerd" in response.content.decode()
    assert _refusal() == reason
    event = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("-id").first()
    assert why in event.detail["description"]
    assert client.get("/account/").status_code == 302  # not signed in
    assert not ProviderLink.objects.exists()


def test_a_mismatched_or_missing_state_is_refused(provider, monkeypatch):
    client = Client()
    state, nonce = _begin(client)
    _answer(monkeypatch, _claims(nonce))
    assert client.get("/sso/callback/", {"code": "c", "state": state + "x"}).status_code == 403
    assert _refusal() == "state"
    # The flow is used up: the right state afterwards does not work either.
    assert client.get("/sso/callback/", {"code": "c", "state": state}).status_code == 403
    assert client.get("/account/").status_code == 302


def test_unverified_email_is_refused_unless_the_administrator_trusts_the_claim(
    provider, monkeypatch
):
    client = Client()
    state, nonce = _begin(client)
    _answer(monkeypatch, _claims(nonce, email_verified=None))
    assert client.get("/sso/callback/", {"code": "c", "state": state}).status_code == 403
    assert _refusal() == "email_unverified"

    provider.trust_email = True
    provider.save()
    state, nonce = _begin(client)
    _answer(monkeypatch, _claims(nonce, email_verified=None))
    assert client.get("/sso/callback/", {"code": "c", "state": state}).status_code == 302


def test_entra_domain_owner_verified_claim_counts_as_verified(provider, monkeypatch):
    client = Client()
    state, nonce = _begin(client)
    _answer(monkeypatch, _claims(nonce, email_verified=None, xms_edov=True))
    assert client.get("/sso/callback/", {"code": "c", "state": state}).status_code == 302


def test_an_unreachable_provider_is_refused_before_leaving_paraat(world, monkeypatch):
    IdentityProviderFactory(
        region=world.region, issuer="https://127.0.0.1:9/none", domains=["testland.nl"]
    )
    response = Client().get("/sso/start/", {"email": "jan@testland.nl"})
    assert response.status_code == 403
    assert AuditEvent.objects.get(action=Action.LOGIN_FAILED).detail["reason"] == (
        "provider_unreachable"
    )
