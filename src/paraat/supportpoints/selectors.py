"""Read queries for support points: the register, readiness, coverage and distances.

Other apps use these too: the dashboard (map and figures), the municipality page
(`municipality_points`) and the emergency binder (`municipality_print_list`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from paraat.audit.models import AuditEvent
from paraat.regions.models import Municipality, Region

from . import readiness
from .models import (
    Facility,
    PointFacility,
    PointKind,
    PointStatus,
    PopulatedPlace,
    StatusChange,
    SupportPoint,
    SupportPointSettings,
)
from .readiness import Coverage


def active_facilities(*, region: Region) -> list[Facility]:
    return list(Facility.objects.filter(region=region, is_active=True).order_by("order", "name"))


def settings_for(*, region: Region) -> SupportPointSettings:
    return SupportPointSettings.objects.filter(region=region).first() or SupportPointSettings(
        region=region
    )


def _with_checklist(qs: QuerySet[SupportPoint]) -> QuerySet[SupportPoint]:
    return qs.select_related(
        "municipality", "municipality__sub_region", "coordination_point"
    ).prefetch_related(
        Prefetch("facilities", queryset=PointFacility.objects.all(), to_attr="answers")
    )


def annotate_readiness(points, facilities: list[Facility]) -> list[SupportPoint]:
    """Set `readiness` (0–100 or None), `present` ({facility id: bool}) and `missing` (names)."""
    points = list(points)
    for p in points:
        answers = getattr(p, "answers", None)
        if answers is None:
            answers = list(p.facilities.all())
        p.present = {a.facility_id: a.present for a in answers}
        p.hours = {a.facility_id: a.hours for a in answers}
        p.readiness = readiness.point_readiness(p.present, facilities)
        p.missing = [f for f in facilities if not p.present.get(f.pk)]
        p.present_facilities = [f for f in facilities if p.present.get(f.pk)]
        p.present_labels = [
            _("%(name)s (%(h)s hours)") % {"name": f.name, "h": p.hours[f.pk]}
            if f.asks_hours and p.hours.get(f.pk) is not None
            else f.name
            for f in p.present_facilities
        ]
    return points


@dataclass
class Filters:
    """The register's filters, as `forms.PointFilterForm` validated them from the query."""

    kind: str = ""
    status: str = ""
    municipality: int | None = None
    missing: int | None = None  # facility id the point lacks
    sub_region: int | None = None

    @property
    def narrows(self) -> bool:
        chosen = (self.kind, self.status, self.municipality, self.missing, self.sub_region)
        return any(chosen)


def point_list(*, region: Region, filters: Filters | None = None) -> list[SupportPoint]:
    """The register, filtered, with readiness per point (three queries, whatever the size)."""
    filters = filters or Filters()
    qs = SupportPoint.objects.filter(region=region)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.municipality:
        qs = qs.filter(municipality_id=filters.municipality)
    if filters.sub_region:
        qs = qs.filter(municipality__sub_region_id=filters.sub_region)
    if filters.missing:
        has_it = PointFacility.objects.filter(facility_id=filters.missing, present=True)
        qs = qs.exclude(pk__in=has_it.values("point_id"))
    qs = _with_checklist(qs).order_by("municipality__name", "kind", "name")
    return annotate_readiness(qs, active_facilities(region=region))


def point_detail(*, region: Region, pk: int) -> SupportPoint | None:
    point = (
        _with_checklist(SupportPoint.objects.filter(region=region, pk=pk))
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.select_related("changed_by"),
            ),
            "documents",
            Prefetch("served_points", queryset=SupportPoint.objects.order_by("name")),
        )
        .first()
    )
    if point is None:
        return None
    facilities = active_facilities(region=region)
    point.checklist_facilities = facilities  # type: ignore[attr-defined]  # for the template
    annotate_readiness([point], facilities)
    return point


@dataclass
class MunicipalityReadiness:
    municipality: Municipality
    points: list[SupportPoint] = field(default_factory=list)
    readiness: int | None = None
    coverage: Coverage | None = None

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(PointStatus.values, 0)
        for p in self.points:
            counts[p.status] += 1
        return counts


def municipality_overview(*, region: Region) -> list[MunicipalityReadiness]:
    """Per municipality: its points, average readiness of points in use, and coverage."""
    norm = settings_for(region=region).residents_per_point
    facilities = active_facilities(region=region)
    points = annotate_readiness(
        _with_checklist(SupportPoint.objects.filter(region=region)).order_by("kind", "name"),
        facilities,
    )
    by_municipality: dict[int, list[SupportPoint]] = {}
    for p in points:
        by_municipality.setdefault(p.municipality_id, []).append(p)
    rows = []
    for m in Municipality.objects.current().filter(region=region).order_by("name"):
        mine = by_municipality.get(m.pk, [])
        rows.append(_municipality_row(m, mine, norm))
    return rows


