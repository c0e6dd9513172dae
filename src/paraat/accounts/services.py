"""Accounts' write API: users and memberships, each change in the audit trail."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.core.mail import mail_send

from .extensions import sign_in_methods
from .models import Membership, User
from .roles import GRANTABLE_ROLES, TWO_FACTOR_ROLES, Role
from .selectors import memberships


def requires_two_factor(user) -> bool:
    """Two-factor sign-in is needed for the powerful roles (when switched on) and for anyone
    who set it up themselves."""
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        return True
    if not settings.PARAAT_REQUIRE_2FA:
        return False
    return user.is_superuser or any(m.role in TWO_FACTOR_ROLES for m in memberships(user))


# --- two-factor set-up: the key travels signed in the form, so showing it writes nothing -----

SETUP_SALT = "paraat.accounts.two_factor_setup"
SETUP_MAX_AGE = 30 * 60


def two_factor_setup_start(*, user, setup: str = ""):
    """An unsaved authenticator for `user` and its key signed for the set-up form: the one
    already being set up (`setup`, from the form) while it is valid, else a new key. Nothing is
    stored until the person confirms a code (two_factor_setup_confirm)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp.util import random_hex

    key = _setup_key(user=user, setup=setup) or random_hex(20)
    device = TOTPDevice(user=user, name="Authenticator", key=key, confirmed=False)
    signed = signing.dumps({"user": user.pk, "key": key}, salt=SETUP_SALT)
    return device, signed


def _setup_key(*, user, setup: str) -> str | None:
    if not setup:
        return None
    try:
        data = signing.loads(setup, salt=SETUP_SALT, max_age=SETUP_MAX_AGE)
    except signing.BadSignature:
        return None
    return data.get("key") if data.get("user") == user.pk else None


@transaction.atomic
def two_factor_setup_confirm(*, user, setup: str, token: str):
    """Store the authenticator whose current code the person gave, replacing any earlier one,
    in the audit trail. A wrong code, or a set-up form that expired, stores nothing."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = _setup_key(user=user, setup=setup)
    if key is None:
        raise ValidationError(
            _("This set-up has expired. Scan the new QR code and enter its code."), code="expired"
        )
    device = TOTPDevice(user=user, name="Authenticator", key=key, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not token.isdigit() or not totp.verify(int(token), device.tolerance):
        raise ValidationError(
            _("This code is not correct. Try the current code."), code="wrong_code"
        )
    device.last_t = totp.t()
    TOTPDevice.objects.filter(user=user).delete()
    device.save()
    audit_log(actor=user, action=Action.TWO_FACTOR, obj=user, detail={"step": "set up"})
    return device


def _check_membership(m: Membership) -> None:
    if m.role not in GRANTABLE_ROLES:
        raise ValidationError(_("This role cannot be granted in a region."))
    if m.role == Role.MUNICIPAL_CONTACT and not m.municipality_id:
        raise ValidationError(_("A municipal contact needs a municipality."))
    if m.role == Role.PARTNER and not m.partner_id:
        raise ValidationError(_("A partner needs a partner organisation."))
    municipal_roles = {Role.MUNICIPAL_CONTACT, Role.BOARD, Role.STEERING}
    if m.municipality_id and m.role not in municipal_roles:
        raise ValidationError(_("Only municipal roles belong to a municipality."))
    if m.municipality is not None and m.municipality.region_id != m.region_id:
        raise ValidationError(_("The municipality is not part of this region."))
    if m.partner is not None and m.partner.region_id != m.region_id:
        raise ValidationError(_("The partner is not part of this region."))


@transaction.atomic
def membership_grant(
    *,
    email: str,
    full_name: str,
    role: str,
    region,
    actor,
    municipality=None,
    partner=None,
    send_invitation: bool = True,
) -> Membership:
    """Give someone a role in the region, creating the account when it is new."""
    email = email.strip().lower()
    found = User.objects.filter(email__iexact=email).first()
    created = found is None
    if found is None:
        user = User.objects.create_user(email=email, full_name=full_name)
        audit_log(actor=actor, action=Action.CREATE, obj=user, region=region)
    else:
        user = found
    membership = Membership(
        user=user,
        role=role,
        region=region,
        municipality=municipality,
        partner=partner,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _check_membership(membership)
    if Membership.objects.filter(
        user=user,
        role=role,
        region=region,
        municipality=municipality,
        partner=partner,
        is_active=True,
    ).exists():
        raise ValidationError(_("This person already has this role."))
    membership.save()
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=membership,
        region=region,
        detail={"user": user.email, "role": role},
    )
    if created and send_invitation:
        transaction.on_commit(lambda: send_invitation_mail(user=user, region=region))
    return membership


def invitation_link(*, user: User) -> str:
    """The invitation's link to choose a first password (for an operator to pass on when no
    mail server is configured)."""
    from django.urls import reverse

    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def send_invitation_mail(*, user: User, region) -> None:
    """A link to choose a first password (Django's reset token; valid PASSWORD_RESET_TIMEOUT)."""
    from urllib.parse import urlsplit

    site = urlsplit(settings.SITE_URL)
    context = {
        "sso_provider": sign_in_methods().provider_for_email(user.email),
        "email": user.email,
        "domain": site.netloc,
        "protocol": site.scheme,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "region": region,
    }
    subject = "".join(
        render_to_string("accounts/email/invitation_subject.txt", context).splitlines()
    )
    body = render_to_string("accounts/email/invitation.txt", context)
    mail_send(subject=subject, body=body, recipients=[user.email])


@transaction.atomic
def membership_update(
    *, membership: Membership, role: str, is_active: bool, actor, municipality=None, partner=None
) -> Membership:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    before = {
        "role": locked.role,
        "active": locked.is_active,
        "municipality": locked.municipality_id,
        "partner": locked.partner_id,
    }
    locked.role, locked.is_active = role, is_active
    locked.municipality, locked.partner = municipality, partner
    _check_membership(locked)
    if (
        locked.user_id == getattr(actor, "pk", None)  # an operator's command is a name
        and before["role"] == Role.ADMIN
        and (not is_active or role != Role.ADMIN)
    ):
        raise ValidationError(_("You cannot take away your own administrator role."))
    locked.save()
    after = {
        "role": role,
        "active": is_active,
        "municipality": locked.municipality_id,
        "partner": locked.partner_id,
    }
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.region,
        detail={"before": before, "after": after, "user": locked.user.email},
    )
    return locked
