"""API tokens' write API: create (the secret is returned once), revoke, record use."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paraat.accounts.services import membership_grant, membership_update
from paraat.audit.models import Action
from paraat.audit.services import audit_log

from .models import TOKEN_PREFIX, ApiToken, token_digest

DEFAULT_DAYS = 90
MAX_DAYS = 366
TOUCH_EVERY = dt.timedelta(minutes=1)


@transaction.atomic
def api_token_create(
    *,
    user,
    name: str,
    actor,
    can_write: bool = False,
    days: int = DEFAULT_DAYS,
    membership=None,
) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it with its secret, which is never stored or shown
    again. At most a year: a forgotten integration's token runs out on its own."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the token a name, so you recognise it later."))
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(_("A token is valid for 1 to %(max)s days.") % {"max": MAX_DAYS})
    if not user.is_active:
        raise ValidationError(_("This account is deactivated."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        digest=token_digest(secret),
        hint=secret[: len(TOKEN_PREFIX) + 4],
        can_write=can_write,
        expires_at=timezone.now() + dt.timedelta(days=days),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        membership=membership,
    )
    detail = {"user": user.email, "can_write": can_write, "days": days}
    if membership is not None:
        detail.update(role=membership.role, organisation=membership.organisation_name)
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=token,
        object_repr=str(token),
        region=membership.region if membership is not None else None,
        detail=detail,
    )
    return token, secret


SERVICE_ACCOUNT_DOMAIN = "integrations.invalid"


@transaction.atomic
def organisation_token_create(
    *,
    region,
    role: str,
    name: str,
    actor,
    municipality=None,
    partner=None,
    can_write: bool = False,
    days: int = DEFAULT_DAYS,
) -> tuple[ApiToken, str]:
    """A token for an organisation's system (an integration), acting as `role` in the region,
    municipality or partner. Its user is a service account made for it: no password (it cannot
    sign in), an address that receives no mail (`.invalid`), and this one role granted through
    membership_grant, so the same rules as inviting a person decide what may be granted and the
    same predicates and TLP rule decide what the token may see and do.

    `actor` is the region's administrator, or the name of an operator's command (a string)."""

    if not isinstance(actor, str) and not actor.has_perm("accounts.manage_users", region):
        raise PermissionDenied("accounts.manage_users")
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the token a name, so you recognise it later."))
    email = f"api-{secrets.token_hex(6)}@{region.code.lower()}.{SERVICE_ACCOUNT_DOMAIN}"
    membership = membership_grant(
        email=email,
        full_name=_("Integration: %(name)s") % {"name": name[:150]},
        role=role,
        region=region,
        municipality=municipality,
        partner=partner,
        actor=actor,
        send_invitation=False,
    )
    return api_token_create(
        user=membership.user,
        name=name,
        actor=actor,
        can_write=can_write,
        days=days,
        membership=membership,
    )


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit_log(
            actor=actor,
            action=Action.DELETE,
            obj=locked,
            object_repr=str(locked),
            region=locked.membership.region if locked.membership_id else None,
            detail={"user": locked.user.email, "revoked": True},
        )
        _service_account_end(token=locked, actor=actor)
    return locked


def _service_account_end(*, token: ApiToken, actor) -> None:
    """An organisation's token revoked: its service account exists only for it, so its role
    ends too (through membership_update, recorded in the trail like any role switched off),
    and the organisation's people lists no longer show an integration that is gone."""
    user, membership = token.user, token.membership
    if membership is None or not user.email.endswith(f".{SERVICE_ACCOUNT_DOMAIN}"):
        return
    if user.api_tokens.filter(revoked_at__isnull=True).exists():
        return
    if membership.is_active:
        membership_update(
            membership=membership,
            role=membership.role,
            is_active=False,
            actor=actor,
            municipality=membership.municipality,
            partner=membership.partner,
        )


def api_token_find(secret: str) -> ApiToken | None:
    """The usable token with this secret, its last use recorded (at most once a minute, so a
    BI tool's paging does not write on every request)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.usable().select_related("user").filter(digest=token_digest(secret)).first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_write_audit(*, token: ApiToken, obj, detail: dict) -> None:
    """A write through a token: the change's own audit row names the user; this one names the
    token that made it (call inside the write's transaction)."""
    audit_log(
        actor=token.user,
        action=Action.UPDATE,
        obj=obj,
        detail={"api_token": str(token), **detail},
    )
