"""Single sign-on as a way to sign in, for accounts' sign-in page, forms, invitation and
sign-out (`accounts.extensions.SignInMethods`, handed over by `SsoConfig.sign_in_methods`)."""

from __future__ import annotations

from typing import Any

from . import selectors
from .models import IdentityProvider
from .oidc import logout_url
from .views import login_form_action, reverse_start


class SingleSignOn:
    def provider_for_email(self, email: str) -> IdentityProvider | None:
        return selectors.provider_for_email(email)

    def start_url(self, email: str, next_url: str = "") -> str:
        return reverse_start(email, next_url)

    def in_use(self) -> bool:
        return selectors.sso_in_use()

    def form_action_origins(self) -> list[str]:
        return login_form_action()

    def signed_out_at_provider(
        self, signed_in: dict, post_logout_redirect_uri: str
    ) -> tuple[Any, str | None]:
        if not signed_in:
            return None, None
        provider = IdentityProvider.objects.filter(pk=signed_in.get("provider")).first()
        if provider is None:
            return None, None
        url = logout_url(
            provider,
            id_token=signed_in.get("id_token", ""),
            post_logout_redirect_uri=post_logout_redirect_uri,
        )
        return provider, url
