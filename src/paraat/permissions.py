"""The shared rules (django-rules): who is who, and the rules every app builds on.

Here, and only here: the predicates on roles and organisations (`is_region_staff`,
`is_own_municipality`, ...), the one TLP rule (`can_see_tlp` / `tlp_q`), the one rule for the
text of progress (`can_read_progress_text` / `progress_text_q`), the national reader, and the
permissions of the apps on the floors below this module (core, regions, accounts, audit, sso),
which cannot import it. Every domain app registers its own permissions in its `rules.py`,
built from these predicates; django-rules' `AutodiscoverRulesConfig` loads them at start-up.

Views check permissions with `require(request, perm, obj)` or the `region_view` decorator,
templates with `{% load rules %}{% has_perm "perm" user obj as can %}`. Every rule takes the
object it is about, so the organisation is always checked, never only the role. This module
imports nothing from the apps above it (import-linter's "floors" and "shared-rules" contracts).
"""

from __future__ import annotations

import rules

from django.db.models import Q

from paraat.accounts.roles import STAFF_ROLES, Role
from paraat.accounts.selectors import memberships
from paraat.core.tlp import TLP
from paraat.regions.models import Municipality, Region

# --- who is who: memberships are read once per request and kept on the user object ----------


def region_id_of(obj) -> int | None:
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


# --- predicates on roles and organisations -------------------------------------------------

# The region's own organisation (its programme team); steering group and board are governance.
REGION_ORGANISATION_ROLES = STAFF_ROLES | {Role.THEME_LEAD}
GOVERNANCE_ROLES = frozenset({Role.STEERING, Role.BOARD})


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
def is_region_steering(user, obj) -> bool:
    return Role.STEERING in roles_in_region(user, obj)


@rules.predicate
def is_region_theme_lead(user, obj) -> bool:
    return Role.THEME_LEAD in roles_in_region(user, obj)


@rules.predicate
def is_region_reader(user, obj) -> bool:
    """Staff, steering group and board: they read the region's reports and meetings, and every
    municipality's progress text."""
    return bool(roles_in_region(user, obj) & (STAFF_ROLES | GOVERNANCE_ROLES))


@rules.predicate
def is_region_progress_reader(user, obj) -> bool:
    """Who reads every municipality's progress: staff, board, steering group, theme leads."""
    return bool(roles_in_region(user, obj) & (STAFF_ROLES | GOVERNANCE_ROLES | {Role.THEME_LEAD}))


@rules.predicate
def is_region_internal(user, obj) -> bool:
    """Everyone of the region's own organisations: all roles except partners."""
    return bool(roles_in_region(user, obj) - {Role.PARTNER})


@rules.predicate
def is_own_municipality(user, obj) -> bool:
    """The object is (or belongs to) a municipality the user is the contact of."""
    mid = obj.pk if isinstance(obj, Municipality) else getattr(obj, "municipality_id", None)
    return mid is not None and mid in municipality_ids(user)


@rules.predicate
def is_municipal_contact_in_region(user, obj) -> bool:
    """The contact of at least one municipality in the object's region."""
    return region_id_of(obj) is not None and bool(municipality_ids(user, obj))


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


# --- confidentiality: the text of progress (issue 17) ---------------------------------------
# Statuses and figures of every municipality are shared with every member of the region (the
# dashboard's rules). The text of a status update -- explanation, bottleneck, next step -- and
# its evidence are read by the municipality itself, the region's staff (administrators,
# programme coordinators, CFG), the steering group and the board; every other member of the
# region (other municipalities, theme table leads, crisis partners) reads it only where the
# municipality shared that update with the region ("delen met de regio"); `is_region_reader`
# reads all of it. The region's own track is read by its progress readers. One rule, as a
# predicate on an object (StatusUpdate, SnapshotEntry, Evidence) and as a queryset filter
# (`progress_text_q`), for every page, export, report, binder, digest and the API.


@rules.predicate
def is_track_of_region(user, obj) -> bool:
    """The object (evidence, progress) is on the region's own track, not a municipality's."""
    return getattr(obj, "municipality_id", None) is None


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
    | is_region_reader
    | (~is_track_of_region & is_own_municipality)
    | (is_track_of_region & is_region_progress_reader)
    | (is_region_member & is_shared_with_region)
)


def progress_text_q(user, region, *, shared_field: str = "shared_with_region") -> Q:
    """`can_read_progress_text` as a filter on StatusUpdate or SnapshotEntry rows of `region`
    (for Evidence pass `shared_field="status_update__shared_with_region"`). The caller limits
    the rows to the region; this only says whose text of it the user reads."""
    if is_superuser(user) or is_region_reader(user, region):
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


def progress_text_scope_in(user, municipality) -> str:
    """What `user` reads of one municipality's progress text: "all", "shared" (what it shared
    with the region) or "none". `progress_text_q` narrowed to that municipality, for the cache
    key of a page that shows only its text (the dashboard's municipality page): a board member
    and the municipality's own contact share one rendering, another municipality's contact
    gets the shared one. tests/test_confidentiality.py holds it to `can_read_progress_text`."""
    region = municipality.region
    if is_superuser(user) or is_region_reader(user, region):
        return "all"
    if not is_region_member(user, region):
        return "none"
    return "all" if municipality.pk in municipality_ids(user, region) else "shared"


# --- the permissions of the apps below this module --------------------------------------------
# (Domain apps register theirs in their own `rules.py`.)

# Labelled objects (TLP): who may see one, e.g. its title in the audit trail.
rules.add_perm("core.view_labelled", can_see_tlp)
# Changing a label: only the author's organisation lowers it; coordinators may also raise it.
rules.add_perm("core.lower_tlp", is_author_organisation)
rules.add_perm("core.raise_tlp", is_author_organisation | is_region_coordinator)
rules.add_perm("core.view_national", is_superuser | is_national_reader)

rules.add_perm("regions.view_region", is_superuser | is_region_member)
rules.add_perm("regions.view_municipality", is_superuser | is_region_member)
rules.add_perm("regions.change_municipality", is_superuser | is_region_admin | is_own_municipality)
rules.add_perm("regions.view_contacts", is_superuser | is_region_member)
# obj: a Contact (also an unsaved one, to offer the organisations a user may pick).
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
# Single sign-on (issue 14). obj: the Region. Its administrators add identity providers and
# answer requests for access.
rules.add_perm("sso.manage_providers", is_superuser | is_region_admin)
