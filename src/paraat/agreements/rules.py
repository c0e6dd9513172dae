"""Agreements' permissions (issue 3, 16 and 17), built from the shared predicates in
`paraat.permissions`; loaded at start-up by django-rules' `AutodiscoverRulesConfig`."""

from __future__ import annotations

import rules

from paraat.permissions import (
    can_read_progress_text,
    is_own_municipality,
    is_region_cfg,
    is_region_coordinator,
    is_region_internal,
    is_region_progress_reader,
    is_region_reader,
    is_region_staff,
    is_superuser,
)

# The action list: every internal member reads it; administrators and coordinators edit it.
rules.add_perm("agreements.view_agreements", is_superuser | is_region_internal)
rules.add_perm("agreements.manage_items", is_superuser | is_region_coordinator)
# Progress of one municipality with all its text (object: Municipality or Submission).
rules.add_perm("agreements.view_progress", is_superuser | is_region_reader | is_own_municipality)
rules.add_perm("agreements.change_progress", is_superuser | is_own_municipality)
# The text of one update, snapshot entry or evidence (object: StatusUpdate, SnapshotEntry,
# Evidence): the one progress-text rule.
rules.add_perm("agreements.view_progress_text", can_read_progress_text)
# The region's own track (object: Region): coordinators keep it; readers read it.
rules.add_perm("agreements.view_region_progress", is_superuser | is_region_progress_reader)
rules.add_perm("agreements.change_region_progress", is_superuser | is_region_coordinator)
# Evidence download (object: Evidence): as the text of the update it came with.
rules.add_perm("agreements.download_evidence", can_read_progress_text)
# Measurement rounds: the CFG (and administrator) runs them; staff and board follow them.
rules.add_perm("agreements.view_rounds", is_superuser | is_region_progress_reader)
rules.add_perm("agreements.manage_rounds", is_superuser | is_region_cfg)
rules.add_perm("agreements.import_progress", is_superuser | is_region_cfg)
rules.add_perm("agreements.submit_round", is_superuser | is_own_municipality)
rules.add_perm("agreements.review_submission", is_superuser | is_region_cfg)
# Figures and systematic lag per municipality.
rules.add_perm("agreements.view_figures", is_superuser | is_region_progress_reader)
# Issue 16: a municipality's own due quarter (object: Municipality), set by the CFG or a
# coordinator; the follow-up log of lagging municipalities, kept by them and read by the
# steering group and board as well.
rules.add_perm("agreements.plan_municipality", is_superuser | is_region_staff)
rules.add_perm("agreements.view_follow_up", is_superuser | is_region_reader)
rules.add_perm("agreements.add_follow_up", is_superuser | is_region_staff)
