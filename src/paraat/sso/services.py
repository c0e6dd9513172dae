"""Single sign-on's write API: providers, sign-ins through them and requests for access.

Every change and every sign-in or refusal goes into the audit trail with the provider's name.
A sign-in never grants a role: roles stay in Paraat (accounts.services.membership_grant).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paraat.accounts.models import User
from paraat.accounts.selectors import memberships
from paraat.audit.models import Action, Result
from paraat.audit.services import audit_log

from .models import AccessRequest, IdentityProvider, ProviderDomain, ProviderLink
from .oidc import Refusal
from .selectors import email_domain, regions_for_domain

# `amr` values that show a second factor (RFC 8176), as Entra ID, Google and Keycloak send them.
SECOND_FACTOR_AMR = frozenset({"mfa", "otp", "hwk", "swk", "sms", "tel", "fpt", "face", "iris"})
DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_domains(value) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value)
    domains = sorted({d.strip().lower().lstrip("@") for d in items if d.strip()})
    bad = [d for d in domains if not DOMAIN_RE.match(d)]
    if bad:
        raise ValidationError(_("Not an e-mail domain: %(list)s.") % {"list": ", ".join(bad)})
    if not domains:
        raise ValidationError(_("Enter at least one e-mail domain."))
    return domains


def _check_issuer(issuer: str) -> str:
    issuer = issuer.strip()
    parts = urlsplit(issuer)
    local = parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost", "::1"}
    allowed = parts.scheme == "https" or (local and not settings.IS_PRODUCTION)
    if allowed and parts.netloc and not parts.query and not parts.fragment:
        return issuer
    raise ValidationError(_("The issuer URL must start with https://."))


def _check_domains_free(domains: list[str], provider: IdentityProvider | None) -> None:
    taken = ProviderDomain.objects.filter(domain__in=domains)
    if provider is not None:
        taken = taken.exclude(provider=provider)
    names = sorted(taken.values_list("domain", flat=True))
    if names:
        raise ValidationError(
            _("Another identity provider already serves %(list)s.") % {"list": ", ".join(names)}
        )


def _snapshot(p: IdentityProvider) -> dict:
    """What the audit trail records of a provider: everything except the secret."""
    return {
        "name": p.name,
        "issuer": p.issuer,
        "client_id": p.client_id,
        "domains": p.domain_list,
        "password_allowed": p.password_allowed,
        "trust_mfa": p.trust_mfa,
        "trust_email": p.trust_email,
    }


@transaction.atomic
def provider_add(
    *,
    region,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    domains,
    actor,
    password_allowed: bool = True,
    trust_mfa: bool = False,
    trust_email: bool = False,
) -> IdentityProvider:
    domains = parse_domains(domains)
    issuer = _check_issuer(issuer)
    if not client_secret:
        raise ValidationError(_("Enter the client secret."))
    if IdentityProvider.objects.filter(region=region, name=name).exists():
        raise ValidationError(_("This region already has an identity provider with this name."))
    _check_domains_free(domains, None)
    provider = IdentityProvider(
        region=region,
        name=name.strip(),
        issuer=issuer,
        client_id=client_id.strip(),
        password_allowed=password_allowed,
        trust_mfa=trust_mfa,
        trust_email=trust_email,
    )
    provider.client_secret = client_secret
    provider.save()
    ProviderDomain.objects.bulk_create(
        [ProviderDomain(provider=provider, domain=d) for d in domains]
    )
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=provider,
        region=region,
        detail={"provider": provider.name, "after": _snapshot(provider)},
    )
    return provider


@transaction.atomic
def provider_update(
    *,
    provider: IdentityProvider,
    name: str,
    issuer: str,
    client_id: str,
    domains,
    actor,
    password_allowed: bool,
    trust_mfa: bool,
    trust_email: bool,
    client_secret: str = "",
) -> IdentityProvider:
    """Change a provider; an empty `client_secret` keeps the stored one."""
    locked = IdentityProvider.objects.select_for_update().get(pk=provider.pk)
    domains = parse_domains(domains)
    issuer = _check_issuer(issuer)
    if (
        IdentityProvider.objects.filter(region=locked.region_id, name=name)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise ValidationError(_("This region already has an identity provider with this name."))
    _check_domains_free(domains, locked)
    before = _snapshot(locked)
    locked.name, locked.issuer, locked.client_id = name.strip(), issuer, client_id.strip()
    locked.password_allowed, locked.trust_mfa, locked.trust_email = (
        password_allowed,
        trust_mfa,
        trust_email,
    )
    if client_secret:
        locked.client_secret = client_secret
    locked.save()
    locked.domains.exclude(domain__in=domains).delete()
    existing = set(locked.domains.values_list("domain", flat=True))
    ProviderDomain.objects.bulk_create(
        [ProviderDomain(provider=locked, domain=d) for d in domains if d not in existing]
    )
    after = _snapshot(locked)
    detail = {"provider": locked.name, "before": before, "after": after}
    if client_secret:
        detail["client_secret"] = "changed"
    audit_log(actor=actor, action=Action.UPDATE, obj=locked, region=locked.region, detail=detail)
    return locked


@transaction.atomic
def provider_remove(*, provider: IdentityProvider, actor) -> None:
    locked = IdentityProvider.objects.select_for_update().get(pk=provider.pk)
    audit_log(
        actor=actor,
        action=Action.DELETE,
        obj=locked,
        region=locked.region,
        detail={"provider": locked.name, "before": _snapshot(locked)},
    )
    locked.delete()


# --- signing in ------------------------------------------------------------------------------


@dataclass
class SignIn:
    user: User
    second_factor: bool
    linked_now: bool = False
    requests: list[AccessRequest] = field(default_factory=list)

    @property
    def has_role(self) -> bool:
        return bool(memberships(self.user))


def _email_verified(provider: IdentityProvider, claims: dict) -> bool:
    if claims.get("email_verified") is True:
        return True
    if provider.trust_email:
        return True
    # Microsoft Entra ID: the domain owner verified the address (xms_edov, optional claim).
    return claims.get("xms_edov") in (True, 1, "1", "true", "True")


def sign_in_accept(*, provider: IdentityProvider, claims: dict) -> SignIn:
    """Find (or link, or make) the account for validated ID-token claims; refuse with Refusal.

    The first sign-in links an account by its verified e-mail address; later sign-ins find it
    by the provider's subject, so a changed address does not make a second account.
    """
    subject = str(claims.get("sub") or "")
    email = str(claims.get("email") or "").strip().lower()
    if not subject:
        raise Refusal("token:no_subject", email=email)
    with transaction.atomic():
        link = (
            ProviderLink.objects.select_for_update()
            .select_related("user")
            .filter(provider=provider, subject=subject)
            .first()
        )
        if email and email_domain(email) not in provider.domain_list:
            raise Refusal("domain", email=email)
        linked_now = False
        if link is None:
            if not email:
                raise Refusal("email_missing")
            if not _email_verified(provider, claims):
                raise Refusal("email_unverified", email=email)
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email, full_name=str(claims.get("name") or "")[:200]
                )
                audit_log(
                    actor=user,
                    action=Action.CREATE,
                    obj=user,
                    region=provider.region,
                    detail={"provider": provider.name, "via": "single sign-on"},
                )
            if ProviderLink.objects.filter(provider=provider, user=user).exists():
                # The account is linked to another subject of this provider: not this person.
                raise Refusal("subject_mismatch", email=email)
            link = ProviderLink.objects.create(user=user, provider=provider, subject=subject)
            linked_now = True
            audit_log(
                actor=user,
                action=Action.CREATE,
                obj=link,
                region=provider.region,
                object_repr=f"{user.email} · {provider.name}",
                detail={"provider": provider.name, "linked_by": "verified e-mail"},
            )
        user = link.user
        if not user.is_active:
            raise Refusal("inactive", email=user.email)
        link.last_sign_in = timezone.now()
        link.save(update_fields=["last_sign_in"])
        amr = claims.get("amr") or []
        amr = [amr] if isinstance(amr, str) else amr
        result = SignIn(
            user=user,
            second_factor=provider.trust_mfa and bool(SECOND_FACTOR_AMR & set(amr)),
            linked_now=linked_now,
        )
        if not result.has_role:
            result.requests = _request_access(provider=provider, user=user)
    return result


def _request_access(*, provider: IdentityProvider, user: User) -> list[AccessRequest]:
    made = []
    for region in regions_for_domain(provider=provider, domain=email_domain(user.email)):
        existing = AccessRequest.objects.filter(
            user=user, region=region, status=AccessRequest.Status.OPEN
        ).first()
        if existing:
            made.append(existing)
            continue
        request = AccessRequest.objects.create(provider=provider, user=user, region=region)
        audit_log(
            actor=user,
            action=Action.CREATE,
            obj=request,
            region=region,
            object_repr=str(request),
            detail={"provider": provider.name, "request": "access"},
        )
        made.append(request)
    return made


def sign_in_refusal_record(*, provider: IdentityProvider | None, refusal: Refusal) -> None:
    """A refused sign-in, in the audit trail of the provider's region."""
    detail = {"provider": provider.name if provider else "", "reason": refusal.reason}
    if refusal.description:
        detail["description"] = refusal.description
    audit_log(
        actor=refusal.email or "?",
        action=Action.LOGIN_FAILED,
        result=Result.DENIED,
        object_repr=refusal.email or (provider.name if provider else ""),
        region=provider.region if provider else None,
        detail=detail,
    )


