"""`paraat generate_data`: about 60 action items per region, 6 rounds, a realistic spread.

Each municipality gets a diligence (most between 0.3 and 0.8, a few laggards); every round
moves tracks on, a few municipalities skip submitting, five rounds are closed and the last one
is open. Written with bulk_create (bulk.py); round closing uses the real service.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from paraat.regions.models import Municipality

from . import bulk, services
from .factories import AgreementSetFactory, CategoryFactory
from .models import ActionItem, ActionItemRevision, MeasurementRound, OwnerType, RevisionKind

CATEGORIES = [
    "Aanspreekpunt weerbaarheid",
    "Continuïteit bedrijfsprocessen",
    "Crisisorganisatie en noodsteunpunten",
    "Risico- en crisiscommunicatie",
    "Continuïteit omgevingszorg",
    "Preparatie, nafase en herstel",
    "Publieke zorg",
    "Verkeer en vervoer",
]
VERBS = ["Stel op", "Actualiseer", "Oefen", "Borg", "Breng in kaart", "Maak afspraken over"]
OBJECTS = [
    "het continuïteitsplan",
    "de noodstroomvoorziening",
    "de bemensing van noodsteunpunten",
    "de communicatie zonder internet",
    "de opvang van kwetsbare inwoners",
    "de brandstofvoorziening",
    "de drinkwatervoorziening",
    "het draaiboek nafase",
]
QUARTERS = [(2026, 1), (2026, 2), (2026, 3), (2026, 4), (2027, 1), (2027, 2)]


def generate_region(region, *, rng, options) -> None:
    if MeasurementRound.objects.filter(region=region).exists():
        return  # already generated: generate_data is re-runnable
    n_items = int(options.get("agreement_items", 60))
    agreement_set = AgreementSetFactory(region=region, is_example=True)
    categories = [
        CategoryFactory(agreement_set=agreement_set, name=name, order=i)
        for i, name in enumerate(CATEGORIES, start=1)
    ]
    items = []
    for n in range(n_items):
        category_index = n % len(categories)
        owner = rng.choices(
            [OwnerType.MUNICIPALITY, OwnerType.REGION, OwnerType.JOINT], [0.8, 0.1, 0.1]
        )[0]
        year, quarter = rng.choice(QUARTERS)
        items.append(
            ActionItem(
                region=region,
                agreement_set=agreement_set,
                category=categories[category_index],
                number=f"{category_index + 1}.{n // len(categories) + 1}",
                text=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}.",
                owner_type=owner,
                due_year=year,
                due_quarter=quarter,
                baseline="Vastgesteld en beoefend.",
                order=n + 1,
            )
        )
    ActionItem.objects.bulk_create(items)
    ActionItemRevision.objects.bulk_create(
        [
            ActionItemRevision(item=item, version=1, kind=RevisionKind.CREATED, data={})
            for item in items
        ]
    )
    municipalities = list(Municipality.objects.filter(region=region))
    diligence = {
        m.pk: (rng.uniform(0.05, 0.2) if rng.random() < 0.1 else rng.uniform(0.3, 0.8))
        for m in municipalities
    }
    diligence[None] = 0.6
    tracks = bulk.tracks_for(items, [m.pk for m in municipalities])
    today = timezone.localdate()
    for r in range(6):
        deadline = today - dt.timedelta(days=182 * (5 - r)) + dt.timedelta(days=21 if r == 5 else 0)
        round_ = services.round_create(
            region=region,
            name=f"Meetmoment {r + 1} ({deadline.year})",
            opens_on=deadline - dt.timedelta(days=35),
            deadline=deadline,
            actor=None,
            agreement_set=agreement_set,
        )
        submitters = {m.pk for m in municipalities if rng.random() < 0.9}
        if r == 5:
            submitters = {pk for pk in submitters if rng.random() < 0.5}
        bulk.simulate_round(
            region=region,
            measurement_round=round_,
            tracks=tracks,
            diligence=diligence,
            submitters=submitters,
            accepted={pk for pk in submitters if rng.random() < 0.8},
            actor=None,
            reviewer=None,
            rng=rng,
            complete=submitters | {None},
        )
        if r < 5:
            services.round_close(measurement_round=round_, actor=None)
