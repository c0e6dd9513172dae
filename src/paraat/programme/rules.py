"""The programme's permissions (issues 5 and 18), built from the shared predicates in
`paraat.permissions`; loaded at start-up by django-rules' `AutodiscoverRulesConfig`.
`is_table_lead` is the programme's own rule, which knowledge's desk uses too."""

from __future__ import annotations

import rules

from paraat.accounts.roles import Role
from paraat.permissions import (
    can_see_tlp,
    is_region_coordinator,
    is_region_internal,
    is_region_reader,
    is_region_steering,
    is_superuser,
    roles_in_region,
)

from .models import StartDocument, ThemeTable


def _table_of(obj) -> ThemeTable | None:
    """The theme table an object belongs to (the table itself, or None for programme-wide)."""
    if isinstance(obj, ThemeTable):
        return obj
    if isinstance(obj, StartDocument):
        return obj.table
    return getattr(obj, "table", None)


@rules.predicate
def is_table_lead(user, obj) -> bool:
    """A theme table lead (role) of the region who is this table's lead user."""
    table = _table_of(obj)
    if table is None or not getattr(user, "is_authenticated", False):
        return False
    return table.lead_id == user.pk and Role.THEME_LEAD in roles_in_region(user, table)


rules.add_perm("programme.view_programme", is_superuser | is_region_internal)
rules.add_perm("programme.change_programme", is_superuser | is_region_coordinator)
# obj: a ThemeTable, or an activity / deferred work / risk (table None = programme-wide)
_change_table = is_superuser | is_region_coordinator | is_table_lead
rules.add_perm("programme.change_table", _change_table)
# Versioned documents (programme.services.DOCUMENT_WORKFLOW), obj: a StartDocument or an
# Evaluation. Who writes one and sends it for decision: whoever changes its theme table (an
# evaluation has none: the coordinators, i.e. the programme team); the steering group adopts;
# both may return it to concept.
rules.add_perm("programme.edit_document", _change_table)
rules.add_perm("programme.adopt_document", is_superuser | is_region_steering)
rules.add_perm(
    "programme.return_document",
    is_superuser | is_region_coordinator | is_table_lead | is_region_steering,
)

# Steering group meetings (issue 18): staff, steering group and board read them; coordinators
# (programme coordinator, secretary) edit; the steering group comments. obj: Region or Meeting.
rules.add_perm("programme.view_meetings", is_superuser | is_region_reader)
rules.add_perm("programme.change_meetings", is_superuser | is_region_coordinator)
rules.add_perm(
    "programme.comment_meeting", is_superuser | is_region_coordinator | is_region_steering
)
# The minutes carry a TLP label under the one TLP rule (can_see_tlp): AMBER for staff, steering
# group and board (region material), RED only for who wrote them.
rules.add_perm("programme.view_minutes", is_superuser | (is_region_reader & can_see_tlp))
# The yearly and final evaluation (issue 18): staff, steering group and board read the list (obj:
# Region); one evaluation (obj: Evaluation) under the one TLP rule, like the minutes. Writing and
# adopting: the document rules above.
rules.add_perm("programme.view_evaluations", is_superuser | is_region_reader)
rules.add_perm("programme.view_evaluation", is_superuser | (is_region_reader & can_see_tlp))
rules.add_perm("programme.add_evaluation", is_superuser | is_region_coordinator)
