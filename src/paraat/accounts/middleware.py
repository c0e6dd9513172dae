from django.shortcuts import redirect
from django.urls import reverse

from .services import requires_two_factor

EXEMPT_PREFIXES = (
    "/account/2fa/",
    "/account/logout/",
    "/static/",
    "/i18n/",
    "/sso/",
)


def second_factor_at_provider(request) -> bool:
    """Signed in through an identity provider whose multi-factor claim the administrator
    trusts, and its `amr` showed a second factor (set by the single sign-on app at sign-in)."""
    return bool(request.session.get("sso", {}).get("mfa"))


class TwoFactorMiddleware:
    """A signed-in user who needs two-factor sign-in gets nowhere before the second step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user.is_verified()
            and not second_factor_at_provider(request)
            and requires_two_factor(user)
        ):
            from django_otp import user_has_device

            name = "verify" if user_has_device(user, confirmed=True) else "setup"
            return redirect(reverse(f"accounts:2fa_{name}") + f"?next={request.path}")
        return self.get_response(request)
