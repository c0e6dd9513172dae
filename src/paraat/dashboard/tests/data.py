"""Data built for the dashboard tests, with the figures worked out by hand.

World region "Testland": Aadorp (A) and Beedorp (B); lag threshold 50 %.
Items ("due" = Q1 2020, long past; "later" = Q4 2099, never due in these tests):

    number category owner         due    A              B            region itself
    1.1    Crisis   municipality  due    achieved       achieved
    1.2    Crisis   municipality  later  achieved       —
    1.3    Crisis   region        due                                achieved
    1.9    Crisis   municipality  due    (withdrawn: counts nowhere)
    2.1    Comms    joint         due    in progress    —            started
    2.2    Comms    municipality  due    not applicable —

A: 2 of 3 applicable achieved (67 %), due 1 of 2 (50 %: "behind"), 1 overdue.
B: 1 of 4 (25 %), due 1 of 3 (33 %: "far behind"), 2 overdue.
All municipalities: 3 of 7 (43 %), due 2 of 5 (40 %), 3 overdue.
Region itself: 1 of 2 (50 %), due 1 of 2, 1 overdue.
Closed rounds R1 (A 1/3 = 33 %, B 0/4 = 0 %; due: A 0/2, B 0/2; region 0/2) and R2 (A 2/3 = 67 %,
B 1/4 = 25 %; due: A 1/2, B 0/3; region 1/2): B is below 50 % of due items in both → systematic
lag; A is not. Region trend: R1 1/7 = 14 %, R2 3/7 = 43 %.
Open round R3: A submitted, B being filled in.
"""

from __future__ import annotations

import datetime as dt

from paraat.agreements.factories import (
    ActionItemFactory,
    AgreementSetFactory,
    CategoryFactory,
    MeasurementRoundFactory,
    StatusUpdateFactory,
    SubmissionFactory,
)
from paraat.agreements.models import (
    Evidence,
    OwnerType,
    RoundResult,
    RoundState,
    SnapshotEntry,
    Status,
    SubmissionStatus,
)

DUE = {"due_year": 2020, "due_quarter": 1}
LATER = {"due_year": 2099, "due_quarter": 4}


def result(rnd, municipality, *, applicable, achieved, due, due_achieved):
    return RoundResult.objects.create(
        round=rnd,
        municipality=municipality,
        submission_status=SubmissionStatus.ACCEPTED,
        items_total=applicable,
        items_applicable=applicable,
        items_achieved=achieved,
        items_due=due,
        items_due_achieved=due_achieved,
        items_overdue=due - due_achieved,
    )


def snapshot(rnd, municipality, item, status):
    return SnapshotEntry.objects.create(
        round=rnd,
        municipality=municipality,
        item=item,
        item_number=item.number,
        item_text=item.text,
        category_name=item.category.name,
        category_order=item.category.order,
        owner_type=item.owner_type,
        due_year=item.due_year,
        due_quarter=item.due_quarter,
        status=status,
    )


