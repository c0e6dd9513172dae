"""The emergency support points' permissions (issue 6), built from the shared predicates in
`paraat.permissions`; loaded at start-up by django-rules' `AutodiscoverRulesConfig`."""

from __future__ import annotations

import rules

from paraat.permissions import (
    is_municipal_contact_in_region,
    is_own_municipality,
    is_region_coordinator,
    is_region_internal,
    is_region_member,
    is_superuser,
)

from .models import PointKind


@rules.predicate
def is_local_point_of_own_municipality(user, obj) -> bool:
    """A local support point (L-NSP) of a municipality the user is the contact of."""
    return getattr(obj, "kind", None) == PointKind.LOCAL and is_own_municipality(user, obj)


# Register, map, lists and exports: everyone of the region, partners included (they read).
rules.add_perm("supportpoints.view_register", is_superuser | is_region_member)
rules.add_perm("supportpoints.view_point", is_superuser | is_region_member)
# Documents (floor plans, key arrangements) stay within the region's own organisations.
rules.add_perm("supportpoints.view_documents", is_superuser | is_region_internal)
# Register a point: coordinators for any point, a municipality for its own local points.
rules.add_perm(
    "supportpoints.add_point",
    is_superuser | is_region_coordinator | is_municipal_contact_in_region,
)
rules.add_perm(
    "supportpoints.change_point",
    is_superuser | is_region_coordinator | is_local_point_of_own_municipality,
)
# Checklist, weights, norms and populated places are the region's.
rules.add_perm("supportpoints.manage_settings", is_superuser | is_region_coordinator)
