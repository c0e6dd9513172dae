"""Paraat's permission rules, in one module: a predicate per rule (django-rules).

Views check them with `require(request, perm, obj)` or the `region_view` decorator, templates
with `{% load rules %}{% has_perm "perm" user obj as can %}`. Every rule takes the object it is
about, so the organisation is always checked, never only the role. Apps add their rules in the
section marked for them below, built from the shared predicates.
"""

from __future__ import annotations

import rules

from django.db.models import Q

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


# --- confidentiality: TLP 2.0 labels (issue 17) ---------------------------------------------
# One rule for everything that carries a label (knowledge items, reports and the binder, plans
# on paper), on the object's region and the organisation that wrote it (its municipality, its
# partner, or -- neither -- the region's own organisation):
#   CLEAR, GREEN   every member of the region, crisis partners included
#   AMBER          the author's organisation and the region's staff; the region's own material
#                  also its steering group and board (they are its clients)
#   AMBER+STRICT   the author's organisation only
#   RED            only the people named on it (its author is always named)
# A superuser who is not a member reads CLEAR and GREEN. Usable as a predicate on an object
# (`can_see_tlp`) and as a queryset filter (`tlp_q`).

# The region's own organisation (its programme team); steering group and board are governance.
REGION_ORGANISATION_ROLES = STAFF_ROLES | {Role.THEME_LEAD}
GOVERNANCE_ROLES = frozenset({Role.STEERING, Role.BOARD})
WIDE_LABELS = (TLP.CLEAR, TLP.GREEN)


@rules.predicate
def is_author_organisation(user, obj) -> bool:
    """The object was written by an organisation the user works for in its region."""
    rid = region_id_of(obj)
    mid = getattr(obj, "municipality_id", None)
    pid = getattr(obj, "partner_id", None)
    for m in memberships(user):
        if m.region_id != rid or rid is None:
            continue
        if mid is not None or pid is not None:
            if (mid is not None and m.municipality_id == mid) or (
                pid is not None and m.partner_id == pid
            ):
                return True
        elif m.role in REGION_ORGANISATION_ROLES and not m.municipality_id and not m.partner_id:
            return True
    return False


def _author_id(obj):
    for name in ("created_by_id", "requested_by_id", "updated_by_id"):
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


def named_ids(obj) -> set[int]:
    """The people named on a TLP:RED object: its recipients where it has them, and its author."""
    named = {_author_id(obj)} - {None}
    recipients = getattr(obj, "recipients", None)
    if recipients is not None and getattr(obj, "pk", None):
        named |= set(recipients.values_list("pk", flat=True))
    return named


@rules.predicate
def can_see_tlp(user, obj) -> bool:
    """TLP 2.0 on one labelled object (see the table above)."""
    label = getattr(obj, "tlp", "") or TLP.RED
    uid = getattr(user, "pk", None)
    roles = roles_in_region(user, obj)
    if not roles:
        return is_superuser(user) and label in WIDE_LABELS
    if uid is not None and uid == _author_id(obj):
        return True
    if label in WIDE_LABELS:
        return True
    if label == TLP.RED:
        return uid in named_ids(obj)
    own = is_author_organisation(user, obj)
    if label == TLP.AMBER_STRICT:
        return own
    region_material = getattr(obj, "municipality_id", None) is None and (
        getattr(obj, "partner_id", None) is None
    )
    return own or bool(roles & STAFF_ROLES) or (region_material and bool(roles & GOVERNANCE_ROLES))


def tlp_q(
    user,
    region,
    *,
    author_field: str,
    named_pks=None,
    has_partner: bool = True,
) -> Q:
    """`can_see_tlp` as a filter on the labelled rows of `region` (the caller limits the rows to
    the region). `author_field`: e.g. "created_by"; `named_pks`: the pks of the rows that name
    the user (a values() subquery), for models with named people."""
    rid = region_id_of(region)
    ms = [m for m in memberships(user) if m.region_id == rid and rid is not None]
    if not ms:
        return Q(tlp__in=WIDE_LABELS) if is_superuser(user) else Q(pk__in=[])
    roles = {m.role for m in ms}
    region_material = Q(municipality__isnull=True)
    if has_partner:
        region_material &= Q(partner__isnull=True)
    own = Q(pk__in=[])
    for m in ms:
        if m.municipality_id:
            own |= Q(municipality_id=m.municipality_id)
        elif m.partner_id and has_partner:
            own |= Q(partner_id=m.partner_id)
        elif m.role in REGION_ORGANISATION_ROLES:
            own |= region_material
    named = Q(**{f"{author_field}_id": user.pk})
    if named_pks is not None:
        named |= Q(pk__in=named_pks)
    rule = (
        Q(tlp__in=WIDE_LABELS)
        | Q(**{f"{author_field}_id": user.pk})
        | (Q(tlp__in=[TLP.AMBER, TLP.AMBER_STRICT]) & own)
        | (Q(tlp=TLP.RED) & named)
    )
    if roles & STAFF_ROLES:
        rule |= Q(tlp=TLP.AMBER)
    if roles & GOVERNANCE_ROLES:
        rule |= Q(tlp=TLP.AMBER) & region_material
    return rule


