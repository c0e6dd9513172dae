"""The OpenID Connect flow, through Authlib's Django client (see docs/sso.md for why).

Authlib does the protocol: discovery from the issuer's `.well-known/openid-configuration`,
PKCE (S256), state, nonce, the code exchange and the ID token's signature and claims (iss,
aud, exp, nbf, iat, nonce). Paraat only decides what a valid sign-in means for its accounts.
A client is built per request from the provider's row, so providers change at run time.
"""

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from joserfc.errors import JoseError

from django.http import HttpResponseRedirect
from django.urls import reverse

from .models import IdentityProvider

SCOPE = "openid email profile"
FLOW_KEY = "sso_flow"
TIMEOUT = 10


class Refusal(Exception):
    """A sign-in through a provider that Paraat refuses; `reason` goes into the audit trail."""

    def __init__(self, reason: str, email: str = "", description: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.email = email
        self.description = description


def client_for(provider: IdentityProvider):
    oauth = OAuth()
    return oauth.register(
        name=f"idp{provider.pk}",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT,
        },
    )


def _metadata(client, provider: IdentityProvider) -> dict:
    try:
        metadata = client.load_server_metadata()
    except Exception as e:  # network, HTTP or JSON errors: the provider cannot be reached
        raise Refusal("provider_unreachable") from e
    # OpenID Connect Discovery 1.0 §4.3: the issuer in the document must be the one configured.
    if metadata.get("issuer") != provider.issuer:
        raise Refusal("issuer")
    return metadata


def _claims_options(provider: IdentityProvider) -> dict:
    """What the library checks beyond signature, exp, nbf, nonce and azp: the issuer as
    configured and Paraat's client among the audience (Authlib checks `aud` only when asked)."""
    return {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
    }


def redirect_uri(request) -> str:
    return request.build_absolute_uri(reverse("sso_flow:callback"))


def start(request, provider: IdentityProvider, *, login_hint: str = "") -> HttpResponseRedirect:
    """Send the browser to the provider (a GET redirect), remembering state, nonce and PKCE."""
    client = client_for(provider)
    _metadata(client, provider)
    extra = {"login_hint": login_hint} if login_hint else {}
    rv = client.create_authorization_url(redirect_uri(request), **extra)
    client.save_authorize_data(request, redirect_uri=redirect_uri(request), **rv)
    request.session[FLOW_KEY] = {"provider": provider.pk, "state": rv["state"]}
    return HttpResponseRedirect(rv["url"])


def finish(request) -> tuple[IdentityProvider, dict, str]:
    """Complete the flow: (provider, validated ID-token claims, the raw ID token)."""
    flow = request.session.pop(FLOW_KEY, None)
    if not flow or flow.get("state") != request.GET.get("state"):
        provider = None
        if flow:
            provider = IdentityProvider.objects.filter(pk=flow.get("provider")).first()
        raise ProviderRefusal(provider, "state")
    provider = IdentityProvider.objects.filter(pk=flow["provider"]).first()
    if provider is None:
        raise ProviderRefusal(None, "provider_removed")
    client = client_for(provider)
    try:
        _metadata(client, provider)
        if request.GET.get("error"):
            raise Refusal("provider_error:" + request.GET["error"][:40])
        try:
            token = client.authorize_access_token(request, claims_options=_claims_options(provider))
        except (AuthlibBaseError, JoseError) as e:
            error = getattr(e, "error", None) or type(e).__name__
            raise Refusal("token:" + str(error)[:40], description=str(e)[:200]) from e
        except Exception as e:  # the token endpoint could not be reached or answered nonsense
            raise Refusal("provider_unreachable") from e
        claims = token.get("userinfo")
        if not claims or not token.get("id_token"):
            raise Refusal("token:no_id_token")
    except Refusal as r:
        raise ProviderRefusal(provider, r.reason, description=r.description) from r
    return provider, dict(claims), token["id_token"]


class ProviderRefusal(Refusal):
    def __init__(self, provider: IdentityProvider | None, reason: str, **kwargs):
        super().__init__(reason, **kwargs)
        self.provider = provider


def logout_url(provider: IdentityProvider, *, id_token: str, post_logout_redirect_uri: str):
    """The provider's end-session URL (RP-initiated logout), or None where it has none."""
    client = client_for(provider)
    try:
        metadata = client.load_server_metadata()
    except Exception:
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    return client.create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri,
        id_token_hint=id_token,
        client_id=provider.client_id,
    )["url"]
