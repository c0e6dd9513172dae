"""Made-up municipalities for a generated region (`paraat generate_data`, and the bench's
regions of a chosen size): one shape, so a generated region looks the same whoever makes it."""

from __future__ import annotations

import random

from paraat.regions.models import Municipality, Region


def generated_municipalities(
    *, region: Region, first_number: int, count: int, name: str, rng: random.Random
) -> list[Municipality]:
    """`count` unsaved municipalities GM<first_number>… named "<name> gemeente 1…", with a
    random population and a centroid somewhere in the Netherlands."""
    return [
        Municipality(
            region=region,
            code=f"GM{first_number + n:04d}",
            name=f"{name} gemeente {n + 1}",
            population=rng.randint(5000, 180000),
            population_year=2025,
            centroid_lat=rng.uniform(50.8, 53.4),
            centroid_lon=rng.uniform(3.5, 7.1),
        )
        for n in range(count)
    ]
