"""Paraat's permission rules, in one module: a predicate per rule (django-rules).

Views check them with `require(request, perm, obj)` or the `region_view` decorator, templates
with `{% load rules %}{% has_perm "perm" user obj as can %}`. Every rule takes the object it is
about, so the organisation is always checked, never only the role. Apps add their rules in the
section marked for them below, built from the shared predicates.
"""

from __future__ import annotations

import rules

from paraat.accounts.roles import STAFF_ROLES, Role

# --- who is who: memberships are read once per request and kept on the user object ----------


def memberships(user) -> list:
    """The user's active memberships with their organisations, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_paraat_memberships", None)
    if cached is None:
        from paraat.accounts.models import Membership

        cached = list(
            Membership.objects.filter(user=user, is_active=True).select_related(
                "region", "municipality", "partner"
            )
        )
        user._paraat_memberships = cached
    return cached


def region_id_of(obj) -> int | None:
    from paraat.regions.models import Region

    if obj is None:
        return None
    if isinstance(obj, Region):
        return obj.pk
    if hasattr(obj, "region_id"):
        return obj.region_id
    municipality = getattr(obj, "municipality", None)
    return getattr(municipality, "region_id", None)


def roles_in_region(user, region) -> set[str]:
    rid = region_id_of(region)
    return {m.role for m in memberships(user) if m.region_id == rid and rid is not None}


def municipality_ids(user, region=None) -> set[int]:
    """Municipalities the user is the contact of (optionally within one region)."""
    rid = region_id_of(region) if region is not None else None
    return {
        m.municipality_id
        for m in memberships(user)
        if m.role == Role.MUNICIPAL_CONTACT and (rid is None or m.region_id == rid)
    }


def partner_ids(user) -> set[int]:
    return {m.partner_id for m in memberships(user) if m.partner_id}


def user_regions(user) -> list:
    """The regions the user is a member of, in code order, without duplicates."""
    seen = {}
    for m in memberships(user):
        if m.region_id and m.region_id not in seen:
            seen[m.region_id] = m.region
    return sorted(seen.values(), key=lambda r: r.code)


# --- predicates ----------------------------------------------------------------------------


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


@rules.predicate
def is_region_member(user, obj) -> bool:
    """Any role in the object's region (national readers are not region members)."""
    return bool(roles_in_region(user, obj))


@rules.predicate
def is_region_admin(user, obj) -> bool:
    return Role.ADMIN in roles_in_region(user, obj)


@rules.predicate
def is_region_staff(user, obj) -> bool:
    """Administrator, programme coordinator or CFG of the object's region."""
    return bool(roles_in_region(user, obj) & STAFF_ROLES)


@rules.predicate
def is_region_coordinator(user, obj) -> bool:
    return bool(roles_in_region(user, obj) & {Role.ADMIN, Role.COORDINATOR})


@rules.predicate
def is_region_cfg(user, obj) -> bool:
    return bool(roles_in_region(user, obj) & {Role.ADMIN, Role.CFG})


@rules.predicate
def is_region_internal(user, obj) -> bool:
    """Everyone of the region's own organisations: all roles except partners."""
    return bool(roles_in_region(user, obj) - {Role.PARTNER})


@rules.predicate
def is_own_municipality(user, obj) -> bool:
    """The object is (or belongs to) a municipality the user is the contact of."""
    from paraat.regions.models import Municipality

    mid = obj.pk if isinstance(obj, Municipality) else getattr(obj, "municipality_id", None)
    return mid is not None and mid in municipality_ids(user)


@rules.predicate
def is_own_partner(user, obj) -> bool:
    """The object belongs to the partner organisation the user works for."""
    pid = getattr(obj, "partner_id", None)
    return pid is not None and pid in partner_ids(user)


@rules.predicate
def is_national_reader(user) -> bool:
    return any(m.role == Role.NATIONAL for m in memberships(user))


