"""Write API of the agreements app: atomic, keyword-only, takes the acting user, audits.

History is appended, never overwritten: item edits add an `ActionItemRevision`, progress adds a
`StatusUpdate`, submission moves add a `SubmissionEvent`, closing a round freezes a snapshot.

This package is the app's public face for writes; other apps and the tests import
`paraat.agreements.services` only. Its modules, one concept each:
- `actionlist`: agreement sets, categories, action items and their revisions;
- `progress`: status updates on a track (`STATUS_WORKFLOW`);
- `rounds`: measurement rounds, submissions and their review (`SUBMISSION_WORKFLOW`), closing;
- `mails`: the round cycle's e-mails and their recipients;
- `reminders`: reminders to municipalities that have not submitted;
- `planning`: a municipality's own planning and the follow-up log.
The spreadsheet imports are `agreements.imports` and `agreements.progress_import`.
"""

from .actionlist import (
    DEFAULT_SET_NAME,
    ITEM_FIELDS,
    _item_data,
    _revise,
    action_item_create,
    action_item_restore,
    action_item_update,
    action_item_withdraw,
    agreement_set_current,
    agreement_set_save,
    category_save,
)
from .mails import cfg_emails, municipality_contact_emails, site_link, workspace_link
from .planning import due_override_set, follow_up_add
from .progress import (
    PROGRESS_FIELDS,
    STATUS_WORKFLOW,
    category_confirm_unchanged,
    round_open_for,
    status_transition_allowed,
    status_update_record,
)
from .reminders import ReminderResult, reminders_send
from .rounds import (
    SUBMISSION_WORKFLOW,
    _move_submission,
    round_close,
    round_close_confirmed,
    round_create,
    submission_review,
    submission_submit,
)

__all__ = [
    "DEFAULT_SET_NAME",
    "ITEM_FIELDS",
    "PROGRESS_FIELDS",
    "STATUS_WORKFLOW",
    "SUBMISSION_WORKFLOW",
    "ReminderResult",
    "_item_data",
    "_move_submission",
    "_revise",
    "action_item_create",
    "action_item_restore",
    "action_item_update",
    "action_item_withdraw",
    "agreement_set_current",
    "agreement_set_save",
    "category_confirm_unchanged",
    "category_save",
    "cfg_emails",
    "due_override_set",
    "follow_up_add",
    "municipality_contact_emails",
    "reminders_send",
    "round_close",
    "round_close_confirmed",
    "round_create",
    "round_open_for",
    "site_link",
    "status_transition_allowed",
    "status_update_record",
    "submission_review",
    "submission_submit",
    "workspace_link",
]
