"""The reports' and the emergency binder's permissions (issue 8 and 17), built from the shared
predicates in `paraat.permissions` (the TLP rule and the progress-text rule); loaded at
start-up by django-rules' `AutodiscoverRulesConfig`."""

from __future__ import annotations

import rules

from paraat.core.tlp import TLP
from paraat.permissions import (
    WIDE_LABELS,
    can_see_tlp,
    is_municipal_contact_in_region,
    is_own_municipality,
    is_region_coordinator,
    is_region_member,
    is_region_reader,
    is_region_staff,
    is_superuser,
)

from .models import ReportKind

# Reports about one municipality: its factsheet and its binder.
MUNICIPAL_KINDS = frozenset({ReportKind.FACTSHEET, ReportKind.BINDER})
# Reports that may carry municipalities' progress text (bottlenecks).
PROGRESS_TEXT_KINDS = frozenset({ReportKind.PROGRESS, ReportKind.FACTSHEET, ReportKind.EVALUATION})


@rules.predicate
def is_municipal_report(user, obj) -> bool:
    """A report (request) about one municipality: a factsheet or that municipality's binder."""
    return (
        getattr(obj, "municipality_id", None) is not None
        and getattr(obj, "kind", "") in MUNICIPAL_KINDS
    )


@rules.predicate
def is_not_red(user, obj) -> bool:
    return getattr(obj, "tlp", "") != TLP.RED


@rules.predicate
def holds_progress_text(user, obj) -> bool:
    """Progress reports, factsheets and evaluations carry municipalities' progress text
    (bottlenecks, the follow-up of lagging municipalities); the sections that add it label the
    document TLP:AMBER at least, so a CLEAR or GREEN one holds none."""
    return getattr(obj, "kind", "") in PROGRESS_TEXT_KINDS and (
        getattr(obj, "tlp", "") not in WIDE_LABELS
    )


rules.add_perm("reports.view_reports", is_superuser | is_region_member)
# obj: a ReportRun (or a ReportScope for a request not made yet).
rules.add_perm(
    "reports.generate_report",
    is_superuser | is_region_staff | (is_own_municipality & is_municipal_report),
)
# obj: a ReportRun. TLP (one rule with knowledge and plans); a report that carries progress text
# only for those who read that text (the progress-text rule's readers).
rules.add_perm(
    "reports.view_report",
    (is_superuser & is_not_red)
    | (
        can_see_tlp
        & (~holds_progress_text | is_region_reader | (is_own_municipality & is_municipal_report))
    ),
)
# obj: a PlanCopy: its TLP label.
rules.add_perm("reports.view_plan", can_see_tlp)
rules.add_perm("reports.manage_plans", is_superuser | is_region_coordinator)
rules.add_perm(
    "reports.request_reports", is_superuser | is_region_staff | is_municipal_contact_in_region
)
rules.add_perm(
    "reports.use_binder",
    is_superuser | is_region_staff | is_region_reader | is_municipal_contact_in_region,
)
