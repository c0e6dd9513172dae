"""The written part of the programme's evaluation (plan §3.6): the conclusions and the
recommendations the programme team writes. Saved in versions, compared and adopted like a start
document (`documents.py`); the figures of the evaluation report come from the closed rounds and
the registers when the report is made (reports app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .documents import Field, FieldDiff, Section, field_keys
from .documents import compare as compare_sections

SECTIONS: tuple[Section, ...] = (
    Section(
        1,
        _("Conclusions"),
        (
            Field(
                "conclusions",
                _("Conclusions"),
                _(
                    "What did the programme achieve in this period, what not, and why? "
                    "Start a new paragraph with an empty line."
                ),
            ),
            Field(
                "lessons",
                _("Lessons learned"),
                _("What worked well in the way of working, and what should change?"),
            ),
        ),
    ),
    Section(
        2,
        _("Recommendations"),
        (
            Field(
                "recommendations",
                _("Recommendations"),
                _("What should the steering group decide or change? One per line."),
            ),
            Field(
                "next_period",
                _("Focus for the next period"),
                _("Priorities for the programme until the next evaluation."),
            ),
        ),
    ),
)

FIELD_KEYS: tuple[str, ...] = field_keys(SECTIONS)


def compare(old: dict, new: dict) -> list[tuple[Section, list[FieldDiff]]]:
    """Section by section, each field's lines marked as kept, removed, added or changed."""
    return compare_sections(SECTIONS, old, new)
