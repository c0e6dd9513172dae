"""Reads for single sign-on: which provider serves an address, a region's providers and
requests for access."""

from django.db.models import Prefetch

from paraat.accounts.models import Membership
from paraat.regions.models import Region

from .models import AccessRequest, IdentityProvider, ProviderDomain


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def provider_for_email(email: str) -> IdentityProvider | None:
    """The provider that serves this address's domain, anywhere in the installation."""
    domain = email_domain(email or "")
    if not domain:
        return None
    found = ProviderDomain.objects.select_related("provider").filter(domain=domain).first()
    return found.provider if found else None


def sso_in_use() -> bool:
    """Whether any organisation signs in through its own identity provider. Only then does the
    sign-in page ask for the e-mail address on its own first: without providers there is no
    reason for an extra step (and password managers and scripts find both fields at once)."""
    return IdentityProvider.objects.exists()


def provider_list(*, region) -> list[IdentityProvider]:
    return list(
        IdentityProvider.objects.filter(region=region).prefetch_related(
            Prefetch("domains", queryset=ProviderDomain.objects.order_by("domain"))
        )
    )


def issuer_origins() -> list[str]:
    """Every configured issuer's origin, for the sign-in page's form-action."""
    issuers = IdentityProvider.objects.values_list("issuer", flat=True).distinct()
    return sorted({IdentityProvider(issuer=i).issuer_origin for i in issuers})


def regions_for_domain(*, provider: IdentityProvider, domain: str) -> list:
    """The regions where an organisation works: the provider's own region and every region
    where someone of that e-mail domain already holds a role."""

    region_ids = {provider.region_id}
    region_ids |= set(
        Membership.objects.filter(
            is_active=True, region__isnull=False, user__email__iendswith="@" + domain
        ).values_list("region_id", flat=True)
    )
    return list(Region.objects.filter(pk__in=region_ids).order_by("code"))


def region_admins(*, region) -> list:
    from paraat.accounts.roles import Role

    return [
        m.user
        for m in Membership.objects.filter(region=region, role=Role.ADMIN, is_active=True)
        .select_related("user")
        .order_by("user__email")
    ]


def open_requests(*, region) -> list[AccessRequest]:
    return list(
        AccessRequest.objects.filter(region=region, status=AccessRequest.Status.OPEN)
        .select_related("user", "provider")
        .order_by("created_at")
    )


def requests_of(*, user) -> list[AccessRequest]:
    return list(
        AccessRequest.objects.filter(user=user, status=AccessRequest.Status.OPEN)
        .select_related("region", "provider")
        .order_by("region__code")
    )
