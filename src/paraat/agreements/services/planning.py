"""A municipality's own planning of an item and the follow-up log (issue 16)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from paraat.audit.models import Action
from paraat.audit.services import audit_log

from ..models import (
    MUNICIPAL_OWNER_TYPES,
    ActionItem,
    DueOverride,
    FollowUp,
    Quarter,
)


def _municipal_item_check(item: ActionItem, municipality) -> None:
    if item.region_id != municipality.region_id or item.is_withdrawn:
        raise ValidationError(_("This action item is not on this municipality's list."))
    if item.owner_type not in MUNICIPAL_OWNER_TYPES:
        raise ValidationError(_("This action item is not on this municipality's list."))


@transaction.atomic
def due_override_set(
    *, item: ActionItem, municipality, due: Quarter | None, reason: str, actor
) -> DueOverride | None:
    """Give one municipality its own due quarter for an item, with a reason (plan §4.2), or
    (`due` None) take it back to the item's. Every figure reads it through
    `figures.due_quarter_of`; a closed round keeps what it froze."""
    _municipal_item_check(item, municipality)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for the municipality's own planning."))
    current = (
        DueOverride.objects.select_for_update().filter(item=item, municipality=municipality).first()
    )
    before = str(current.due) if current else None
    if due is None:
        if current is None:
            raise ValidationError(_("This municipality has no planning of its own for this item."))
        current.delete()
        result = None
    else:
        current = current or DueOverride(
            region_id=municipality.region_id, item=item, municipality=municipality
        )
        current.due_year, current.due_quarter = due.year, due.quarter
        current.reason = reason
        current.set_by = actor if getattr(actor, "is_authenticated", False) else None
        current.save()
        result = current
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=item,
        region=municipality.region,
        detail={
            "own_due_quarter": [before, str(due) if due else None],
            "municipality": municipality.code,
            "reason": reason,
        },
    )
    return result


@transaction.atomic
def follow_up_add(
    *,
    municipality,
    held_on: dt.date,
    with_whom: str,
    agreed: str,
    next_on: dt.date | None,
    actor,
) -> FollowUp:
    """Log one follow-up conversation with a municipality (plan §3.4, §5.2 item 4)."""
    if not with_whom.strip() or not agreed.strip():
        raise ValidationError(_("Say with whom you spoke and what was agreed."))
    if next_on is not None and next_on < held_on:
        raise ValidationError(_("The next follow-up cannot be before the conversation."))
    entry = FollowUp.objects.create(
        region_id=municipality.region_id,
        municipality=municipality,
        held_on=held_on,
        with_whom=with_whom.strip(),
        agreed=agreed.strip(),
        next_on=next_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_log(actor=actor, action=Action.CREATE, obj=entry, region=municipality.region)
    return entry
