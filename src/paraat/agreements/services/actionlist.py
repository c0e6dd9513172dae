"""The action list: agreement sets, categories and action items, each edit kept as a revision."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.audit.services import plain as audit_plain
from paraat.core.concurrency import StaleEdit

from ..models import (
    ActionItem,
    ActionItemRevision,
    AgreementSet,
    Category,
    RevisionKind,
)

DEFAULT_SET_NAME = "Bestuursafspraken weerbaarheid"

ITEM_FIELDS = ("number", "text", "owner_type", "due_year", "due_quarter", "baseline", "note")


def _item_data(item: ActionItem) -> dict:
    data = {name: getattr(item, name) for name in ITEM_FIELDS}
    data["category"] = item.category.name
    data["is_withdrawn"] = item.is_withdrawn
    return data


def _revise(item: ActionItem, *, kind: str, actor, changes: dict | None = None) -> None:
    ActionItemRevision.objects.create(
        item=item,
        version=item.version,
        kind=kind,
        data=_item_data(item),
        changes=changes or {},
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


# --- agreement sets and categories --------------------------------------------------------------


def agreement_set_current(*, region, create: bool = False, actor=None) -> AgreementSet | None:
    """The region's current agreement set (optionally created empty when there is none)."""
    found = AgreementSet.objects.filter(region=region, is_current=True).order_by("-id").first()
    if found or not create:
        return found
    return agreement_set_save(
        agreement_set=AgreementSet(
            region=region, name=DEFAULT_SET_NAME, lag_threshold=region.default_lag_threshold
        ),
        actor=actor,
    )


@transaction.atomic
def agreement_set_save(*, agreement_set: AgreementSet, actor) -> AgreementSet:
    created = agreement_set.pk is None
    agreement_set.full_clean()
    agreement_set.save()
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=agreement_set,
        region=agreement_set.region,
    )
    return agreement_set


@transaction.atomic
def category_save(*, category: Category, actor) -> Category:
    created = category.pk is None
    if created and not category.order:
        top = category.agreement_set.categories.aggregate(m=Max("order"))["m"]
        category.order = (top or 0) + 1
    category.full_clean()
    category.save()
    audit_log(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=category,
        region=category.agreement_set.region,
    )
    return category


# --- action items -------------------------------------------------------------------------------


@transaction.atomic
def action_item_create(*, agreement_set: AgreementSet, actor, **values) -> ActionItem:
    top = agreement_set.items.aggregate(m=Max("order"))["m"] or 0
    item = ActionItem(
        agreement_set=agreement_set, region=agreement_set.region, order=top + 1, **values
    )
    item.full_clean()
    item.save()
    _revise(item, kind=RevisionKind.CREATED, actor=actor)
    audit_log(actor=actor, action=Action.CREATE, obj=item, region=agreement_set.region)
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, version: int, actor, **values) -> ActionItem:
    """Change an item's fields; `version` is what the editor saw (optimistic locking)."""
    locked = ActionItem.objects.select_for_update().select_related("category").get(pk=item.pk)
    if locked.version != version:
        raise StaleEdit(
            locked, _("Someone else changed this action item while you were editing it.")
        )
    changes = {}
    for name, value in values.items():
        old = getattr(locked, name)
        if name == "category":
            if old.pk != value.pk:
                changes[name] = [old.name, value.name]
        elif old != value:
            changes[name] = [old, value]
        setattr(locked, name, value)
    if not changes:
        return locked
    locked.version += 1
    locked.full_clean()
    locked.save()
    _revise(locked, kind=RevisionKind.EDITED, actor=actor, changes=changes)
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.region,
        detail={"changes": audit_plain(changes)},
    )
    return locked


@transaction.atomic
def action_item_withdraw(*, item: ActionItem, reason: str, actor) -> ActionItem:
    """Withdraw an item: it leaves the lists and figures, its progress history stays."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for withdrawing the action item."))
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if locked.is_withdrawn:
        raise ValidationError(_("This action item has already been withdrawn."))
    locked.is_withdrawn = True
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_reason = reason.strip()
    locked.version += 1
    locked.save()
    _revise(locked, kind=RevisionKind.WITHDRAWN, actor=actor, changes={"reason": [None, reason]})
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.region,
        detail={"to": "withdrawn", "reason": reason},
    )
    return locked


@transaction.atomic
def action_item_restore(*, item: ActionItem, reason: str, actor) -> ActionItem:
    """Undo a withdrawal: the item is back in the lists and figures with the progress it had;
    the withdrawal and its reason stay in the item's history."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for restoring the action item."))
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if not locked.is_withdrawn:
        raise ValidationError(_("This action item is not withdrawn."))
    withdrawn_reason = locked.withdrawn_reason
    locked.is_withdrawn = False
    locked.withdrawn_at = None
    locked.withdrawn_reason = ""
    locked.version += 1
    locked.save()
    _revise(
        locked,
        kind=RevisionKind.RESTORED,
        actor=actor,
        changes={"reason": [withdrawn_reason, ""], "restore_reason": [None, reason.strip()]},
    )
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=locked,
        region=locked.region,
        detail={"to": "active", "reason": reason.strip()},
    )
    return locked
