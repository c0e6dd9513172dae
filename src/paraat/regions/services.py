"""Write API of the regions app: atomic, takes the acting user, writes the audit trail."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.audit.services import changes as audit_changes
from paraat.core.concurrency import check_version

from .models import Contact, Municipality, Partner, PhaseChange, ProgrammePhase, Region, SubRegion
from .reference import Reference, RefMunicipality


@transaction.atomic
def region_set_phase(*, region: Region, phase: str, reason: str, actor) -> PhaseChange:
    """Switch the programme phase (koud/lauw/warm), keeping why, when and by whom."""
    if phase not in ProgrammePhase.values:
        raise ValidationError(_("Unknown phase."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for the phase change."))
    locked = Region.objects.select_for_update().get(pk=region.pk)
    if locked.phase == phase:
        raise ValidationError(_("The programme is already in this phase."))
    change = PhaseChange.objects.create(
        region=locked, from_phase=locked.phase, to_phase=phase, reason=reason, changed_by=actor
    )
    locked.phase = phase
    locked.save(update_fields=["phase"])
    region.phase = phase
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        detail={"field": "phase", "from": change.from_phase, "to": phase, "reason": reason},
    )
    return change


CONTACT_FIELDS = ("name", "function", "email", "phone", "outage_reachability")


@transaction.atomic
def contact_save(*, contact: Contact, actor, expected_version: int | None = None) -> Contact:
    """Create or update a contact and record what changed.

    `expected_version` is the version the edit form was loaded with: when someone else saved
    in between, StaleEdit is raised and nothing is written.
    """
    created = contact.pk is None
    before = {}
    if not created:
        old = Contact.objects.select_for_update().get(pk=contact.pk)
        check_version(old, expected_version)
        before = {f: getattr(old, f) for f in CONTACT_FIELDS}
        contact.version = old.version + 1
    contact.full_clean()
    contact.save()
    changes = audit_changes(
        before, {f: getattr(contact, f) for f in CONTACT_FIELDS}, every_field=created
    )
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=contact,
        region=contact.region,
        detail={"changes": changes},
    )
    return contact


# --- setting a region up from the national reference data -----------------------------------


class UnknownRegion(ValueError):
    """The code is not one of the reference data's safety regions."""


@dataclass
class SetupResult:
    region: Region
    created: bool = False
    changes: list[str] = field(default_factory=list)
    invited: object = None  # the administrator's new account (set by paraat.start.setup)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _sync_municipality(*, region: Region, ref: RefMunicipality, actor, result: SetupResult) -> None:
    existing = Municipality.objects.select_for_update().filter(code=ref.code).first()
    if existing is None:
        m = Municipality.objects.create(
            region=region,
            code=ref.code,
            name=ref.name,
            population=ref.population,
            population_year=ref.population_year,
            centroid_lat=ref.centroid_lat,
            centroid_lon=ref.centroid_lon,
            boundary=ref.boundary,
        )
        audit_log(actor=actor, action=Action.CREATE, obj=m, region=region)
        result.changes.append(_("Municipality added: %(name)s (%(code)s)") % vars(ref))
        return
    if existing.region_id != region.pk:
        result.changes.append(
            _("%(name)s (%(code)s) belongs to another region here; left unchanged.") % vars(ref)
        )
        return
    wanted = {
        "name": ref.name,
        "centroid_lat": ref.centroid_lat,
        "centroid_lon": ref.centroid_lon,
        "boundary": ref.boundary,
        "archived_on": None,
    }
    newer_population = ref.population is not None and (
        existing.population is None or (ref.population_year or 0) >= (existing.population_year or 0)
    )
    if newer_population:
        wanted["population"] = ref.population
        wanted["population_year"] = ref.population_year
    changed = {k: v for k, v in wanted.items() if getattr(existing, k) != v}
    if not changed:
        return
    for k, v in changed.items():
        setattr(existing, k, v)
    existing.save(update_fields=list(changed))
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=existing,
        region=region,
        detail={"reference_update": sorted(changed)},
    )
    result.changes.append(
        _("Municipality updated: %(name)s (%(fields)s)")
        % {"name": ref.name, "fields": ", ".join(sorted(changed))}
    )


