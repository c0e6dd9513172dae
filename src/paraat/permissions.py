"""Paraat's permission rules, in one module: a predicate per rule (django-rules).

Views check them with `require(request, perm, obj)` or the `region_view` decorator, templates
with `{% load rules %}{% has_perm "perm" user obj as can %}`. Every rule takes the object it is
about, so the organisation is always checked, never only the role. Apps add their rules in the
section marked for them below, built from the shared predicates.
"""

from __future__ import annotations

import rules

from paraat.accounts.roles import STAFF_ROLES, Role
from paraat.core.tlp import TLP

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


@rules.predicate
def is_region_progress_reader(user, obj) -> bool:
    """Who reads every municipality's progress: staff, board, steering group, theme leads."""
    return bool(
        roles_in_region(user, obj) & (STAFF_ROLES | {Role.BOARD, Role.STEERING, Role.THEME_LEAD})
    )


@rules.predicate
def is_track_of_region(user, obj) -> bool:
    """The object (evidence, progress) is on the region's own track, not a municipality's."""
    return getattr(obj, "municipality_id", None) is None


# The action list: every internal member reads it; administrators and coordinators edit it.
rules.add_perm("agreements.view_agreements", is_superuser | is_region_internal)
rules.add_perm("agreements.manage_items", is_superuser | is_region_coordinator)
# Progress of one municipality (object: Municipality, Evidence or Submission).
rules.add_perm(
    "agreements.view_progress", is_superuser | is_region_progress_reader | is_own_municipality
)
rules.add_perm("agreements.change_progress", is_superuser | is_own_municipality)
# The region's own track (object: Region): coordinators keep it; readers read it.
rules.add_perm("agreements.view_region_progress", is_superuser | is_region_progress_reader)
rules.add_perm("agreements.change_region_progress", is_superuser | is_region_coordinator)
# Evidence download (object: Evidence): as its track.
rules.add_perm(
    "agreements.download_evidence",
    is_superuser | is_region_progress_reader | (~is_track_of_region & is_own_municipality),
)
# Measurement rounds: the CFG (and administrator) runs them; staff and board follow them.
rules.add_perm("agreements.view_rounds", is_superuser | is_region_progress_reader)
rules.add_perm("agreements.manage_rounds", is_superuser | is_region_cfg)
rules.add_perm("agreements.submit_round", is_superuser | is_own_municipality)
rules.add_perm("agreements.review_submission", is_superuser | is_region_cfg)
# Figures and systematic lag per municipality.
rules.add_perm("agreements.view_figures", is_superuser | is_region_progress_reader)

# --- dashboard (issue 4) -------------------------------------------------------------------
# The region overview, the municipality pages, comparisons and exports: a region's detail is
# shared with every member of that region (partners included), never with another region.
rules.add_perm("dashboard.view_overview", is_superuser | is_region_member)
rules.add_perm("dashboard.view_municipality", is_superuser | is_region_member)
# The national view: aggregate figures of regions that share them (TLP:GREEN), per region only.
rules.add_perm("dashboard.view_national", is_superuser | is_national_reader)

# --- programme (issue 5) -------------------------------------------------------------------


def _table_of(obj):
    """The theme table an object belongs to (the table itself, or None for programme-wide)."""
    from paraat.programme.models import StartDocument, ThemeTable

    if isinstance(obj, ThemeTable):
        return obj
    if isinstance(obj, StartDocument):
        return obj.table
    return getattr(obj, "table", None)


@rules.predicate
def is_table_lead(user, obj) -> bool:
    """A theme table lead (role) of the region who is this table's lead user."""
    table = _table_of(obj)
    if table is None or not getattr(user, "is_authenticated", False):
        return False
    return table.lead_id == user.pk and Role.THEME_LEAD in roles_in_region(user, table)


@rules.predicate
def is_region_steering(user, obj) -> bool:
    return Role.STEERING in roles_in_region(user, obj)


