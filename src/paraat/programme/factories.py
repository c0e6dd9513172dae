"""Factories for tests and for `paraat generate_data`."""

import datetime

import factory

from paraat.regions.factories import RegionFactory

from .models import (
    Activity,
    CoreAmbition,
    DeferredWork,
    Goal,
    Risk,
    RiskKind,
    ThemeTable,
)


class AmbitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoreAmbition

    region = factory.SubFactory(RegionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Kernambitie {n + 1}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    ambition = factory.SubFactory(AmbitionFactory)
    letter = "a"
    title = factory.Sequence(lambda n: f"Doel {n}")


class ThemeTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeTable

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Thematafel {n}")
    lead_role = "Trekker"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    region = factory.SelfAttribute("table.region")
    table = factory.SubFactory(ThemeTableFactory)
    title = factory.Sequence(lambda n: f"Activiteit {n}")
    owner = "Adviseur"
    start = datetime.date(2026, 1, 1)
    end = datetime.date(2026, 6, 30)


class DeferredWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeferredWork

    region = factory.SelfAttribute("table.region")
    table = factory.SubFactory(ThemeTableFactory)
    task = factory.Sequence(lambda n: f"Regulier werk {n}")
    team = "Team A"
    impact = "Beperkt"
    accepted_by = "MT"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    region = factory.SubFactory(RegionFactory)
    kind = RiskKind.THREAT
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Risico {n}")
    likelihood = 3
    impact = 3