@transaction.atomic
def region_setup(
    *,
    code: str,
    reference: Reference,
    actor=None,
) -> SetupResult:
    """Create or bring up to date a safety region from the reference data (idempotent).

    Municipalities in the reference data are added or updated (name, boundary, centroid, and a
    population only when the reference has a newer one); the region's municipalities that are no
    longer in it (merged away) are archived, never deleted, so their history and progress stay.
    Inviting the first administrator is a top-floor step (`paraat.start.setup`): it makes an
    account, which is the accounts app's, a floor above.
    """
    code = code.strip().upper()
    if code not in reference.regions:
        raise UnknownRegion(code)
    region = Region.objects.select_for_update().filter(code=code).first()
    result = SetupResult(region=region)  # type: ignore[arg-type]  # set below when created
    if region is None:
        name = reference.regions[code]
        region = Region.objects.create(
            code=code,
            name=f"Veiligheidsregio {name}",
            short_name=name,
            reference_year=reference.year,
        )
        audit_log(actor=actor, action=Action.CREATE, obj=region, region=region)
        result.region, result.created = region, True
        result.changes.append(_("Region created: %(name)s (%(code)s)") % vars(region))
    wanted = reference.region_municipalities(code)
    for ref in wanted:
        _sync_municipality(region=region, ref=ref, actor=actor, result=result)
    wanted_codes = {ref.code for ref in wanted}
    gone = Municipality.objects.current().filter(region=region).exclude(code__in=wanted_codes)
    today = timezone.localdate()
    for m in gone.select_for_update():
        m.archived_on = today
        m.save(update_fields=["archived_on"])
        audit_log(
            actor=actor,
            action=Action.UPDATE,
            obj=m,
            region=region,
            detail={"archived": str(today), "reference_year": reference.year},
        )
        result.changes.append(_("Municipality archived (no longer in the reference data): %s") % m)
    if region.reference_year != reference.year and not result.created:
        region.reference_year = reference.year
        region.save(update_fields=["reference_year"])
        result.changes.append(_("Reference data year: %s") % reference.year)
    return result


# --- populations ---------------------------------------------------------------------------


@transaction.atomic
def municipality_population_set(
    *, municipality: Municipality, population: int | None, year: int | None, actor
) -> Municipality:
    """An administrator enters a municipality's population (CBS "Bevolking op 1 januari")."""
    locked = Municipality.objects.select_for_update().get(pk=municipality.pk)
    before = [locked.population, locked.population_year]
    locked.population, locked.population_year = population, year
    locked.full_clean()
    locked.save(update_fields=["population", "population_year"])
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        detail={"population": [before, [population, year]]},
    )
    return locked


CODE_RE = re.compile(r"^\s*(GM\d{4})\s*$", re.IGNORECASE)
NUMBER_RE = re.compile(r"^\s*\d{1,3}(?:[ .]?\d{3})*\s*$")


def population_file_read(data: bytes) -> list[tuple[str, int]]:
    """Read (CBS code, population) pairs from a CBS StatLine CSV download.

    StatLine writes `;`-separated, quoted cells with a few title lines above the table; a row
    counts when one cell is a municipality code (GM0200) and a later cell a whole number.
    """
    text = data.decode("utf-8-sig", errors="replace")
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    pairs = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        for i, cell in enumerate(row):
            match = CODE_RE.match(cell)
            if match:
                numbers = [c for c in row[i + 1 :] if NUMBER_RE.match(c)]
                if numbers:
                    value = int(re.sub(r"\D", "", numbers[-1]))
                    pairs.append((match.group(1).upper(), value))
                break
    return pairs


@transaction.atomic
def population_import(
    *, region: Region, pairs: list[tuple[str, int]], year: int, actor
) -> list[Municipality]:
    """Set the populations of the region's municipalities found in `pairs` (others ignored:
    a national file holds every municipality). All or nothing."""
    if not pairs:
        raise ValidationError(_("No municipality codes with a number were found in the file."))
    by_code = dict(pairs)
    updated = []
    for m in Municipality.objects.select_for_update().filter(region=region, code__in=by_code):
        before = [m.population, m.population_year]
        m.population, m.population_year = by_code[m.code], year
        m.save(update_fields=["population", "population_year"])
        audit_log(
            actor=actor,
            action=Action.UPDATE,
            obj=m,
            region=region,
            detail={"population": [before, [m.population, year]], "import": True},
        )
        updated.append(m)
    if not updated:
        raise ValidationError(_("The file holds none of this region's municipalities."))
    return updated