# Changing a label: only the author's organisation lowers it; coordinators may also raise it.
rules.add_perm("core.lower_tlp", is_author_organisation)
rules.add_perm("core.raise_tlp", is_author_organisation | is_region_coordinator)


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
# Region set-up (issue 13): partners are managed by the region's administrators.
rules.add_perm("regions.manage_partners", is_superuser | is_region_admin)
rules.add_perm("regions.export_region", is_superuser | is_region_admin)
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


# --- confidentiality: the text of progress (issue 17) ---------------------------------------
# Statuses and figures of every municipality are shared with every member of the region (the
# dashboard's rules). The text of a status update -- explanation, bottleneck, next step -- and
# its evidence are read by the municipality itself, the region's staff (administrators,
# programme coordinators, CFG), the steering group and the board; every other member of the
# region (other municipalities, theme table leads, crisis partners) reads it only where the
# municipality shared that update with the region ("delen met de regio"). The region's own track
# is read by its progress readers. One rule, as a predicate on an object (StatusUpdate,
# SnapshotEntry, Evidence) and as a queryset filter (`progress_text_q`), for every page,
# export, report, binder, digest and the API.

PROGRESS_TEXT_ROLES = STAFF_ROLES | {Role.STEERING, Role.BOARD}


@rules.predicate
def is_region_text_reader(user, obj) -> bool:
    """Reads every municipality's progress text: staff, steering group and board."""
    return bool(roles_in_region(user, obj) & PROGRESS_TEXT_ROLES)


def shared_with_region(obj) -> bool:
    """The update's (or, for evidence, its update's) "share with the region" choice."""
    if hasattr(obj, "shared_with_region"):
        return bool(obj.shared_with_region)
    update = getattr(obj, "status_update", None)
    return bool(getattr(update, "shared_with_region", False))


@rules.predicate
def is_shared_with_region(user, obj) -> bool:
    return shared_with_region(obj)


can_read_progress_text = (
    is_superuser
    | is_region_text_reader
    | (~is_track_of_region & is_own_municipality)
    | (is_track_of_region & is_region_progress_reader)
    | (is_region_member & is_shared_with_region)
)


def progress_text_q(user, region, *, shared_field: str = "shared_with_region") -> Q:
    """`can_read_progress_text` as a filter on StatusUpdate or SnapshotEntry rows of `region`
    (for Evidence pass `shared_field="status_update__shared_with_region"`). The caller limits
    the rows to the region; this only says whose text of it the user reads."""
    if is_superuser(user) or is_region_text_reader(user, region):
        return Q()
    if not is_region_member(user, region):
        return Q(pk__in=[])
    q = Q(**{shared_field: True})
    own = municipality_ids(user, region)
    if own:
        q |= Q(municipality_id__in=own)
    if is_region_progress_reader(user, region):
        q |= Q(municipality__isnull=True)
    return q


def progress_text_scope(user, region) -> str:
    """What `user` reads of the region's progress text, as a short key for caches and ETags:
    `progress_text_q` itself written out in a fixed order ("all", "none", or the shared flag,
    own municipalities and the region's own track it lets through). Two viewers with the same
    key see the same text, so they may share a cached page; the rule stays in one place."""

    def canonical(node) -> str:
        if not isinstance(node, Q):
            key, value = node
            if isinstance(value, set | frozenset | list | tuple):
                value = sorted(value)
            return f"{key}={value}"
        parts = sorted(canonical(child) for child in node.children)
        return ("NOT " if node.negated else "") + f"{node.connector}({','.join(parts)})"

    q = progress_text_q(user, region)
    if not q:
        return "all"
    return canonical(q)


