"""Write API of the support points app: atomic, takes the acting user, writes the audit trail.

Other apps (the emergency binder, the dashboard) read through `selectors`; they never write here.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.audit.services import changes as audit_changes
from paraat.core import importflow
from paraat.core.concurrency import check_version
from paraat.regions.models import Municipality, Region

from .files import ImportRefused, Problem, Table, check_document
from .models import (
    POINT_CONTACT_FIELDS,
    POINT_FIELDS,
    POINT_WORKFLOW,
    Facility,
    PointDocument,
    PointFacility,
    PointKind,
    PointStatus,
    PopulatedPlace,
    StatusChange,
    SupportPoint,
    SupportPointSettings,
    Wheelchair,
)

# The default checklist, from what is publicly known of the national criteria (2025–2026).
# (code, name, description, weight, asks for hours of autonomy)
DEFAULT_FACILITIES = [
    ("power", "Noodstroom", "Noodstroomaggregaat of -aansluiting, met brandstof", 3, True),
    (
        "communication",
        "Verbinding met de meldkamer",
        "Portofoon (C2000), satelliettelefoon of andere uitvalbestendige verbinding",
        3,
        False,
    ),
    (
        "information",
        "Informatiepunt",
        "Informatie voor inwoners als internet en telefoon uitvallen",
        2,
        False,
    ),
    (
        "first_aid",
        "Eerste hulp en eerstelijnszorg",
        "EHBO-middelen en iemand die ze kan gebruiken",
        2,
        False,
    ),
    ("water", "Drinkwater", "Drinkwater om uit te delen", 2, False),
    ("food", "Voedsel", "Voedsel om uit te delen", 1, False),
    ("medication", "Uitgifte van medicijnen", "Afspraken met apotheek of huisarts", 1, False),
    ("sanitation", "Sanitair", "Toiletten die werken zonder stroom of waterdruk", 1, False),
    ("heating", "Verwarming", "Een warme ruimte, ook zonder netstroom", 1, False),
    (
        "help_desk",
        "Hulpvraag en melden van noodsituaties",
        "Een plek om hulp te vragen en noodsituaties te melden",
        3,
        False,
    ),
]


# --- settings and checklist ------------------------------------------------------------------


@transaction.atomic
def facilities_ensure_defaults(*, region: Region, actor) -> int:
    """Give a region without a checklist the default one. Returns how many were created."""
    if Facility.objects.filter(region=region).exists():
        return 0
    Region.objects.select_for_update().get(pk=region.pk)
    if Facility.objects.filter(region=region).exists():
        return 0
    Facility.objects.bulk_create(
        Facility(
            region=region,
            code=code,
            name=name,
            description=description,
            weight=weight,
            asks_hours=asks_hours,
            order=(index + 1) * 10,
        )
        for index, (code, name, description, weight, asks_hours) in enumerate(DEFAULT_FACILITIES)
    )
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=region,
        detail={"supportpoints": "default facilities checklist", "count": len(DEFAULT_FACILITIES)},
        object_repr=_("Facilities checklist"),
    )
    return len(DEFAULT_FACILITIES)


FACILITY_FIELDS = ("code", "name", "description", "weight", "asks_hours", "order", "is_active")


@transaction.atomic
def facility_save(*, facility: Facility, actor) -> Facility:
    created = facility.pk is None
    before = {}
    if not created:
        old = Facility.objects.select_for_update().get(pk=facility.pk)
        before = {f: getattr(old, f) for f in FACILITY_FIELDS}
    facility.full_clean()
    facility.save()
    changes = audit_changes(
        before, {f: getattr(facility, f) for f in FACILITY_FIELDS}, every_field=created
    )
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=facility,
        detail={"changes": changes},
    )
    return facility


@transaction.atomic
def settings_save(
    *, region: Region, residents_per_point: int, max_distance_km: Decimal, version: int, actor
) -> SupportPointSettings:
    current, _created = SupportPointSettings.objects.select_for_update().get_or_create(
        region=region
    )
    if not _created:
        check_version(
            current,
            version,
            message=_("Someone else changed these norms after you opened this page."),
        )
    before = [current.residents_per_point, str(current.max_distance_km)]
    current.residents_per_point = residents_per_point
    current.max_distance_km = max_distance_km
    current.version += 1
    current.full_clean()
    current.save()
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=current,
        region=region,
        detail={"from": before, "to": [residents_per_point, str(max_distance_km)]},
    )
    return current


# --- points ----------------------------------------------------------------------------------

# The trail keeps the ids of the municipality and the coordination point, as it always has.
_ATTNAMES = {f.name: f.attname for f in SupportPoint._meta.concrete_fields}
AUDITED_POINT_FIELDS = tuple(_ATTNAMES[name] for name in POINT_FIELDS)


def _check_point(point: SupportPoint) -> None:
    errors = {}
    if point.municipality_id and point.municipality.region_id != point.region_id:
        errors["municipality"] = _("This municipality is not in this region.")
    if (point.latitude is None) != (point.longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    if point.coordination_point_id:
        cp = point.coordination_point
        if point.kind != PointKind.LOCAL:
            errors["coordination_point"] = _(
                "Only a local point is served by a coordination point."
            )
        elif cp is None or cp.kind != PointKind.COORDINATION or cp.region_id != point.region_id:
            errors["coordination_point"] = _("Choose a coordination point of this region.")
    if (
        point.pk
        and point.kind == PointKind.LOCAL
        and SupportPoint.objects.filter(coordination_point_id=point.pk).exists()
    ):
        errors["kind"] = _(
            "Local points are linked to this coordination point; link them elsewhere first."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def point_save(
    *,
    point: SupportPoint,
    facilities: dict[int, tuple[bool, int | None]],
    actor,
    version: int | None = None,
) -> SupportPoint:
    """Create or update a point and its checklist answers.

    `facilities` maps facility id to (present, hours). With `version` (the number the editor
    saw), a point someone else saved in the meantime is refused with StaleEdit and nothing is
    written; the view shows the person both versions so nothing they typed is lost.
    """
    created = point.pk is None
    before: dict = {}
    before_facilities: dict[int, tuple[bool, int | None]] = {}
    if not created:
        old = SupportPoint.objects.select_for_update().get(pk=point.pk)
        check_version(
            old,
            version,
            message=_(
                "Someone else saved this point after you opened it. Your changes have not "
                "been saved yet: compare them with the current version below and save again."
            ),
        )
        if not actor.has_perm("supportpoints.change_point", old):
            raise PermissionDenied("supportpoints.change_point")
        before = {f: getattr(old, f) for f in AUDITED_POINT_FIELDS}
        before_facilities = {
            pf.facility_id: (pf.present, pf.hours) for pf in PointFacility.objects.filter(point=old)
        }
        point.version = old.version + 1
        point.status = old.status
    if not actor.has_perm("supportpoints.change_point", point):
        raise PermissionDenied("supportpoints.change_point")
    point.full_clean(exclude=["coordination_point"])
    _check_point(point)
    point.save()
    valid = set(Facility.objects.filter(region=point.region).values_list("pk", flat=True))
    facility_changes = {}
    for facility_id, (present, hours) in facilities.items():
        if facility_id not in valid:
            continue
        hours = hours if present else None
        if before_facilities.get(facility_id, (False, None)) != (present, hours):
            facility_changes[str(facility_id)] = [
                list(before_facilities.get(facility_id, (False, None))),
                [present, hours],
            ]
        PointFacility.objects.update_or_create(
            point=point, facility_id=facility_id, defaults={"present": present, "hours": hours}
        )
    changes = audit_changes(
        before, {f: getattr(point, f) for f in AUDITED_POINT_FIELDS}, every_field=created
    )
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=point,
        detail={"changes": changes, "facilities": facility_changes, "version": point.version},
    )
    return point


@transaction.atomic
def point_transition(
    *, point: SupportPoint, to_status: str, reason: str = "", actor
) -> StatusChange:
    """Move a point along the status workflow (POINT_WORKFLOW); every move is kept."""
    locked = SupportPoint.objects.select_for_update().get(pk=point.pk)
    if not actor.has_perm("supportpoints.change_point", locked):
        raise PermissionDenied("supportpoints.change_point")
    if not POINT_WORKFLOW.allows(locked.status, to_status):
        raise ValidationError(
            _("A point cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": PointStatus(locked.status).label,
                "to": PointStatus(to_status).label
                if to_status in PointStatus.values
                else to_status,
            }
        )
    change = StatusChange.objects.create(
        point=locked,
        from_status=locked.status,
        to_status=to_status,
        reason=reason.strip(),
        changed_by=actor,
    )
    locked.status = to_status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    point.status, point.version = locked.status, locked.version
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        detail={"from": change.from_status, "to": to_status, "reason": change.reason},
    )
    return change


@transaction.atomic
def document_add(*, point: SupportPoint, upload, description: str = "", actor) -> PointDocument:
    """Store a private document after checking its size and its real type (by content)."""
    if not actor.has_perm("supportpoints.change_point", point):
        raise PermissionDenied("supportpoints.change_point")
    content_type = check_document(upload)
    base = os.path.basename(upload.name or "document")[:150]
    document = PointDocument(
        point=point,
        original_name=base,
        description=description.strip()[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(base, upload, save=False)
    document.save()
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=document,
        region=point.region,
        detail={"point": point.pk, "size": upload.size, "content_type": content_type},
    )
    return document


# --- populated places ---------------------------------------------------------------------

PLACE_COLUMNS = {
    "name": ("naam", "name", "plaats"),
    "latitude": ("breedtegraad", "latitude", "lat"),
    "longitude": ("lengtegraad", "longitude", "lon", "lng"),
    "residents": ("inwoners", "residents", "aantal inwoners"),
}


def _columns(table: Table, wanted: dict[str, tuple[str, ...]], required) -> tuple[dict, list]:
    index = {h.strip().lower(): i for i, h in enumerate(table.header)}
    found, problems = {}, []
    for key, names in wanted.items():
        for name in names:
            if name in index:
                found[key] = index[name]
                break
        else:
            if key in required:
                problems.append(
                    Problem(
                        table.sheet,
                        1,
                        names[0],
                        "",
                        _("This column is missing from the header row."),
                    )
                )
    return found, problems


def _number(text: str, *, integer: bool = False):
    cleaned = text.replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if integer:
        cleaned = (
            cleaned.replace(".", "")
            if cleaned.count(".") and len(cleaned.split(".")[-1]) == 3
            else cleaned
        )
        return int(cleaned)
    return float(cleaned)


COORDINATE_RANGES = (("latitude", -90, 90), ("longitude", -180, 180))


def _coordinate(raw: str, low: int, high: int) -> float:
    """A latitude or longitude from a file (decimal comma allowed); ValueError outside."""
    value = _number(raw)
    if not low <= value <= high:
        raise ValueError(raw)
    return value


def _coordinate_wanted(low: int, high: int) -> str:
    return _("Give a decimal number between %(low)s and %(high)s, like 52.21.") % {
        "low": low,
        "high": high,
    }


@transaction.atomic
def places_import(*, region: Region, table: Table, actor) -> int:
    """Replace the region's populated places with the file's (name, coordinates, residents)."""
    columns, problems = _columns(table, PLACE_COLUMNS, required=set(PLACE_COLUMNS))
    if problems:
        raise ImportRefused(problems)
    places: list[PopulatedPlace] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:

        def cell(key, cells=cells):
            i = columns[key]
            return cells[i].strip() if i < len(cells) else ""

        row_problems = []
        name = cell("name")
        if not name:
            row_problems.append(
                Problem(table.sheet, number, PLACE_COLUMNS["name"][0], "", _("A name is required."))
            )
        elif name.lower() in seen:
            row_problems.append(
                Problem(
                    table.sheet,
                    number,
                    PLACE_COLUMNS["name"][0],
                    name,
                    _("This name is already on row %(row)s.") % {"row": seen[name.lower()]},
                )
            )
        else:
            seen[name.lower()] = number
        values = {}
        for key, low, high in COORDINATE_RANGES:
            raw = cell(key)
            try:
                values[key] = _coordinate(raw, low, high)
            except ValueError:
                column = PLACE_COLUMNS[key][0]
                wanted = _coordinate_wanted(low, high)
                row_problems.append(Problem(table.sheet, number, column, raw, wanted))
        raw = cell("residents")
        try:
            residents = _number(raw, integer=True)
            if residents < 0:
                raise ValueError
        except ValueError:
            row_problems.append(
                Problem(
                    table.sheet,
                    number,
                    PLACE_COLUMNS["residents"][0],
                    raw,
                    _("Give a whole number of residents, 0 or more."),
                )
            )
            residents = 0
        problems.extend(row_problems)
        if not row_problems:
            places.append(PopulatedPlace(region=region, name=name, residents=residents, **values))
    if not table.rows:
        problems.append(
            Problem(table.sheet, None, "", "", _("The file has no rows below the header."))
        )
    if problems:
        raise ImportRefused(problems)
    removed, _unused = PopulatedPlace.objects.filter(region=region).delete()
    PopulatedPlace.objects.bulk_create(places)
    audit_log(
        actor=actor,
        action=Action.IMPORT,
        obj=region,
        detail={"supportpoints": "populated places", "rows": len(places), "replaced": removed},
        object_repr=_("Populated places"),
    )
    return len(places)


@transaction.atomic
def import_refused_log(*, region: Region, what: str, problems: list[Problem], actor) -> None:
    """Record a refused import (nothing was changed) in the audit trail."""
    importflow.refusal_audit(
        actor=actor,
        region=region,
        obj=region,
        what=what,
        problems=problems,
        detail={"supportpoints": what},
    )


# --- points import (XLSX/CSV) ---------------------------------------------------------------

# The file's columns: (field, Dutch header). The export writes exactly these; the import reads
# them by header (case does not matter), so columns may be in any order.
POINT_COLUMNS = [
    ("kind", "Type"),
    ("name", "Naam"),
    ("municipality", "Gemeente"),
    ("address", "Adres"),
    ("latitude", "Breedtegraad"),
    ("longitude", "Lengtegraad"),
    ("status", "Status"),
    ("managing_organisation", "Beheerder"),
    ("contact_name", "Contactpersoon"),
    ("contact_phone", "Telefoon contactpersoon"),
    ("contact_outage", "Contactpersoon bereikbaar bij uitval"),
    ("keyholder_name", "Sleutelhouder"),
    ("keyholder_phone", "Telefoon sleutelhouder"),
    ("keyholder_outage", "Sleutelhouder bereikbaar bij uitval"),
    ("hours_to_open", "Openingstijd na activering (uren)"),
    ("capacity", "Capaciteit (personen)"),
    ("wheelchair", "Rolstoeltoegankelijk"),
    ("last_exercised", "Laatst beoefend"),
    ("coordination_point", "Coördinatiepunt"),
    ("notes", "Opmerkingen"),
]
REQUIRED_POINT_COLUMNS = {"kind", "name", "municipality", "address"}
# Columns the export writes for the reader (a region with sub-regions gets "Deelregio" after
# the municipality) and the import skips: they follow from the municipality.
EXPORT_ONLY_COLUMNS = [("sub_region", "Deelregio")]
YES = {"ja", "yes", "j", "y", "1", "x", "true", "waar"}
NO = {"nee", "no", "n", "0", "", "false", "onwaar"}
HOURS_SUFFIX = " (uren)"


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        for language in ("nl", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = value
    return lookup


# Dutch names accepted in files, also when the interface catalog is not loaded.
STATUS_ALIASES = {
    "kandidaat": PointStatus.CANDIDATE,
    "afgesproken": PointStatus.AGREED,
    "ingericht": PointStatus.EQUIPPED,
    "operationeel": PointStatus.OPERATIONAL,
    "inactief": PointStatus.INACTIVE,
}
WHEELCHAIR_ALIASES = {
    "ja": Wheelchair.YES,
    "deels": Wheelchair.PARTLY,
    "nee": Wheelchair.NO,
    "onbekend": Wheelchair.UNKNOWN,
}


def kind_lookup() -> dict[str, str]:
    lookup = _choice_lookup(PointKind.choices)
    lookup.update(
        {
            "c-nsp": PointKind.COORDINATION,
            "l-nsp": PointKind.LOCAL,
            "coördinatiepunt": PointKind.COORDINATION,
            "coordinatiepunt": PointKind.COORDINATION,
            "lokaal": PointKind.LOCAL,
            "lokaal noodsteunpunt": PointKind.LOCAL,
            "coördinatiepunt (c-nsp)": PointKind.COORDINATION,
            "lokaal noodsteunpunt (l-nsp)": PointKind.LOCAL,
        }
    )
    return lookup


def _date(text: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


@transaction.atomic
def points_import(*, region: Region, table: Table, actor) -> tuple[int, int]:
    """Create or update points from a file, matched on municipality and name.

    Every row is checked (values, permission, status workflow) before anything is written; one
    problem anywhere refuses the whole file. Returns (created, updated).
    """
    known = _PointsKnown.of(region, table)
    problems: list[Problem] = []
    planned: list[_PlannedPoint] = []
    seen: dict[tuple, int] = {}
    for number, cells in table.rows:
        row = _PointRow(known, number, cells, problems)
        plan = _point_row_check(row, seen=seen, actor=actor)
        if plan is not None:
            planned.append(plan)
    if problems:
        raise ImportRefused(problems)
    created, updated, saved = _points_write(region, planned, actor=actor)
    if "coordination_point" in known.columns:
        _coordination_links(planned, saved=saved, existing=known.coordination)
    audit_log(
        actor=actor,
        action=Action.IMPORT,
        obj=region,
        detail={"supportpoints": "points", "created": created, "updated": updated},
        object_repr=_("Emergency support points"),
    )
    return created, updated


def _points_columns(table: Table, facilities: list[Facility]) -> tuple[dict, dict]:
    """Where each field and each facility stands in the file: ({field: index},
    {facility pk: (index, hours index)}). ImportRefused for a missing required column, an
    unknown column, or no rows."""
    header_index = {h.strip().lower(): i for i, h in enumerate(table.header)}
    problems: list[Problem] = []
    columns = {}
    for field, label in POINT_COLUMNS:
        if label.lower() in header_index:
            columns[field] = header_index[label.lower()]
        elif field.lower() in header_index:
            columns[field] = header_index[field.lower()]
        elif field in REQUIRED_POINT_COLUMNS:
            problems.append(
                Problem(table.sheet, 1, label, "", _("This column is missing from the header row."))
            )
    facility_columns = {}
    for facility in facilities:
        if facility.name.lower() in header_index:
            facility_columns[facility.pk] = (
                header_index[facility.name.lower()],
                header_index.get((facility.name + HOURS_SUFFIX).lower()),
            )
    known = {label.lower() for _f, label in POINT_COLUMNS} | {f for f, _l in POINT_COLUMNS}
    known |= {label.lower() for _f, label in EXPORT_ONLY_COLUMNS}
    known |= {f.name.lower() for f in facilities} | {
        (f.name + HOURS_SUFFIX).lower() for f in facilities
    }
    for h in table.header:
        if h.strip() and h.strip().lower() not in known:
            problems.append(
                Problem(
                    table.sheet, 1, h, h, _("Unknown column; check the spelling against an export.")
                )
            )
    if problems:
        raise ImportRefused(problems)
    if not table.rows:
        raise ImportRefused(
            [Problem(table.sheet, None, "", "", _("The file has no rows below the header."))]
        )
    return columns, facility_columns


@dataclass
class _PointsKnown:
    """What the rows are checked against: the file's columns, the region's municipalities,
    points (locked) and facilities, the accepted words, and the coordination points the file
    itself names."""

    region: Region
    table: Table
    columns: dict[str, int]
    facilities: list[Facility]
    facility_columns: dict[int, tuple[int, int | None]]
    municipalities: dict[str, Municipality]
    existing: dict[tuple[int, str], SupportPoint]
    coordination: dict[str, SupportPoint]
    file_coordination: set[str]
    kinds: dict[str, str]
    statuses: dict[str, str]
    wheelchairs: dict[str, str]

    @classmethod
    def of(cls, region: Region, table: Table) -> _PointsKnown:
        facilities = list(Facility.objects.filter(region=region, is_active=True))
        columns, facility_columns = _points_columns(table, facilities)
        municipalities = {}
        for m in Municipality.objects.current().filter(region=region):
            municipalities[m.name.lower()] = m
            municipalities[m.code.lower()] = m
        existing = {
            (p.municipality_id, p.name.lower()): p
            for p in SupportPoint.objects.filter(region=region).select_for_update()
        }
        kinds = kind_lookup()
        return cls(
            region=region,
            table=table,
            columns=columns,
            facilities=facilities,
            facility_columns=facility_columns,
            municipalities=municipalities,
            existing=existing,
            coordination={
                p.name.lower(): p for p in existing.values() if p.kind == PointKind.COORDINATION
            },
            file_coordination=_file_coordination_names(table, columns, kinds),
            kinds=kinds,
            statuses=_choice_lookup(PointStatus.choices) | STATUS_ALIASES,
            wheelchairs=_choice_lookup(Wheelchair.choices) | WHEELCHAIR_ALIASES,
        )


def _file_coordination_names(table: Table, columns: dict, kinds: dict) -> set[str]:
    """The coordination points the file names: a local point may be linked to one of them."""
    names: set[str] = set()
    if "kind" not in columns or "name" not in columns:
        return names
    for _n, cells in table.rows:
        k = cells[columns["kind"]].strip().lower() if columns["kind"] < len(cells) else ""
        if kinds.get(k) == PointKind.COORDINATION:
            i = columns["name"]
            names.add(cells[i].strip().lower() if i < len(cells) else "")
    return names


class _PointRow:
    """One row of the file: its cells by field, and its problems (added to the file's list)."""

    def __init__(self, known: _PointsKnown, number: int, cells: list[str], problems: list):
        self.known, self.number, self.cells, self.problems = known, number, cells, problems

    def cell(self, field: str) -> str:
        i = self.known.columns.get(field)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def add(self, column: str, value: str, message: str) -> None:
        self.problems.append(Problem(self.known.table.sheet, self.number, column, value, message))

    def problem(self, field: str, message: str, value: str | None = None) -> None:
        label = dict(POINT_COLUMNS).get(field, field)
        self.add(label, self.cell(field) if value is None else value, message)

    def has_problem_in(self, *fields: str) -> bool:
        labels = {dict(POINT_COLUMNS)[f] for f in fields}
        return any(p.row == self.number and p.column in labels for p in self.problems)


@dataclass
class _PlannedPoint:
    point: SupportPoint | None  # the existing point, or None for a new one
    municipality: Municipality
    kind: str
    name: str
    address: str
    values: dict
    answers: dict[int, tuple[bool, int | None]]
    status: str | None
    cp_name: str


def _point_row_check(row: _PointRow, *, seen: dict, actor) -> _PlannedPoint | None:
    """Check one row in every field; what to write for it, or None when it has a problem."""
    before = len(row.problems)
    kind, name, municipality, address = _row_identity(row, seen)
    point = row.known.existing.get((municipality.pk, name.lower())) if municipality else None
    values = _row_coordinates(row) | _row_numbers(row)
    status = _row_status(row, point)
    cp_name = _row_coordination_point(row, kind)
    values |= _row_texts(row)
    if len(name) > 160:
        row.problem("name", _("At most %(n)s characters.") % {"n": 160})
    if len(address) > 200:
        row.problem("address", _("At most %(n)s characters.") % {"n": 200})
    answers = _row_facilities(row)
    if kind and municipality:
        _row_permission(row, actor, point=point, municipality=municipality, kind=kind)
    if len(row.problems) != before or kind is None or municipality is None:
        return None
    return _PlannedPoint(point, municipality, kind, name, address, values, answers, status, cp_name)


def _row_identity(row: _PointRow, seen: dict) -> tuple[str | None, str, Municipality | None, str]:
    """Kind, name, municipality and address; a point twice in the file is a problem."""
    kind = row.known.kinds.get(row.cell("kind").lower())
    if kind is None:
        row.problem(
            "kind",
            _("Give “coordination point (C-NSP)” or “local point (L-NSP)” (or C-NSP / L-NSP)."),
        )
    name = row.cell("name")
    if not name:
        row.problem("name", _("A name is required."))
    municipality = row.known.municipalities.get(row.cell("municipality").lower())
    if municipality is None:
        row.problem(
            "municipality", _("Unknown municipality in this region; give its name or CBS code.")
        )
    address = row.cell("address")
    if not address:
        row.problem("address", _("An address is required."))
    if municipality and name:
        key = (municipality.pk, name.lower())
        if key in seen:
            row.problem("name", _("This point is already on row %(row)s.") % {"row": seen[key]})
        seen[key] = row.number
    return kind, name, municipality, address


def _row_coordinates(row: _PointRow) -> dict:
    values: dict = {}
    for field, low, high in COORDINATE_RANGES:
        raw = row.cell(field)
        if not raw:
            values[field] = None
            continue
        try:
            values[field] = _coordinate(raw, low, high)
        except ValueError:
            row.problem(field, _coordinate_wanted(low, high))
    if (values.get("latitude") is None) != (
        values.get("longitude") is None
    ) and not row.has_problem_in("latitude", "longitude"):
        row.problem("latitude", _("Give both latitude and longitude, or neither."))
    return values


def _row_numbers(row: _PointRow) -> dict:
    """Hours to open, capacity, wheelchair access and the last exercise."""
    values: dict = {"hours_to_open": None, "capacity": None, "last_exercised": None}
    raw = row.cell("hours_to_open")
    if raw:
        try:
            hours = Decimal(raw.replace(",", "."))
            if hours < 0 or hours >= 1000:
                raise InvalidOperation
            values["hours_to_open"] = hours.quantize(Decimal("0.1"))
        except InvalidOperation:
            row.problem("hours_to_open", _("Give a number of hours, like 2 or 1,5."))
    raw = row.cell("capacity")
    if raw:
        try:
            values["capacity"] = _number(raw, integer=True)
            if values["capacity"] < 0:
                raise ValueError
        except ValueError:
            row.problem("capacity", _("Give a whole number of people."))
    raw = row.cell("wheelchair")
    values["wheelchair"] = (
        row.known.wheelchairs.get(raw.lower(), None) if raw else Wheelchair.UNKNOWN
    )
    if values["wheelchair"] is None:
        row.problem("wheelchair", _("Give yes, partly, no or unknown."))
    raw = row.cell("last_exercised")
    if raw:
        try:
            values["last_exercised"] = _date(raw)
        except ValueError:
            row.problem("last_exercised", _("Give a date like 2026-03-14 or 14-03-2026."))
    return values


def _row_status(row: _PointRow, point: SupportPoint | None) -> str | None:
    """The status the file asks for (None: keep it), along the points' workflow."""
    raw = row.cell("status")
    if not raw:
        return None
    status = row.known.statuses.get(raw.lower())
    if status is None:
        row.problem("status", _("Give candidate, agreed, equipped, operational or inactive."))
    elif (
        point is not None
        and status != point.status
        and not POINT_WORKFLOW.allows(point.status, status)
    ):
        row.problem(
            "status",
            _("A point cannot move from “%(from)s” to “%(to)s”.")
            % {"from": PointStatus(point.status).label, "to": PointStatus(status).label},
        )
    return status


def _row_coordination_point(row: _PointRow, kind: str | None) -> str:
    """The coordination point that serves a local point: in the region or in the file."""
    cp_name = row.cell("coordination_point")
    if not cp_name:
        return cp_name
    if kind == PointKind.COORDINATION:
        row.problem(
            "coordination_point", _("Only a local point is served by a coordination point.")
        )
    elif (
        cp_name.lower() not in row.known.coordination
        and cp_name.lower() not in row.known.file_coordination
    ):
        row.problem("coordination_point", _("No coordination point with this name in this region."))
    return cp_name


POINT_TEXT_FIELDS = (*POINT_CONTACT_FIELDS, "notes")  # copied from the file as they are


def _row_texts(row: _PointRow) -> dict:
    values = {}
    for field in POINT_TEXT_FIELDS:
        values[field] = row.cell(field)
        limit = getattr(SupportPoint._meta.get_field(field), "max_length", None)
        if limit and len(values[field]) > limit:
            row.problem(field, _("At most %(n)s characters.") % {"n": limit})
    return values


def _row_facilities(row: _PointRow) -> dict[int, tuple[bool, int | None]]:
    """The checklist answers (ja/nee, and hours of autonomy where the file has that column)."""
    answers: dict[int, tuple[bool, int | None]] = {}
    cells = row.cells
    for facility in row.known.facilities:
        if facility.pk not in row.known.facility_columns:
            continue
        col, hours_col = row.known.facility_columns[facility.pk]
        raw = cells[col].strip() if col < len(cells) else ""
        if raw.lower() in YES:
            present = True
        elif raw.lower() in NO:
            present = False
        else:
            row.add(facility.name, raw, _("Give ja or nee."))
            present = False
        facility_hours: int | None = None
        raw_h = cells[hours_col].strip() if hours_col is not None and hours_col < len(cells) else ""
        if raw_h:
            try:
                facility_hours = _number(raw_h, integer=True)
                if not 0 <= facility_hours <= 10000:
                    raise ValueError
            except ValueError:
                row.add(facility.name + HOURS_SUFFIX, raw_h, _("Give a whole number of hours."))
        answers[facility.pk] = (present, facility_hours)
    return answers


def _row_permission(row: _PointRow, actor, *, point, municipality, kind) -> None:
    """The importer may change the point as it is and as the file makes it."""
    region = row.known.region
    target = point or SupportPoint(region=region, municipality=municipality, kind=kind)
    probe = SupportPoint(region=region, municipality=municipality, kind=kind)
    if not (
        actor.has_perm("supportpoints.change_point", target)
        and actor.has_perm("supportpoints.change_point", probe)
    ):
        row.problem(
            "kind",
            _(
                "You may not register or change this point (a municipality edits its own "
                "local points; the region edits coordination points)."
            ),
            value=row.cell("kind"),
        )


def _points_write(
    region: Region, planned: list[_PlannedPoint], *, actor
) -> tuple[int, int, dict[str, SupportPoint]]:
    """Save every planned point through `point_save` (and `point_transition` for a status
    change); (created, updated, the coordination points saved by name)."""
    created = updated = 0
    saved: dict[str, SupportPoint] = {}
    for plan in planned:
        is_new = plan.point is None
        point = plan.point or SupportPoint(
            region=region, status=plan.status or PointStatus.CANDIDATE
        )
        point.municipality, point.kind = plan.municipality, plan.kind
        point.name, point.address = plan.name, plan.address
        for field, value in plan.values.items():
            setattr(point, field, value)
        if plan.kind == PointKind.COORDINATION:
            point.coordination_point = None
        point_save(point=point, facilities=plan.answers, actor=actor)
        if not is_new and plan.status and plan.status != point.status:
            point_transition(point=point, to_status=plan.status, reason=_("Import"), actor=actor)
        if plan.kind == PointKind.COORDINATION:
            saved[plan.name.lower()] = point
        plan.point = point
        created += is_new
        updated += not is_new
    return created, updated, saved


def _coordination_links(
    planned: list[_PlannedPoint], *, saved: dict, existing: dict[str, SupportPoint]
) -> None:
    """Link each local point to its coordination point (saved now, or already there)."""
    for plan in planned:
        point, cp_name = plan.point, plan.cp_name
        if point is None or point.kind != PointKind.LOCAL:
            continue
        link_to = (saved.get(cp_name.lower()) or existing.get(cp_name.lower())) if cp_name else None
        if point.coordination_point_id != (link_to.pk if link_to else None):
            point.coordination_point = link_to
            point.save(update_fields=["coordination_point"])
