"""National-scale data: per region four ambitions, nine theme tables with activities, deferred
work and a risk register, in bulk (the demo's structure with synthetic content)."""

import datetime

from django.db import transaction

from .models import (
    Activity,
    CoreAmbition,
    DeferredWork,
    Goal,
    Milestone,
    Risk,
    RiskKind,
    StartDocument,
    Status,
    ThemeTable,
)

START = datetime.date(2025, 10, 1)


@transaction.atomic
def generate_region(region, *, rng, options) -> None:
    if ThemeTable.objects.filter(region=region).exists():
        return
    CoreAmbition.objects.bulk_create(
        CoreAmbition(region=region, number=n, title=f"Kernambitie {n}") for n in range(1, 5)
    )
    ambitions = list(CoreAmbition.objects.filter(region=region))
    Goal.objects.bulk_create(
        Goal(ambition=a, letter=letter, title=f"Doel {a.number}{letter}")
        for a in ambitions
        for letter in "abcd"
    )
    goals = list(Goal.objects.filter(ambition__region=region))
    ThemeTable.objects.bulk_create(
        ThemeTable(region=region, name=f"Thematafel {n + 1}", lead_role="Trekker", order=n)
        for n in range(9)
    )
    tables = list(ThemeTable.objects.filter(region=region))
    StartDocument.objects.bulk_create(StartDocument(table=t) for t in tables)
    Through = ThemeTable.goals.through
    Through.objects.bulk_create(
        Through(themetable_id=t.pk, goal_id=g.pk) for t in tables for g in rng.sample(goals, 2)
    )
    statuses = Status.values
    activities = []
    for t in tables:
        for n in range(rng.randint(3, 12)):
            start = START + datetime.timedelta(days=rng.randint(0, 400))
            activities.append(
                Activity(
                    region=region,
                    table=t,
                    title=f"Activiteit {n + 1} van {t.name}",
                    owner="Adviseur",
                    start=start,
                    end=start + datetime.timedelta(days=rng.randint(30, 300)),
                    status=rng.choice(statuses),
                    order=n,
                )
            )
    Activity.objects.bulk_create(activities)
    Milestone.objects.bulk_create(
        Milestone(activity=a, title="Tussenresultaat", due=a.start + datetime.timedelta(days=20))
        for a in Activity.objects.filter(region=region)[::3]
    )
    DeferredWork.objects.bulk_create(
        DeferredWork(
            region=region,
            table=t,
            task=f"Regulier werk van {t.name}",
            team="Team",
            impact="Beperkt",
            accepted_by="MT",
        )
        for t in tables
        if rng.random() < 0.5
    )
    Risk.objects.bulk_create(
        Risk(
            region=region,
            kind=RiskKind.THREAT if n < 7 else RiskKind.OPPORTUNITY,
            number=n + 1 if n < 7 else n - 6,
            title=f"Risico {n + 1}",
            likelihood=rng.randint(1, 5),
            impact=rng.randint(1, 5),
        )
        for n in range(10)
    )
