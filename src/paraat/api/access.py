"""What a token or session may read through the API: the pages' own permission rules, asked
once per region or municipality, never re-derived here."""

from __future__ import annotations

from paraat.accounts.selectors import user_regions


def regions_with(user, perm: str) -> list:
    """The user's regions on which `perm` holds (a token acts as its user in each)."""
    return [region for region in user_regions(user) if user.has_perm(perm, region)]


def may(user, perm: str, obj) -> bool:
    return user.has_perm(perm, obj)
