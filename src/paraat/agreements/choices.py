"""The agreements app's shared types: due quarters, owner types, round and submission states.

Plain values without a query, below `models` so that the apps that read agreements (dashboard,
reports) can name them without importing its models; `models` re-exports every one. The
progress status itself lives lower still, in `paraat.core.progress` (programme shares it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- due quarters ------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, e.g. Q1 2026. Items are due at the end of their quarter."""

    year: int
    quarter: int

    def __post_init__(self):
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter must be 1–4, not {self.quarter}")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter - 1) + 1, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    @property
    def index(self) -> int:
        """A sortable number: year * 4 + quarter - 1."""
        return self.year * 4 + self.quarter - 1

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.year}"


# --- the action list ---------------------------------------------------------------------------


class OwnerType(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("region")
    JOINT = "joint", _("joint")


# Which owner types a municipality's track and the region's own track cover.
MUNICIPAL_OWNER_TYPES = (OwnerType.MUNICIPALITY, OwnerType.JOINT)
REGION_OWNER_TYPES = (OwnerType.REGION, OwnerType.JOINT)


# --- rounds ------------------------------------------------------------------------------------


class RoundState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("being filled in")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    ACCEPTED = "accepted", _("accepted")
    NOT_SUBMITTED = "not_submitted", _("not submitted")
