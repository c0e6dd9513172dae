"""Sign-ins, failed sign-ins, sign-outs and lock-outs go into the audit trail, under the
person's (first) region: sign-in is this app's, and the region comes from its memberships, so
the receivers live here (connected when `AccountsConfig.ready()` imports this module) and call
the audit trail a floor below."""

from axes.signals import user_locked_out

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from paraat.audit.models import Action, Result
from paraat.audit.services import audit_log

from .models import Membership


def _region_of_user(user=None, email: str = ""):
    """Sign-in events belong to the person's (first) region, so its administrators see them."""
    qs = Membership.objects.filter(region__isnull=False)
    qs = qs.filter(user=user) if user is not None else qs.filter(user__email__iexact=email)
    first = qs.select_related("region").order_by("region__code").first()
    return first.region if first else None


def _signed(user, action: str, detail=None) -> None:
    audit_log(
        actor=user,
        action=action,
        obj=user,
        object_repr=user.email,
        region=_region_of_user(user),
        detail=detail,
    )


def _refused(username: str | None, action: str, result: str) -> None:
    audit_log(
        actor=username or "?",
        action=action,
        result=result,
        object_repr=username or "",
        region=_region_of_user(email=username) if username else None,
    )


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    # detail: e.g. the identity provider of a single sign-on (set by its callback)
    _signed(user, Action.LOGIN, getattr(request, "paraat_login_detail", None))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        _signed(user, Action.LOGOUT)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    _refused((credentials or {}).get("username", ""), Action.LOGIN_FAILED, Result.FAILED)


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    _refused(username, Action.LOCKED_OUT, Result.DENIED)
