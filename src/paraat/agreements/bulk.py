"""Fast progress history for demo and generated data (not for user writes: those use services).

Simulates how municipalities work through the action list round after round, and writes the
status updates with `bulk_create`, keeping `ItemProgress` in step, so that loading the demo
or a national data set takes seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from paraat.audit.services import data_changed

from . import figures
from .models import (
    MUNICIPAL_OWNER_TYPES,
    REGION_OWNER_TYPES,
    ActionItem,
    ItemProgress,
    MeasurementRound,
    Party,
    Status,
    StatusUpdate,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)

NEXT = {
    Status.NOT_STARTED: Status.STARTED,
    Status.STARTED: Status.IN_PROGRESS,
    Status.IN_PROGRESS: Status.ACHIEVED,
}

EXPLANATIONS = {
    Status.NOT_STARTED: ["Nog niet opgepakt; staat gepland voor het volgende kwartaal."],
    Status.STARTED: [
        "Kick-off gehouden met de betrokken afdelingen.",
        "Projectleider aangewezen; plan van aanpak in voorbereiding.",
    ],
    Status.IN_PROGRESS: [
        "Concept ligt ter bespreking bij het MT.",
        "Uitvoering loopt; eerste oefening gehouden.",
        "Afstemming met buurgemeenten over gezamenlijke aanpak.",
    ],
    Status.ACHIEVED: [
        "Vastgesteld door het college.",
        "Gereed en geborgd in de reguliere werkwijze.",
        "Basisniveau bereikt; evaluatie gepland.",
    ],
    Status.NOT_APPLICABLE: ["Niet van toepassing"],
}
BOTTLENECKS = [
    ("Onvoldoende capaciteit bij de afdeling openbare orde en veiligheid.", Party.MUNICIPALITY),
    ("Wachten op de regionale handreiking.", Party.REGION),
    ("Afhankelijk van afspraken met de netbeheerder.", Party.PARTNER),
    ("Landelijke kaders ontbreken nog.", Party.NATIONAL),
]


@dataclass
class Track:
    item: ActionItem
    municipality_id: int | None
    status: str = Status.NOT_STARTED


def advance(rng: random.Random, status: str, diligence: float, due_passed: bool) -> str:
    """One round further for one track: diligent municipalities move more often."""
    if status in (Status.ACHIEVED, Status.NOT_APPLICABLE):
        if status == Status.ACHIEVED and rng.random() < 0.02:
            return Status.IN_PROGRESS
        return status
    if status == Status.NOT_STARTED and rng.random() < 0.02:
        return Status.NOT_APPLICABLE
    chance = diligence * (1.4 if due_passed else 0.8)
    steps = 0
    while status in NEXT and rng.random() < chance and steps < 3:
        status = NEXT[status]
        steps += 1
    return status


def tracks_for(items, municipality_ids) -> dict[tuple[int, int | None], Track]:
    tracks = {}
    for item in items:
        if item.owner_type in MUNICIPAL_OWNER_TYPES:
            for mid in municipality_ids:
                tracks[(item.pk, mid)] = Track(item, mid)
        if item.owner_type in REGION_OWNER_TYPES:
            tracks[(item.pk, None)] = Track(item, None)
    return tracks


@dataclass
class _Progress:
    """What `bulk_record` writes back to an `ItemProgress` row (no model instances: the
    national data set has tens of thousands of tracks)."""

    pk: int
    version: int
    status: str = ""
    latest_id: int | None = None
    updated_at: dt.datetime | None = None


@transaction.atomic
def bulk_record(
    *,
    region,
    updates: list[tuple[Track, str, bool]],
    measurement_round: MeasurementRound | None,
    actor,
    at: dt.datetime,
    rng: random.Random,
) -> int:
    """Append one status update per (track, new status, confirmed unchanged). Returns count."""
    if not updates:
        return 0
    keys = {(t.item.pk, t.municipality_id) for t, _s, _c in updates}
    existing = {
        (item_id, mid): _Progress(pk, version)
        for pk, item_id, mid, version in ItemProgress.objects.filter(
            item_id__in={k[0] for k in keys}
        ).values_list("pk", "item_id", "municipality_id", "version")
    }
    missing = [
        ItemProgress(item_id=item_id, municipality_id=mid, region=region)
        for item_id, mid in keys
        if (item_id, mid) not in existing
    ]
    ItemProgress.objects.bulk_create(missing)
    for p in missing:
        existing[(p.item_id, p.municipality_id)] = _Progress(p.pk, p.version)
    rows = []
    for track, status, confirmed in updates:
        progress = existing[(track.item.pk, track.municipality_id)]
        bottleneck, party = ("", "")
        if status in (Status.STARTED, Status.IN_PROGRESS) and rng.random() < 0.25:
            bottleneck, party = rng.choice(BOTTLENECKS)
        progress.version += 1
        progress.status = status
        progress.updated_at = at
        rows.append(
            {
                "item": track.item.pk,
                "region": region.pk,
                "municipality": track.municipality_id,
                "progress": progress.pk,
                "sequence": progress.version,
                "status": status,
                "not_applicable_reason": (
                    "Geen objecten of voorzieningen van dit type in de gemeente."
                    if status == Status.NOT_APPLICABLE
                    else ""
                ),
                "explanation": rng.choice(EXPLANATIONS[status]),
                "bottleneck": bottleneck,
                "bottleneck_party": party,
                "next_step": (
                    "Bespreken in het regionale overleg van aanspreekpunten."
                    if status != Status.ACHIEVED and status != Status.NOT_APPLICABLE
                    else ""
                ),
                "next_step_date": (
                    (at + dt.timedelta(days=rng.randint(30, 120))).date()
                    if status in (Status.STARTED, Status.IN_PROGRESS)
                    else None
                ),
                "is_confirmation": confirmed,
                # Example municipalities share every third update with the region (without
                # drawing from rng, so the rest of the example data stays as it was).
                "shared_with_region": len(rows) % 3 == 0,
                "bottleneck_solved": False,
                "imported_from": "",
                "status_on": None,
                "round": measurement_round.pk if measurement_round else None,
                "created_by": actor.pk if actor else None,
                "created_at": at,
            }
        )
        track.status = status
    _insert_updates(rows)
    latest = dict(
        StatusUpdate.objects.filter(
            region=region, round=measurement_round, created_at=at
        ).values_list("progress_id", "pk")
    )
    touched = [existing[(t.item.pk, t.municipality_id)] for t, _s, _c in updates]
    for progress in touched:
        progress.latest_id = latest[progress.pk]
    _save_progress(touched)
    data_changed(region=region)  # no audit row per update here: the region's pages move on
    return len(rows)


def _insert_updates(rows: list[dict]) -> None:
    """INSERT the status updates with one executemany: no model instances, and `created_at` as
    given (the history is dated back; `auto_now_add` would stamp "now")."""
    meta = StatusUpdate._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    missing = {f.name for f in fields} - set(rows[0])
    assert not missing, f"bulk.py does not fill StatusUpdate.{missing}"
    q = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 — names from the model
        q(meta.db_table),
        ", ".join(q(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    ops = connection.ops
    adapt = {
        "next_step_date": ops.adapt_datefield_value,
        "created_at": ops.adapt_datetimefield_value,
    }
    names = [f.name for f in fields]
    params = [tuple(adapt[n](row[n]) if n in adapt else row[n] for n in names) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _save_progress(progresses) -> None:
    """Write latest/status/version/updated_at of many ItemProgress rows in one executemany.

    (`bulk_update` builds a CASE expression per row and field: minutes for a national data set.)
    """
    meta = ItemProgress._meta
    q = connection.ops.quote_name
    columns = [meta.get_field(f).column for f in ("latest", "status", "version", "updated_at")]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 — names from the model
        q(meta.db_table), ", ".join(f"{q(c)} = %s" for c in columns), q(meta.pk.column)
    )
    adapt = connection.ops.adapt_datetimefield_value
    params = [(p.latest_id, p.status, p.version, adapt(p.updated_at), p.pk) for p in progresses]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def simulate_round(
    *,
    region,
    measurement_round: MeasurementRound,
    tracks: dict,
    diligence: dict[int | None, float],
    submitters: set[int],
    accepted: set[int],
    actor,
    reviewer,
    rng: random.Random,
    complete: set[int] | None = None,
) -> None:
    """Every municipality in `complete` (default: all) updates or confirms every item; those in
    `submitters` submit, those in `accepted` are accepted as well."""
    at = timezone.make_aware(
        dt.datetime.combine(measurement_round.opens_on + dt.timedelta(days=5), dt.time(10))
    )
    reference = measurement_round.deadline
    updates = []
    for track in tracks.values():
        mid = track.municipality_id
        if complete is not None and mid not in complete and mid is not None:
            continue
        due_passed = figures.is_due(figures.due_quarter_of(track.item, mid), reference)
        new = advance(rng, track.status, diligence.get(mid, 0.5), due_passed)
        confirmed = new == track.status and track.status != Status.NOT_STARTED
        updates.append((track, new, confirmed))
    bulk_record(
        region=region,
        updates=updates,
        measurement_round=measurement_round,
        actor=actor,
        at=at,
        rng=rng,
    )
    submissions = {s.municipality_id: s for s in Submission.objects.filter(round=measurement_round)}
    events = []
    changed = []
    submitted_at = at + dt.timedelta(days=3)
    for mid in submitters:
        submission = submissions.get(mid)
        if submission is None:
            continue
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = submitted_at
        submission.submitted_by = actor
        events.append(
            SubmissionEvent(
                submission=submission,
                from_status=SubmissionStatus.DRAFT,
                to_status=SubmissionStatus.SUBMITTED,
                actor=actor,
            )
        )
        if mid in accepted:
            submission.status = SubmissionStatus.ACCEPTED
            submission.reviewed_at = submitted_at + dt.timedelta(days=2)
            submission.reviewed_by = reviewer
            events.append(
                SubmissionEvent(
                    submission=submission,
                    from_status=SubmissionStatus.SUBMITTED,
                    to_status=SubmissionStatus.ACCEPTED,
                    actor=reviewer,
                )
            )
        submission.version = 2 if mid in accepted else 1
        changed.append(submission)
    Submission.objects.bulk_update(
        changed,
        ["status", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "version"],
    )
    SubmissionEvent.objects.bulk_create(events)
    data_changed(region=region)


def warm_up(
    *, region, tracks: dict, diligence: dict, at: dt.datetime, rng: random.Random, actor
) -> None:
    """Progress made before the first measurement round (outside any round)."""
    updates = []
    for track in tracks.values():
        new = advance(rng, track.status, diligence.get(track.municipality_id, 0.5), True)
        if new != track.status:
            updates.append((track, new, False))
    bulk_record(region=region, updates=updates, measurement_round=None, actor=actor, at=at, rng=rng)
