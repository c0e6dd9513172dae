"""National-scale progress data for the dashboard benchmark, in bulk.

Only used when the region has no agreement set yet: the agreements app (earlier in
INSTALLED_APPS) generates the real thing when it has a `generate.py`; this one then skips, so the
data set is never doubled. Per region: ~60 items in 6 categories, a status on every track (with
one status update each), 6 rounds of which 5 closed (frozen snapshot and results) and 1 open.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from paraat.agreements.models import (
    MUNICIPAL_OWNER_TYPES,
    REGION_OWNER_TYPES,
    ActionItem,
    AgreementSet,
    Category,
    ItemProgress,
    MeasurementRound,
    OwnerType,
    RoundResult,
    RoundState,
    SnapshotEntry,
    Status,
    StatusUpdate,
    Submission,
    SubmissionStatus,
)

CATEGORIES = [
    "Crisisorganisatie",
    "Risico- en crisiscommunicatie",
    "Continuïteit vitale processen",
    "Noodsteunpunten",
    "Zelfredzaamheid",
    "Oefenen en opleiden",
]
ROUNDS = [
    ("Voorjaar 2024", dt.date(2024, 6, 30)),
    ("Najaar 2024", dt.date(2024, 12, 31)),
    ("Voorjaar 2025", dt.date(2025, 6, 30)),
    ("Najaar 2025", dt.date(2025, 12, 31)),
    ("Voorjaar 2026", dt.date(2026, 6, 30)),
    ("Najaar 2026", dt.date(2026, 12, 31)),
]
WEIGHTS = [
    (Status.NOT_STARTED, 2),
    (Status.STARTED, 2),
    (Status.IN_PROGRESS, 3),
    (Status.ACHIEVED, 5),
    (Status.NOT_APPLICABLE, 1),
]


def _status(rng, progress_bias: float) -> str:
    if rng.random() < progress_bias:
        return Status.ACHIEVED
    choices = [s for s, w in WEIGHTS for _ in range(w)]
    return rng.choice(choices)


@transaction.atomic
def generate_region(region, *, rng, options) -> None:
    if AgreementSet.objects.filter(region=region).exists():
        return
    aset = AgreementSet.objects.create(
        region=region,
        name="Bestuursafspraken weerbaarheid 2025–2027 (gegenereerd)",
        period_start=2025,
        period_end=2027,
        is_example=True,
    )
    categories = Category.objects.bulk_create(
        Category(agreement_set=aset, name=name, order=n + 1) for n, name in enumerate(CATEGORIES)
    )
    owners = [OwnerType.MUNICIPALITY] * 7 + [OwnerType.JOINT] * 2 + [OwnerType.REGION]
    items = ActionItem.objects.bulk_create(
        ActionItem(
            region=region,
            agreement_set=aset,
            category=categories[n % len(categories)],
            number=f"{n % len(categories) + 1}.{n // len(categories) + 1}",
            text=f"Actiepunt {n + 1}: maatregel voor de weerbaarheid op orde (gegenereerd)",
            owner_type=rng.choice(owners),
            due_year=2024 + n % 4,
            due_quarter=1 + (n * 7) % 4,
            order=n,
        )
        for n in range(rng.randint(55, 65))
    )
    municipalities = list(region.municipalities.all())
    tracks = [
        (m, i) for m in municipalities for i in items if i.owner_type in MUNICIPAL_OWNER_TYPES
    ]
    tracks += [(None, i) for i in items if i.owner_type in REGION_OWNER_TYPES]
    bias = {m.pk if m else None: rng.uniform(0.1, 0.5) for m in [*municipalities, None]}
    statuses = [_status(rng, bias[m.pk if m else None]) for m, _i in tracks]
    progress = ItemProgress.objects.bulk_create(
        ItemProgress(item=i, region=region, municipality=m, status=s, version=1, updated_at=None)
        for (m, i), s in zip(tracks, statuses, strict=True)
    )
    rounds = MeasurementRound.objects.bulk_create(
        MeasurementRound(
            region=region,
            agreement_set=aset,
            name=name,
            opens_on=deadline - dt.timedelta(days=45),
            deadline=deadline,
            state=RoundState.CLOSED if n < len(ROUNDS) - 1 else RoundState.OPEN,
        )
        for n, (name, deadline) in enumerate(ROUNDS)
    )
    updates = StatusUpdate.objects.bulk_create(
        StatusUpdate(
            item=p.item,
            region=region,
            municipality=p.municipality,
            progress=p,
            sequence=1,
            status=p.status,
            explanation="Gegenereerde voortgang.",
            bottleneck="Onvoldoende capaciteit" if rng.random() < 0.05 else "",
            round=rounds[-2],
        )
        for p in progress
    )
    for p, u in zip(progress, updates, strict=True):
        p.latest = u
    ItemProgress.objects.bulk_update(progress, ["latest"], batch_size=2000)
    # closed rounds: each earlier round had a little less achieved
    snapshots, results = [], []
    for n, rnd in enumerate(rounds[:-1]):
        behind = (len(rounds) - 2 - n) * 0.12
        tallies = {}
        for (m, i), status in zip(tracks, statuses, strict=True):
            if status == Status.ACHIEVED and rng.random() < behind:
                status = Status.IN_PROGRESS
            due = i.is_due_on(rnd.deadline)
            overdue = due and status not in (Status.ACHIEVED, Status.NOT_APPLICABLE)
            snapshots.append(
                SnapshotEntry.of_item(
                    round=rnd, municipality=m, item=i, status=status, is_overdue=overdue
                )
            )
            t = tallies.setdefault(m.pk if m else None, [m, 0, 0, 0, 0, 0, 0])
            t[1] += 1
            if status != Status.NOT_APPLICABLE:
                t[2] += 1
                t[3] += status == Status.ACHIEVED
                if due:
                    t[4] += 1
                    t[5] += status == Status.ACHIEVED
            t[6] += overdue
        for m, total, applicable, achieved, due, due_achieved, overdue in tallies.values():
            results.append(
                RoundResult(
                    round=rnd,
                    municipality=m,
                    submission_status=SubmissionStatus.ACCEPTED,
                    items_total=total,
                    items_applicable=applicable,
                    items_achieved=achieved,
                    items_due=due,
                    items_due_achieved=due_achieved,
                    items_overdue=overdue,
                )
            )
    SnapshotEntry.objects.bulk_create(snapshots, batch_size=5000)
    RoundResult.objects.bulk_create(results)
    kinds = [SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED]
    Submission.objects.bulk_create(
        Submission(round=rnd, region=region, municipality=m, status=status)
        for rnd in rounds
        for m in municipalities
        for status in [
            SubmissionStatus.ACCEPTED if rnd.state == RoundState.CLOSED else rng.choice(kinds)
        ]
    )