def build(world) -> dict:
    region, a, b = world.region, world.mun_a, world.mun_b
    aset = AgreementSetFactory(region=region, name="Afspraken Testland", lag_threshold=50)
    crisis = CategoryFactory(agreement_set=aset, name="Crisisorganisatie", order=1)
    comms = CategoryFactory(agreement_set=aset, name="Communicatie", order=2)
    i11 = ActionItemFactory(category=crisis, number="1.1", text="Crisisplan vastgesteld", **DUE)
    i12 = ActionItemFactory(category=crisis, number="1.2", text="Oefening gehouden", **LATER)
    i13 = ActionItemFactory(
        category=crisis, number="1.3", text="Regionaal plan", owner_type=OwnerType.REGION, **DUE
    )
    ActionItemFactory(
        category=crisis, number="1.9", text="=SUM(A1) ingetrokken", is_withdrawn=True, **DUE
    )
    i21 = ActionItemFactory(
        category=comms,
        number="2.1",
        text="Gezamenlijke risicocommunicatie",
        owner_type=OwnerType.JOINT,
        **DUE,
    )
    i22 = ActionItemFactory(category=comms, number="2.2", text='=HYPERLINK("x")', **DUE)

    StatusUpdateFactory(item=i11, municipality=a, status=Status.IN_PROGRESS)
    first_a = StatusUpdateFactory(
        item=i11, municipality=a, status=Status.ACHIEVED, explanation="Vastgesteld door de raad."
    )
    Evidence.objects.create(
        item=i11,
        region=region,
        municipality=a,
        status_update=first_a,
        link="https://example.org/crisisplan-aadorp",
    )
    StatusUpdateFactory(item=i12, municipality=a, status=Status.ACHIEVED)
    StatusUpdateFactory(
        item=i21,
        municipality=a,
        status=Status.IN_PROGRESS,
        bottleneck="Geen capaciteit bij communicatie",
        bottleneck_party="region",
    )
    StatusUpdateFactory(
        item=i22, municipality=a, status=Status.NOT_APPLICABLE, not_applicable_reason="Geen haven"
    )
    StatusUpdateFactory(item=i11, municipality=b, status=Status.ACHIEVED)
    StatusUpdateFactory(item=i13, municipality=None, status=Status.ACHIEVED)
    StatusUpdateFactory(item=i21, municipality=None, status=Status.STARTED)

    r1 = MeasurementRoundFactory(
        agreement_set=aset,
        name="Voorjaar 2025",
        opens_on=dt.date(2025, 5, 1),
        deadline=dt.date(2025, 6, 30),
        state=RoundState.CLOSED,
    )
    r2 = MeasurementRoundFactory(
        agreement_set=aset,
        name="Najaar 2025",
        opens_on=dt.date(2025, 11, 1),
        deadline=dt.date(2025, 12, 31),
        state=RoundState.CLOSED,
    )
    r3 = MeasurementRoundFactory(
        agreement_set=aset,
        name="Voorjaar 2026",
        opens_on=dt.date(2026, 5, 1),
        deadline=dt.date(2099, 6, 30),
    )
    result(r1, a, applicable=3, achieved=1, due=2, due_achieved=0)
    result(r1, b, applicable=4, achieved=0, due=2, due_achieved=0)
    result(r1, None, applicable=2, achieved=0, due=2, due_achieved=0)
    result(r2, a, applicable=3, achieved=2, due=2, due_achieved=1)
    result(r2, b, applicable=4, achieved=1, due=3, due_achieved=0)
    result(r2, None, applicable=2, achieved=1, due=2, due_achieved=1)
    # snapshots: item 1.1 was achieved by A only in R1, by both in R2; 1.2 by A in both
    snapshot(r1, a, i11, Status.ACHIEVED)
    snapshot(r1, b, i11, Status.IN_PROGRESS)
    snapshot(r1, a, i12, Status.ACHIEVED)
    snapshot(r1, b, i12, Status.NOT_STARTED)
    snapshot(r2, a, i11, Status.ACHIEVED)
    snapshot(r2, b, i11, Status.ACHIEVED)
    snapshot(r2, a, i12, Status.ACHIEVED)
    snapshot(r2, b, i12, Status.NOT_STARTED)
    SubmissionFactory(round=r3, municipality=a, status=SubmissionStatus.SUBMITTED)
    SubmissionFactory(round=r3, municipality=b, status=SubmissionStatus.DRAFT)
    return {
        "set": aset, "crisis": crisis, "comms": comms, "i11": i11, "i12": i12, "i13": i13,
        "i21": i21, "i22": i22, "r1": r1, "r2": r2, "r3": r3,
    }  # fmt: skip


def build_large(region, *, municipalities: int, items: int, rounds: int, prefix: int = 7):
    """A bigger region for query-count tests: every municipality has a status on every item."""
    import random

    from paraat.agreements.models import ItemProgress
    from paraat.regions.factories import MunicipalityFactory

    rng = random.Random(prefix)
    aset = AgreementSetFactory(region=region, name=f"Groot {prefix}")
    categories = [CategoryFactory(agreement_set=aset, name=f"Cat {n}", order=n) for n in range(6)]
    muns = [
        MunicipalityFactory(
            region=region, code=f"GM{prefix}{n:03d}", name=f"Groot {prefix}-{n:03d}"
        )
        for n in range(municipalities)
    ]
    made = [
        ActionItemFactory(
            category=categories[n % 6],
            number=f"9.{n}",
            owner_type=[OwnerType.MUNICIPALITY, OwnerType.JOINT, OwnerType.REGION][n % 3],
            due_year=2025 + n % 3,
            due_quarter=1 + n % 4,
        )
        for n in range(items)
    ]
    statuses = list(Status.values)
    ItemProgress.objects.bulk_create(
        [
            ItemProgress(item=i, region=region, municipality=m, status=rng.choice(statuses))
            for m in [*muns, None]
            for i in made
        ]
    )
    for n in range(rounds):
        rnd = MeasurementRoundFactory(
            agreement_set=aset, name=f"Ronde {n}", opens_on=dt.date(2024, 1, 1 + n),
            deadline=dt.date(2024, 6, 1 + n), state=RoundState.CLOSED,
        )  # fmt: skip
        for m in [*muns, None]:
            result(rnd, m, applicable=items, achieved=rng.randint(0, items), due=5, due_achieved=2)
            for i in made[:10]:
                snapshot(rnd, m, i, rng.choice(statuses))
    return muns
