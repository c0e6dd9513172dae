"""Write API of the regions app: atomic, takes the acting user, writes the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.audit.services import changes as audit_changes
from paraat.core.concurrency import check_version

from .models import Contact, PhaseChange, ProgrammePhase, Region


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
