"""Readiness, coverage and distance: plain functions, so views, reports and the dashboard agree."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

P = TypeVar("P", bound=Any)  # anything with latitude and longitude


def point_readiness(present: dict[int, bool], facilities) -> int | None:
    """Weighted share (0–100) of the region's active facilities a point has.

    `present` maps facility id to whether the point has it; `facilities` are the active ones.
    None when the checklist has no weight at all (nothing to measure against).
    """
    total = sum(f.weight for f in facilities)
    if not total:
        return None
    have = sum(f.weight for f in facilities if present.get(f.pk))
    return round(100 * have / total)


def average(values) -> int | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values)) if values else None


@dataclass(frozen=True)
class Coverage:
    population: int | None
    operational: int
    needed: int | None  # operational points the norm asks for
    residents_per_point: int | None  # actual residents per operational point

    @property
    def meets_norm(self) -> bool | None:
        if self.needed is None:
            return None
        return self.operational >= self.needed

    @property
    def shortfall(self) -> int:
        return max((self.needed or 0) - self.operational, 0)


def coverage(*, population: int | None, operational: int, norm: int) -> Coverage:
    """Operational points against the norm of one point per `norm` residents."""
    if not population or not norm:
        return Coverage(population, operational, None, None)
    needed = math.ceil(population / norm)
    per_point = round(population / operational) if operational else None
    return Coverage(population, operational, needed, per_point)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), precise enough for 'how far is the nearest point'."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def nearest(lat: float, lon: float, points: Iterable[P]) -> tuple[P | None, float | None]:
    """The nearest of `points` (objects with latitude/longitude) and its distance in km."""
    best, best_d = None, None
    for p in points:
        if p.latitude is None or p.longitude is None:
            continue
        d = distance_km(lat, lon, p.latitude, p.longitude)
        if best_d is None or d < best_d:
            best, best_d = p, d
    return best, best_d
