"""Reads for the measurement round's workflow pages: the close page, the CFG's review page and
the contacts the round cannot reach.

Kept apart from `selectors.py` (which holds the figures) so the workflow and the figures can
change independently; the views import both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paraat.accounts.models import Membership
from paraat.accounts.roles import Role
from paraat.permissions import can_read_progress_text, progress_text_q
from paraat.regions.models import Contact, Municipality

from .models import (
    MUNICIPAL_OWNER_TYPES,
    PROGRESS_FIELDS,
    ActionItem,
    Evidence,
    ItemProgress,
    MeasurementRound,
    RoundState,
    SnapshotEntry,
    Status,
    StatusUpdate,
    Submission,
    SubmissionStatus,
)

# --- closing -----------------------------------------------------------------------------------


@dataclass
class ClosePreview:
    """What closing the round now would do, in numbers and names."""

    round: MeasurementRound
    today: dt.date
    to_review: list[Submission]
    returned: list[Submission]
    not_submitted: list[Submission]
    accepted: list[Submission]

    @property
    def days_left(self) -> int:
        """Days until the deadline: 0 on the deadline itself, negative after it."""
        return (self.round.deadline - self.today).days

    @property
    def before_deadline(self) -> bool:
        """Closing before the deadline has passed needs a reason."""
        return self.days_left >= 0

    @property
    def days_past(self) -> int:
        return -self.days_left

    @property
    def counting_as_not_submitted(self) -> int:
        return len(self.returned) + len(self.not_submitted)


def round_close_preview(
    *, measurement_round: MeasurementRound, today: dt.date | None = None
) -> ClosePreview:
    """The close page's consequences. One query."""
    submissions = list(
        Submission.objects.filter(round=measurement_round)
        .select_related("municipality")
        .order_by("municipality__name")
    )

    def having(*statuses):
        return [s for s in submissions if s.status in statuses]

    return ClosePreview(
        round=measurement_round,
        today=today or timezone.localdate(),
        to_review=having(SubmissionStatus.SUBMITTED),
        returned=having(SubmissionStatus.RETURNED),
        not_submitted=having(SubmissionStatus.DRAFT),
        accepted=having(SubmissionStatus.ACCEPTED),
    )


def open_round(*, region) -> MeasurementRound | None:
    """The region's open round (also one that has not opened yet): only one at a time."""
    return (
        MeasurementRound.objects.filter(region=region, state=RoundState.OPEN)
        .order_by("deadline")
        .first()
    )


