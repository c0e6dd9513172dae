"""Reads of the audit trail. An event's stored title (`object_repr`) is shown only to someone
who may see the object itself (the TLP rule, registered as `core.view_labelled` by the shared
rules module, permissions.py, a floor above this one); anyone else reads its kind, number and label
("kennisitem #25, TLP:RED")."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import rules

from django.apps import apps
from django.db.models import QuerySet

from .models import AuditEvent, DataVersion
from .services import NO_REGION

# object type → (model, the field that leads to the labelled object, or "" for the object)
LABELLED_TYPES = {
    "knowledge.knowledgeitem": ("knowledge.KnowledgeItem", ""),
    "knowledge.attachment": ("knowledge.Attachment", "item"),
    "reports.reportrun": ("reports.ReportRun", ""),
    "reports.reportfile": ("reports.ReportFile", "run"),
    "reports.plancopy": ("reports.PlanCopy", ""),
}


def events_filtered(
    *,
    region: Any,
    action: str = "",
    result: str = "",
    actor: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The region's events, newest first, narrowed by what the audit trail page's filter says
    (an empty value narrows nothing; `actor` is part of the actor's e-mail or name)."""
    qs = AuditEvent.objects.filter(region=region)
    if action:
        qs = qs.filter(action=action)
    if result:
        qs = qs.filter(result=result)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")


def events_with_titles(events, *, user) -> list:
    """The events with `shown_repr`: the stored title, or for a labelled object the viewer may
    not see, its kind, number and label. Two queries per labelled type on the page."""
    events = list(events)
    wanted = defaultdict(set)
    for e in events:
        if e.object_type in LABELLED_TYPES and e.object_id.isdigit():
            wanted[e.object_type].add(int(e.object_id))
    found = {}
    for object_type, ids in wanted.items():
        model_name, via = LABELLED_TYPES[object_type]
        model = apps.get_model(model_name)
        qs = model.objects.filter(pk__in=ids)
        if via:
            qs = qs.select_related(via)
        for obj in qs:
            found[(object_type, obj.pk)] = getattr(obj, via) if via else obj
    for e in events:
        e.shown_repr = e.object_repr
        if e.object_type not in LABELLED_TYPES:
            continue
        model = apps.get_model(LABELLED_TYPES[e.object_type][0])
        labelled = found.get((e.object_type, int(e.object_id))) if e.object_id.isdigit() else None
        if labelled is not None and rules.has_perm("core.view_labelled", user, labelled):
            continue
        label = f", TLP:{labelled.tlp}" if labelled is not None else ""
        e.shown_repr = f"{model._meta.verbose_name} #{e.object_id}{label}"
    return events


# --- data versions: the keys of cached pages and ETags (audit.services.data_changed) ---------


def data_version(*, region: Any) -> str:
    """The region's data version as text ("12.3": its own counter, then the one of writes that
    belong to no region). Free when the region came from `Region.objects.with_data_version()`
    (as `region_view` reads it); one query otherwise."""
    known = getattr(region, "data_version", None)
    if known is not None:
        return str(known)
    found = dict(
        DataVersion.objects.filter(key__in=[region.pk, NO_REGION]).values_list("key", "version")
    )
    return f"{found.get(region.pk, 0)}.{found.get(NO_REGION, 0)}"


EVERY_REGION = "*"  # the version key of pages over every region (core.pagecache)


def data_versions(*, region_ids: Iterable[int] | None = None) -> str:
    """One version over several regions (all with None), for pages and API answers that read
    more than one region (the national view, API lists): changes when any of them changes.
    One query."""
    qs = DataVersion.objects.order_by("key")
    if region_ids is not None:
        qs = qs.filter(key__in=[NO_REGION, *region_ids])
    text = ",".join(f"{key}:{version}" for key, version in qs.values_list("key", "version"))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
