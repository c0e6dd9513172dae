"""The audit trail's public write API: one function, called inside the caller's transaction."""

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from django.db import connection, models

from .context import current_origin
from .models import Action, AuditEvent, DataVersion, Result

# The events that change data (and so every cached page and ETag of their region); sign-ins,
# exports, downloads and refusals read or record only, and leave the caches alone.
CHANGES_DATA = frozenset(
    {Action.CREATE, Action.UPDATE, Action.DELETE, Action.IMPORT, Action.TRANSITION}
)
NO_REGION = 0  # the version key of writes that belong to no region


def audit_log(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    result: str = Result.OK,
    region=None,
    detail: dict[str, Any] | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one event. Call it inside the transaction of the change it records."""
    origin = current_origin.get()
    if region is None and obj is not None:
        region = _region_of(obj)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if action in CHANGES_DATA and result == Result.OK:
        data_changed(region=region)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.email if is_user else str(actor or ""))[:254],
        action=action,
        result=result,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj or ""))[:300],
        region=region,
        origin=origin.ip[:64],
        path=origin.path,
        detail=detail or {},
    )


def data_changed(*, region=None) -> None:
    """Move the region's data version on (no region: the version every region's pages also
    read), in the caller's transaction, so cached pages and ETags of the region are never
    served after the write commits. `audit_log` calls it for every write it records; bulk paths
    that write without an audit row per change (raw inserts, the data generator, restore) call
    it themselves. One statement; on PostgreSQL it row-locks the region's counter until the
    transaction ends, which orders the region's writers (SQLite locks the whole file anyway)."""
    key = getattr(region, "pk", region) or NO_REGION
    quote = connection.ops.quote_name
    table, column = quote(DataVersion._meta.db_table), quote("key")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({column}, version) VALUES (%s, 1) "  # noqa: S608 (no input)
            f"ON CONFLICT ({column}) DO UPDATE SET version = {table}.version + 1",
            [key],
        )


def _region_of(obj):
    """The region an object belongs to: itself, its `region`, or its municipality's. A region
    is an instance of the model `AuditEvent.region` points to ("regions.Region", a string
    reference in the model, as `actor` is `settings.AUTH_USER_MODEL`): the trail knows the
    region through its own foreign key and imports nothing of the floors above."""
    region_model = cast("type[models.Model]", AuditEvent._meta.get_field("region").related_model)
    if isinstance(obj, region_model):
        return obj
    region = getattr(obj, "region", None)
    if isinstance(region, region_model):
        return region
    municipality = getattr(obj, "municipality", None)
    return getattr(municipality, "region", None)


def plain(value: Any) -> Any:
    """A value as the trail's JSON keeps it: dates as ISO text, lists and dicts element-wise,
    anything else that JSON has no type for (decimals, lazy text, objects) as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):  # and datetime
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any], *, every_field: bool = False
) -> dict[str, list[Any]]:
    """The change-diff every service writes into `detail["changes"]`: `{field: [old, new]}`
    (plain values) for each field of `after` whose value differs from `before` — or for every
    field with `every_field` (a creation). A field missing from `before` counts as None."""
    diff = {}
    for key, value in after.items():
        old, new = plain(before.get(key)), plain(value)
        if every_field or old != new:
            diff[key] = [old, new]
    return diff


__all__ = ["Action", "Result", "audit_log", "changes", "data_changed", "plain"]
