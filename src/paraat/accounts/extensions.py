"""What signing in may ask of an app that adds other ways to sign in (single sign-on), without
importing it: accounts sits below such an app, which grants roles through accounts' services.

An AppConfig may define `sign_in_methods()`, returning an object with the methods of
`SignInMethods`. Without one (no such app installed), signing in is by password only.
"""

from __future__ import annotations

from typing import Any, Protocol

from paraat.core.extensions import paraat_app_configs


class SignInMethods(Protocol):
    def provider_for_email(self, email: str) -> Any:
        """The identity provider that serves this address (with `name` and
        `password_allowed`), or None."""

    def start_url(self, email: str, next_url: str = "") -> str:
        """Where signing in through that provider starts."""

    def in_use(self) -> bool:
        """Whether any organisation signs in through its own identity provider."""

    def form_action_origins(self) -> list[str]:
        """Origins the sign-in form may lead to (for the Content-Security-Policy)."""

    def signed_out_at_provider(
        self, signed_in: dict, post_logout_redirect_uri: str
    ) -> tuple[Any, str | None]:
        """After signing out here: the provider the session signed in through (from the
        session's "sso" entry) and its end-session address, where it has one."""


class PasswordOnly:
    """Signing in by password only: no app adds another way."""

    def provider_for_email(self, email: str) -> Any:
        return None

    def start_url(self, email: str, next_url: str = "") -> str:
        raise LookupError("no identity providers")

    def in_use(self) -> bool:
        return False

    def form_action_origins(self) -> list[str]:
        return []

    def signed_out_at_provider(
        self, signed_in: dict, post_logout_redirect_uri: str
    ) -> tuple[Any, str | None]:
        return None, None


def sign_in_methods() -> SignInMethods:
    for config in paraat_app_configs():
        hook = getattr(config, "sign_in_methods", None)
        if hook:
            return hook()
    return PasswordOnly()
