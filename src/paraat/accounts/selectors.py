"""Accounts' reads: who holds which role where. The rules (`paraat.permissions` and every
app's `rules.py`) ask these once per request; the answer is kept on the user object."""

from __future__ import annotations

from typing import Any

from paraat.regions.models import Region

from .models import Membership
from .roles import Role


def memberships(user: Any) -> list[Membership]:
    """The user's active memberships with their organisations, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = getattr(user, "_paraat_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True).select_related(
                "region", "municipality", "partner"
            )
        )
        user._paraat_memberships = cached
    return cached


def user_regions(user: Any) -> list[Region]:
    """The regions the user is a member of, in code order, without duplicates."""
    seen: dict[int, Region] = {}
    for m in memberships(user):
        if m.region_id and m.region_id not in seen and m.region is not None:
            seen[m.region_id] = m.region
    return sorted(seen.values(), key=lambda r: r.code)


def municipalities_with_contact(*, region: Region) -> set[int]:
    """Ids of the region's municipalities for which a municipal contact (who gets a round's
    reminders) is named: an active membership with that role."""
    return set(
        Membership.objects.filter(
            municipality__region=region, role=Role.MUNICIPAL_CONTACT, is_active=True
        ).values_list("municipality_id", flat=True)
    )


def memberships_active_count(*, region: Region) -> int:
    """How many active roles the region has handed out (its first administrator's included)."""
    return Membership.objects.filter(region=region, is_active=True).count()
