"""The progress status that action items and the programme's activities and goals share.

It lives here, below both apps, so that programme need not import agreements' models;
agreements re-exports it as `paraat.agreements.models.Status`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    STARTED = "started", _("started")
    IN_PROGRESS = "in_progress", _("in progress")
    ACHIEVED = "achieved", _("achieved")
    NOT_APPLICABLE = "not_applicable", _("not applicable")
