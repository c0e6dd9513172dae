"""Reads of the audit trail. An event's stored title (`object_repr`) is shown only to someone
who may see the object itself (the TLP rule, registered as `core.view_labelled` by
`paraat.permissions`, a floor above this one); anyone else reads its kind, number and label
("kennisitem #25, TLP:RED")."""

from __future__ import annotations

from collections import defaultdict

import rules

from django.apps import apps

# object type → (model, the field that leads to the labelled object, or "" for the object)
LABELLED_TYPES = {
    "knowledge.knowledgeitem": ("knowledge.KnowledgeItem", ""),
    "knowledge.attachment": ("knowledge.Attachment", "item"),
    "reports.reportrun": ("reports.ReportRun", ""),
    "reports.reportfile": ("reports.ReportFile", "run"),
    "reports.plancopy": ("reports.PlanCopy", ""),
}


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
