"""Extension points of the regions app: what the apps above it add to the region's own pages.

Regions sits low (accounts, agreements and reports build on it), yet two of its pages speak of
their data. Rather than reading it (an import up), regions asks the apps, as core does for the
navigation and the start tasks (`paraat.core.extensions`). An AppConfig may define:
- `setup_steps(region) -> list[SetupStep]`: its steps on the getting-started checklist (page
  `region:getting_started` and the start task "Getting started"), read from its own selectors;
- `municipality_marks(region) -> list[MunicipalityMark]`: a yes/no column on the municipality
  list (accounts: whether a municipal contact is named).
The owning app decides what is done; each dependency shows as an import in that app.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.utils.functional import Promise

from paraat.core.extensions import collect

from .models import Region


@dataclass(frozen=True)
class SetupStep:
    """One step of a new region's getting started, read from the real state."""

    title: str | Promise  # lazy text is fine: the template renders it
    done: bool
    url: str
    hint: str | Promise = ""
    order: int = 50  # the checklist's order: 10, 20, … (see docs/architecture.md)


@dataclass(frozen=True)
class MunicipalityMark:
    """A yes/no column on the municipality list: `marked` holds the ids of the municipalities
    for which `yes` is shown; the others show `no`, marked as needing attention."""

    heading: str | Promise
    marked: Collection[int]
    yes: str | Promise
    no: str | Promise
    order: int = 50


def setup_checklist(*, region: Region) -> list[SetupStep]:
    """Every app's getting-started steps for the region, in their fixed order."""
    return sorted(collect("setup_steps", region), key=lambda s: s.order)


def municipality_marks(*, region: Region) -> list[MunicipalityMark]:
    """The yes/no columns the apps add to the region's municipality list, in order."""
    return sorted(collect("municipality_marks", region), key=lambda m: m.order)