# --- requests for access ---------------------------------------------------------------------


@transaction.atomic
def access_request_grant(
    *, access_request: AccessRequest, role: str, actor, municipality=None, partner=None
):
    """Grant the person a role in the request's region, in one step."""
    from paraat.accounts.services import membership_grant

    locked = (
        AccessRequest.objects.select_for_update().select_related("user").get(pk=access_request.pk)
    )
    if locked.status != AccessRequest.Status.OPEN:
        raise ValidationError(_("This request has already been handled."))
    membership = membership_grant(
        email=locked.user.email,
        full_name=locked.user.full_name,
        role=role,
        region=locked.region,
        municipality=municipality,
        partner=partner,
        actor=actor,
        send_invitation=False,
    )
    _close(locked, AccessRequest.Status.GRANTED, actor)
    return membership


@transaction.atomic
def access_request_dismiss(*, access_request: AccessRequest, actor) -> None:
    locked = (
        AccessRequest.objects.select_for_update().select_related("user").get(pk=access_request.pk)
    )
    if locked.status != AccessRequest.Status.OPEN:
        raise ValidationError(_("This request has already been handled."))
    _close(locked, AccessRequest.Status.DISMISSED, actor)


def _close(locked: AccessRequest, status: str, actor) -> None:
    locked.status, locked.handled_by, locked.handled_at = status, actor, timezone.now()
    locked.save(update_fields=["status", "handled_by", "handled_at"])
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.region,
        object_repr=str(locked),
        detail={"request": "access", "status": status, "user": locked.user.email},
    )