def municipalities_without_address(*, region) -> list[Municipality]:
    """Municipalities whose contacts cannot be e-mailed: no active contact user with an address
    and no contact card with one (the same rule as `services.municipality_contact_emails`).
    Two queries."""

    reached = set(
        Membership.objects.filter(
            municipality__region=region,
            role=Role.MUNICIPAL_CONTACT,
            is_active=True,
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("municipality_id", flat=True)
    ) | set(
        Contact.objects.filter(municipality__region=region)
        .exclude(email="")
        .values_list("municipality_id", flat=True)
    )
    municipalities = Municipality.objects.current().filter(region=region).order_by("name")
    return [m for m in municipalities if m.pk not in reached]


# --- the CFG's review page ---------------------------------------------------------------------

# How far along a status is; "not applicable" stands apart (a move to or from it is a change).
STATUS_RANK = {
    Status.NOT_STARTED: 0,
    Status.STARTED: 1,
    Status.IN_PROGRESS: 2,
    Status.ACHIEVED: 3,
}


class Change:
    """What changed on an item since the previous closed round."""

    CHANGED = "changed"
    UNCHANGED = "unchanged"
    WENT_BACK = "went_back"
    FIRST = "first"

    LABELS = {
        CHANGED: _("changed"),
        UNCHANGED: _("unchanged"),
        WENT_BACK: _("went back"),
        FIRST: _("no earlier round"),
    }


# A review compares what an update says, not who may read it: sharing an unchanged update with
# the region leaves it "unchanged".
COMPARED_FIELDS = tuple(name for name in PROGRESS_FIELDS if name != "shared_with_region")


@dataclass
class ReviewRow:
    item: ActionItem
    latest: StatusUpdate | None
    previous: SnapshotEntry | None
    done_in_round: bool
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.latest.status if self.latest else Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def change(self) -> str:
        if self.previous is None:
            return Change.FIRST
        before, after = self.previous.status, self.status
        if STATUS_RANK.get(after, 99) < STATUS_RANK.get(before, -1):
            return Change.WENT_BACK
        now = {name: getattr(self.latest, name, None) for name in COMPARED_FIELDS}
        now["status"] = after
        for name in COMPARED_FIELDS:
            old, new = getattr(self.previous, name), now[name]
            if (old or None) != (new or None):
                return Change.CHANGED
        return Change.UNCHANGED

    @property
    def change_label(self) -> str:
        change = self.change
        if change == Change.UNCHANGED and self.done_in_round:
            return str(_("confirmed unchanged"))
        return str(Change.LABELS[change])

    @property
    def previous_status_label(self) -> str:
        return Status(self.previous.status).label if self.previous else ""

    @property
    def is_changed(self) -> bool:
        """For the "only what changed" filter; without an earlier round everything counts."""
        return self.change != Change.UNCHANGED


@dataclass
class ReviewGroup:
    name: str
    rows: list[ReviewRow]


@dataclass
class Review:
    previous_round: MeasurementRound | None
    groups: list[ReviewGroup]

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(Change.LABELS, 0)
        for group in self.groups:
            for row in group.rows:
                out[row.change] += 1
        return out


def previous_closed_round(*, measurement_round: MeasurementRound) -> MeasurementRound | None:
    return (
        MeasurementRound.objects.filter(
            region_id=measurement_round.region_id,
            state=RoundState.CLOSED,
            deadline__lte=measurement_round.deadline,
        )
        .exclude(pk=measurement_round.pk)
        .order_by("-deadline", "-id")
        .first()
    )


def submission_review(*, submission: Submission, only_changed: bool = False) -> Review:
    """One municipality's answers in an open round beside the previous closed round's frozen
    snapshot, per item: status, explanation, bottleneck, evidence, next step. Six queries."""
    round_ = submission.round
    municipality = submission.municipality
    previous_round = previous_closed_round(measurement_round=round_)
    items = list(
        ActionItem.objects.active()
        .filter(agreement_set_id=round_.agreement_set_id, owner_type__in=MUNICIPAL_OWNER_TYPES)
        .select_related("category")
        .order_by("category__order", "order", "id")
    )
    latest = {
        p.item_id: p.latest
        for p in ItemProgress.objects.filter(
            item__in=items, municipality=municipality
        ).select_related("latest")
    }
    previous = {}
    if previous_round is not None:
        previous = {
            e.item_id: e
            for e in SnapshotEntry.objects.filter(round=previous_round, municipality=municipality)
        }
    evidence: dict[int, list[Evidence]] = {}
    for e in Evidence.objects.filter(item__in=items, municipality=municipality).order_by(
        "-created_at", "-id"
    ):
        evidence.setdefault(e.item_id, []).append(e)
    done = set(
        StatusUpdate.objects.filter(round=round_, municipality=municipality).values_list(
            "item_id", flat=True
        )
    )
    groups: dict[int, ReviewGroup] = {}
    for item in items:
        row = ReviewRow(
            item=item,
            latest=latest.get(item.pk),
            previous=previous.get(item.pk),
            done_in_round=item.pk in done,
            evidence=evidence.get(item.pk, []),
        )
        if only_changed and not row.is_changed:
            continue
        groups.setdefault(item.category_id, ReviewGroup(item.category.name, [])).rows.append(row)
    return Review(previous_round=previous_round, groups=list(groups.values()))


def round_item_numbers(*, measurement_round: MeasurementRound) -> list[str]:
    """The numbers of the items municipalities answer in the round, in list order."""
    return list(
        ActionItem.objects.active()
        .filter(
            agreement_set_id=measurement_round.agreement_set_id,
            owner_type__in=MUNICIPAL_OWNER_TYPES,
        )
        .order_by("category__order", "order", "id")
        .values_list("number", flat=True)
    )


# --- "who has done this already?" --------------------------------------------------------------


@dataclass
class Achiever:
    municipality: Municipality
    since: dt.date | None
    contacts: list[tuple[str, str, str]]  # (name, e-mail, phone)
    text: object = None  # the latest update, where the viewer may read its text
    evidence: list = field(default_factory=list)  # evidence the viewer may read


def item_achievers(*, item: ActionItem, viewer=None) -> list[Achiever]:
    """Municipalities that achieved an item, with whom to ask about it (their contact persons:
    users with the role, else the contact cards), and their explanation and evidence as far as
    `viewer` may read them (`permissions.can_read_progress_text`: for other municipalities,
    only what the municipality shared with the region; without a viewer, none). Four queries."""

    progress = list(
        ItemProgress.objects.filter(item=item, municipality__isnull=False, status=Status.ACHIEVED)
        .select_related("municipality", "latest")
        .order_by("municipality__name")
    )
    ids = [p.municipality_id for p in progress]
    people: dict[int, list[tuple[str, str, str]]] = {}
    for m in (
        Membership.objects.filter(
            municipality_id__in=ids,
            role=Role.MUNICIPAL_CONTACT,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__full_name")
    ):
        people.setdefault(m.municipality_id, []).append((m.user.get_full_name(), m.user.email, ""))
    cards: dict[int, list[tuple[str, str, str]]] = {}
    for c in Contact.objects.filter(municipality_id__in=ids).order_by("name"):
        cards.setdefault(c.municipality_id, []).append((c.name, c.email, c.phone))
    evidence: dict[int, list] = {}
    if viewer is not None and ids:
        for ev in Evidence.objects.filter(
            progress_text_q(viewer, item.region, shared_field="status_update__shared_with_region"),
            item=item,
            municipality_id__in=ids,
        ).order_by("-created_at", "-id"):
            evidence.setdefault(ev.municipality_id, []).append(ev)
    return [
        Achiever(
            municipality=p.municipality,
            since=timezone.localtime(p.updated_at).date() if p.updated_at else None,
            contacts=people.get(p.municipality_id) or cards.get(p.municipality_id, []),
            text=p.latest
            if viewer is not None and p.latest and can_read_progress_text(viewer, p.latest)
            else None,
            evidence=evidence.get(p.municipality_id, []),
        )
        for p in progress
    ]
