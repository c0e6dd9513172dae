"""Setting up a region, a top-floor task: the region and its municipalities from the reference
data (`regions.services.region_setup`) and, in the same transaction, the invitation of its first
administrator (`accounts.services.membership_grant`). It lives here, above both apps, because
regions sits below accounts and may not make accounts; `paraat setup_region` runs it."""

from django.db import transaction
from django.utils.translation import gettext as _

from paraat.accounts.models import Membership
from paraat.accounts.roles import Role
from paraat.accounts.services import membership_grant
from paraat.regions.models import Region
from paraat.regions.reference import Reference
from paraat.regions.services import SetupResult, region_setup


@transaction.atomic
def region_setup_with_admin(
    *,
    code: str,
    reference: Reference,
    actor=None,
    admin_email: str = "",
    admin_name: str = "",
) -> SetupResult:
    """`region_setup` (idempotent), then invite the first administrator when they do not have
    that role yet."""
    result = region_setup(code=code, reference=reference, actor=actor)
    if admin_email:
        _invite_first_admin(
            region=result.region, email=admin_email, name=admin_name, actor=actor, result=result
        )
    return result


def _invite_first_admin(*, region: Region, email: str, name: str, actor, result) -> None:
    email = email.strip().lower()
    if Membership.objects.filter(
        user__email__iexact=email, region=region, role=Role.ADMIN, is_active=True
    ).exists():
        return
    membership = membership_grant(
        email=email,
        full_name=name or email.split("@")[0],
        role=Role.ADMIN,
        region=region,
        actor=actor,
    )
    result.invited = membership.user
    result.changes.append(_("Administrator invited: %s") % email)