# --- foundation rules ----------------------------------------------------------------------

rules.add_perm("regions.view_region", is_superuser | is_region_member)
rules.add_perm("regions.view_municipality", is_superuser | is_region_member)
rules.add_perm("regions.change_municipality", is_superuser | is_region_admin | is_own_municipality)
rules.add_perm("regions.view_contacts", is_superuser | is_region_member)
rules.add_perm(
    "regions.change_contact",
    is_superuser | is_region_staff | is_own_municipality | is_own_partner,
)
rules.add_perm("regions.add_contact", is_superuser | is_region_member)
rules.add_perm("regions.change_phase", is_superuser | is_region_coordinator)
rules.add_perm("regions.change_region", is_superuser | is_region_admin)
rules.add_perm("accounts.manage_users", is_superuser | is_region_admin)
rules.add_perm("audit.view_trail", is_superuser | is_region_admin)
rules.add_perm("core.view_national", is_superuser | is_national_reader)

# --- agreements and progress (issue 3) -----------------------------------------------------

# --- dashboard (issue 4) -------------------------------------------------------------------

# --- programme (issue 5) -------------------------------------------------------------------


# --- emergency support points (issue 6) ----------------------------------------------------
@rules.predicate
def is_local_point_of_own_municipality(user, obj) -> bool:
    """A local support point (L-NSP) of a municipality the user is the contact of."""
    return getattr(obj, "kind", None) == "local" and is_own_municipality(user, obj)


@rules.predicate
def is_municipal_contact_in_region(user, obj) -> bool:
    """The user is the contact of at least one municipality of the object's region."""
    return bool(municipality_ids(user, obj))


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


# --- knowledge platform and desk (issue 7) -------------------------------------------------

# --- reports and emergency binder (issue 8) ------------------------------------------------


@rules.predicate
def is_region_reader(user, obj) -> bool:
    """Staff, steering group and board: they read the region's reports."""
    return bool(roles_in_region(user, obj) & (STAFF_ROLES | {Role.STEERING, Role.BOARD}))


@rules.predicate
def is_municipal_report(user, obj) -> bool:
    """A report (request) about one municipality: a factsheet or that municipality's binder."""
    return getattr(obj, "municipality_id", None) is not None and getattr(obj, "kind", "") in {
        "factsheet",
        "binder",
    }


@rules.predicate
def is_region_scope(user, obj) -> bool:
    return getattr(obj, "municipality_id", None) is None


@rules.predicate
def is_shared_widely(user, obj) -> bool:
    """TLP:CLEAR and TLP:GREEN reports may go to everyone in the region, partners included."""
    return getattr(obj, "tlp", "") in {"CLEAR", "GREEN"}


@rules.predicate
def is_not_red(user, obj) -> bool:
    return getattr(obj, "tlp", "") != "RED"


rules.add_perm("reports.view_reports", is_superuser | is_region_member)
# obj: a ReportRun (or a ReportScope for a request not made yet).
rules.add_perm(
    "reports.generate_report",
    is_superuser | is_region_staff | (is_own_municipality & is_municipal_report),
)
rules.add_perm(
    "reports.view_report",
    is_superuser
    | is_region_staff
    | (is_region_reader & is_region_scope & is_not_red)
    | (is_own_municipality & is_municipal_report)
    | (is_region_member & is_region_scope & is_shared_widely),
)

rules.add_perm("reports.manage_plans", is_superuser | is_region_coordinator)


@rules.predicate
def is_municipal_contact_here(user, obj) -> bool:
    """The contact of at least one municipality in the object's region."""
    rid = region_id_of(obj)
    return bool(rid is not None and municipality_ids(user, obj))


rules.add_perm(
    "reports.request_reports", is_superuser | is_region_staff | is_municipal_contact_here
)
rules.add_perm(
    "reports.use_binder",
    is_superuser | is_region_staff | is_region_reader | is_municipal_contact_here,
)