# The action list: every internal member reads it; administrators and coordinators edit it.
rules.add_perm("agreements.view_agreements", is_superuser | is_region_internal)
rules.add_perm("agreements.manage_items", is_superuser | is_region_coordinator)
# Progress of one municipality with all its text (object: Municipality or Submission).
rules.add_perm(
    "agreements.view_progress", is_superuser | is_region_text_reader | is_own_municipality
)
rules.add_perm("agreements.change_progress", is_superuser | is_own_municipality)
# The text of one update, snapshot entry or evidence (object: StatusUpdate, SnapshotEntry,
# Evidence).
rules.add_perm("agreements.view_progress_text", can_read_progress_text)
# The region's own track (object: Region): coordinators keep it; readers read it.
rules.add_perm("agreements.view_region_progress", is_superuser | is_region_progress_reader)
rules.add_perm("agreements.change_region_progress", is_superuser | is_region_coordinator)
# Evidence download (object: Evidence): as the text of the update it came with.
rules.add_perm("agreements.download_evidence", can_read_progress_text)
# Measurement rounds: the CFG (and administrator) runs them; staff and board follow them.
rules.add_perm("agreements.view_rounds", is_superuser | is_region_progress_reader)
rules.add_perm("agreements.manage_rounds", is_superuser | is_region_cfg)
rules.add_perm("agreements.import_progress", is_superuser | is_region_cfg)
rules.add_perm("agreements.submit_round", is_superuser | is_own_municipality)
rules.add_perm("agreements.review_submission", is_superuser | is_region_cfg)
# Figures and systematic lag per municipality.
rules.add_perm("agreements.view_figures", is_superuser | is_region_progress_reader)
# Issue 16: a municipality's own due quarter (object: Municipality), set by the CFG or a
# coordinator; the follow-up log of lagging municipalities, kept by them and read by the
# steering group and board as well.
rules.add_perm("agreements.plan_municipality", is_superuser | is_region_staff)
rules.add_perm("agreements.view_follow_up", is_superuser | is_region_text_reader)
rules.add_perm("agreements.add_follow_up", is_superuser | is_region_staff)

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


# TLP: the one rule (`can_see_tlp`), which the knowledge selectors use as `tlp_q` too.
can_see_knowledge_item = can_see_tlp


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


@rules.predicate
def holds_progress_text(user, obj) -> bool:
    """Progress reports and factsheets carry municipalities' progress text (bottlenecks); the
    sections that add it label the document TLP:AMBER at least, so a CLEAR or GREEN one holds
    none."""
    return getattr(obj, "kind", "") in {"progress", "factsheet"} and (
        getattr(obj, "tlp", "") not in WIDE_LABELS
    )


# obj: a ReportRun. TLP (one rule with knowledge and plans); a report that carries progress text
# only for those who read that text (the progress-text rule above).
rules.add_perm(
    "reports.view_report",
    (is_superuser & is_not_red)
    | (
        can_see_tlp
        & (
            ~holds_progress_text
            | is_region_text_reader
            | (is_own_municipality & is_municipal_report)
        )
    ),
)
# obj: a PlanCopy: its TLP label.
rules.add_perm("reports.view_plan", can_see_tlp)

rules.add_perm("reports.manage_plans", is_superuser | is_region_coordinator)

# Steering group meetings (issue 18): staff, steering group and board read them; coordinators
# (programme coordinator, secretary) edit; the steering group comments. obj: Region or Meeting.
rules.add_perm("programme.view_meetings", is_superuser | is_region_reader)
rules.add_perm("programme.change_meetings", is_superuser | is_region_coordinator)
rules.add_perm(
    "programme.comment_meeting", is_superuser | is_region_coordinator | is_region_steering
)
# The minutes carry a TLP label under the one TLP rule (can_see_tlp): AMBER for staff, steering
# group and board (region material), RED only for who wrote them.
rules.add_perm("programme.view_minutes", is_superuser | (is_region_reader & can_see_tlp))


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

# --- single sign-on (issue 14) -------------------------------------------------------------
# obj: the Region. Its administrators add identity providers and answer requests for access.
rules.add_perm("sso.manage_providers", is_superuser | is_region_admin)