def _municipality_row(
    m: Municipality, mine: list[SupportPoint], norm: int
) -> MunicipalityReadiness:
    in_use = [p for p in mine if p.status != PointStatus.INACTIVE]
    operational = sum(1 for p in mine if p.status == PointStatus.OPERATIONAL)
    return MunicipalityReadiness(
        municipality=m,
        points=mine,
        readiness=readiness.average(p.readiness for p in in_use),  # type: ignore[attr-defined]
        coverage=readiness.coverage(population=m.population, operational=operational, norm=norm),
    )


def municipality_points(*, municipality: Municipality) -> MunicipalityReadiness:
    """One municipality's points with readiness and coverage (for its municipality page)."""
    region = municipality.region
    norm = settings_for(region=region).residents_per_point
    points = annotate_readiness(
        _with_checklist(SupportPoint.objects.filter(municipality=municipality)).order_by(
            "kind", "name"
        ),
        active_facilities(region=region),
    )
    return _municipality_row(municipality, points, norm)


def municipality_print_list(*, municipality: Municipality) -> MunicipalityReadiness:
    """The printable list per municipality, used by the emergency binder (issue 8)."""
    return municipality_points(municipality=municipality)


def region_totals(*, region: Region) -> dict:
    """Counts for the dashboard: points per status and kind."""
    rows = SupportPoint.objects.filter(region=region).aggregate(
        total=Count("pk"),
        operational=Count("pk", filter=Q(status=PointStatus.OPERATIONAL)),
        coordination=Count("pk", filter=Q(kind=PointKind.COORDINATION)),
        local=Count("pk", filter=Q(kind=PointKind.LOCAL)),
    )
    return rows


@dataclass
class PlaceDistance:
    place: PopulatedPlace
    nearest: SupportPoint | None
    distance_km: float | None
    beyond: bool


def place_distances(*, region: Region) -> tuple[list[PlaceDistance], float]:
    """Each populated place with its nearest operational point; farthest first."""
    limit = float(settings_for(region=region).max_distance_km)
    operational = list(
        SupportPoint.objects.filter(
            region=region, status=PointStatus.OPERATIONAL, latitude__isnull=False
        ).select_related("municipality")
    )
    rows = []
    for place in PopulatedPlace.objects.filter(region=region).order_by("name"):
        point, distance = readiness.nearest(place.latitude, place.longitude, operational)
        rows.append(PlaceDistance(place, point, distance, distance is None or distance > limit))
    rows.sort(key=lambda r: (-(r.distance_km if r.distance_km is not None else 1e9), r.place.name))
    return rows, limit


def coordination_points_of(points: list[SupportPoint]) -> list[SupportPoint]:
    """The coordination points (C-NSP) among `points`; no query."""
    return [p for p in points if p.kind == PointKind.COORDINATION]


def coordination_choices(*, region: Region) -> QuerySet[SupportPoint]:
    return SupportPoint.objects.filter(region=region, kind=PointKind.COORDINATION).order_by("name")


@dataclass
class HistoryLine:
    at: object
    actor: str
    action: str
    fields: list[str]


def point_history(
    *, point: SupportPoint, facilities: list[Facility] | None = None, limit: int = 25
) -> list[HistoryLine]:
    """What changed on a point, when and by whom, read from the append-only audit trail."""

    labels = {}
    for f in SupportPoint._meta.get_fields():
        if hasattr(f, "verbose_name") and hasattr(f, "attname"):
            labels[f.attname] = str(f.verbose_name)
            labels[f.name] = str(f.verbose_name)
    facility_names = {
        str(pk): name
        for pk, name in Facility.objects.filter(region_id=point.region_id).values_list("pk", "name")
    }
    events = AuditEvent.objects.filter(
        object_type=SupportPoint._meta.label_lower, object_id=str(point.pk)
    ).order_by("-at", "-id")[:limit]
    lines = []
    for e in events:
        detail = e.detail or {}
        fields = [labels.get(name, name) for name in (detail.get("changes") or {})]
        fields += [facility_names.get(fid, fid) for fid in (detail.get("facilities") or {})]
        if "to" in detail and e.action == "transition":
            fields = [f"{labels['status']}: {PointStatus(detail['to']).label}"]
        lines.append(HistoryLine(e.at, e.actor_label, e.get_action_display(), fields))
    return lines