rules.add_perm("programme.view_programme", is_superuser | is_region_internal)
rules.add_perm("programme.change_programme", is_superuser | is_region_coordinator)
# obj: a ThemeTable, or an activity / deferred work / risk (table None = programme-wide)
rules.add_perm("programme.change_table", is_superuser | is_region_coordinator | is_table_lead)
rules.add_perm("programme.adopt_startdocument", is_superuser | is_region_steering)
rules.add_perm(
    "programme.return_startdocument",
    is_superuser | is_region_coordinator | is_table_lead | is_region_steering,
)


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

# Roles that share knowledge and ask the desk (read-only roles except partners do not).
KNOWLEDGE_SHARER_ROLES = frozenset(
    {Role.ADMIN, Role.COORDINATOR, Role.CFG, Role.MUNICIPAL_CONTACT, Role.THEME_LEAD, Role.PARTNER}
)


@rules.predicate
def is_knowledge_sharer(user, obj) -> bool:
    return bool(roles_in_region(user, obj) & KNOWLEDGE_SHARER_ROLES)


@rules.predicate
def is_region_theme_lead(user, obj) -> bool:
    return Role.THEME_LEAD in roles_in_region(user, obj)


@rules.predicate
def can_see_knowledge_item(user, item) -> bool:
    """TLP, decided by the one selector that every list, count and search uses too."""
    from paraat.knowledge.selectors import items_visible_to

    return items_visible_to(user, item.region).filter(pk=item.pk).exists()


@rules.predicate
def can_see_question(user, question) -> bool:
    from paraat.knowledge.selectors import questions_visible_to

    return questions_visible_to(user, question.region).filter(pk=question.pk).exists()


@rules.predicate
def is_item_author(user, item) -> bool:
    return getattr(item, "created_by_id", None) == getattr(user, "pk", False)


@rules.predicate
def is_asker(user, question) -> bool:
    return getattr(question, "asked_by_id", None) == getattr(user, "pk", False)


@rules.predicate
def is_lead_of_question_table(user, question) -> bool:
    """The question is routed to a theme table whose lead (role theme_lead) is the user."""
    return getattr(question, "table_id", None) is not None and is_table_lead(user, question)


rules.add_perm("knowledge.view_knowledge", is_superuser | is_region_member)
rules.add_perm("knowledge.view_item", can_see_knowledge_item)
rules.add_perm("knowledge.add_item", is_knowledge_sharer)
rules.add_perm(
    "knowledge.change_item",
    can_see_knowledge_item & ((is_item_author & is_knowledge_sharer) | is_region_coordinator),
)
rules.add_perm("knowledge.use_desk", is_knowledge_sharer)
rules.add_perm("knowledge.view_question", can_see_question)
rules.add_perm("knowledge.route_question", is_region_coordinator)
# obj: a Question. Coordinators answer every question; a theme table lead only the questions
# routed to their own table(s).
rules.add_perm(
    "knowledge.answer_question",
    can_see_question & (is_region_coordinator | is_lead_of_question_table),
)
# obj: the Region. Who works the desk (sees all questions, the overdue marks).
rules.add_perm("knowledge.handle_desk", is_region_coordinator | is_region_theme_lead)
rules.add_perm("knowledge.consent_question", is_asker & can_see_question)
rules.add_perm("knowledge.publish_question", is_region_coordinator)
rules.add_perm("knowledge.manage_digest", is_region_member)

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
    return getattr(obj, "tlp", "") in {TLP.CLEAR, TLP.GREEN}


@rules.predicate
def is_not_red(user, obj) -> bool:
    return getattr(obj, "tlp", "") != TLP.RED


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

# Steering group meetings (issue 18): staff, steering group and board read them; coordinators
# (programme coordinator, secretary) edit; the steering group comments. obj: Region or Meeting.
# The minutes follow the reports' TLP rule: RED only for staff.
rules.add_perm("programme.view_meetings", is_superuser | is_region_reader)
rules.add_perm("programme.change_meetings", is_superuser | is_region_coordinator)
rules.add_perm(
    "programme.comment_meeting", is_superuser | is_region_coordinator | is_region_steering
)
rules.add_perm(
    "programme.view_minutes", is_superuser | is_region_staff | (is_region_reader & is_not_red)
)


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