# --- region settings, statements, partners --------------------------------------------------

SETTINGS_FIELDS = (
    "name",
    "short_name",
    "programme_start",
    "programme_end",
    "public_page_enabled",
    "share_nationally",
    "desk_email",
    "default_lag_threshold",
    "default_reminder_days",
    "binder_max_age_days",
)
STATEMENT_FIELDS = ("accessibility_statement", "privacy_statement")


@transaction.atomic
def region_settings_save(*, region: Region, values: dict, actor) -> Region:
    """Save the region's settings; every changed field in the audit trail.

    Saving the national-sharing choice on this screen records that it was decided (the
    getting-started checklist asks for the decision, not for a particular answer).
    """
    locked = Region.objects.select_for_update().get(pk=region.pk)
    allowed = set(SETTINGS_FIELDS) | set(STATEMENT_FIELDS)
    changes = {}
    for name, value in values.items():
        if name not in allowed:
            raise ValueError(name)
        if getattr(locked, name) != value:
            changes[name] = [getattr(locked, name), value]
            setattr(locked, name, value)
    start, end = locked.programme_start, locked.programme_end
    if start and end and end < start:
        raise ValidationError(
            {"programme_end": _("The last year must not be before the first year.")}
        )
    if "share_nationally" in values and locked.national_sharing_decided_on is None:
        locked.national_sharing_decided_on = timezone.localdate()
        changes["national_sharing_decided_on"] = [None, str(locked.national_sharing_decided_on)]
    locked.full_clean()
    if changes:
        locked.save()
        audit_log(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            region=locked,
            detail={"changes": {k: [str(a), str(b)] for k, (a, b) in changes.items()}},
        )
    for name in allowed | {"national_sharing_decided_on"}:
        setattr(region, name, getattr(locked, name))
    return locked


PARTNER_FIELDS = ("name", "kind", "is_active")


@transaction.atomic
def partner_save(*, partner: Partner, actor) -> Partner:
    """Add or edit a partner organisation (deactivating keeps its contacts and history)."""
    created = partner.pk is None
    before = {}
    if not created:
        old = Partner.objects.select_for_update().get(pk=partner.pk)
        before = {f: getattr(old, f) for f in PARTNER_FIELDS}
    partner.full_clean()
    partner.save()
    changes = audit_changes(
        before, {f: getattr(partner, f) for f in PARTNER_FIELDS}, every_field=created
    )
    if changes:
        audit_log(
            actor=actor,
            action=Action.CREATE if created else Action.UPDATE,
            obj=partner,
            region=partner.region,
            detail={"changes": changes},
        )
    return partner


@transaction.atomic
def sub_regions_save(*, region: Region, names: list[str], assignment: dict[int, str], actor):
    """Set the region's sub-regions (by name, in order) and which municipality is in which
    (`assignment`: municipality id → sub-region name, "" for none). Removed names go."""

    names = [n.strip() for n in names if n.strip()]
    if len(names) != len({n.lower() for n in names}):
        raise ValidationError(_("Each sub-region needs its own name."))
    unknown = {v for v in assignment.values() if v and v not in names}
    if unknown:
        raise ValidationError(
            _("Not a sub-region of this region: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    Region.objects.select_for_update().get(pk=region.pk)
    SubRegion.objects.filter(region=region).exclude(name__in=names).delete()
    by_name = {}
    for order, name in enumerate(names):
        sub, _created = SubRegion.objects.update_or_create(
            region=region, name=name, defaults={"order": order}
        )
        by_name[name] = sub
    changed = {}
    for municipality in Municipality.objects.filter(region=region, pk__in=list(assignment)):
        new = by_name.get(assignment[municipality.pk])
        if municipality.sub_region_id != (new.pk if new else None):
            municipality.sub_region = new
            municipality.save(update_fields=["sub_region"])
            changed[municipality.name] = new.name if new else ""
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=region,
        detail={"sub_regions": names, "municipalities": changed},
    )
