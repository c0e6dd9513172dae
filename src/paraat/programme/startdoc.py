"""The start document's format (plan appendix "Format startdocument thematafels"), section by
section, and the readable comparison between two saved versions (the shared code of every
versioned document is in `documents.py`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .documents import Field, FieldDiff, Section, field_keys
from .documents import compare as compare_sections

SECTIONS: tuple[Section, ...] = (
    Section(
        1,
        _("Goal and task of the theme table"),
        (
            Field(
                "goal",
                _("Main goal"),
                _("What does the theme table want to achieve? What is the task it faces?"),
            ),
        ),
    ),
    Section(
        2,
        _("Assignment"),
        (
            Field(
                "assignment",
                _("Assignment as formulated by the theme table"),
                _("Within the programme's framework: what assignment does the table set itself?"),
            ),
            Field(
                "questions",
                _("Questions, projects, activities and actions"),
                _("One per line. Which concrete questions fall under the theme table?"),
            ),
            Field("roles_rijk", _("Division of roles: national government (Rijk)")),
            Field("roles_municipality", _("Division of roles: municipalities")),
            Field("roles_region", _("Division of roles: safety region")),
            Field("roles_network", _("Division of roles: network and partners")),
            Field("milestones", _("Planning and milestones")),
            Field(
                "cold_vs_scaled",
                _("Cold versus scaled-up situation"),
                _("What differs between the cold and the (more) scaled-up situation?"),
            ),
        ),
    ),
    Section(
        3,
        _("Composition"),
        (
            Field(
                "lead_role",
                _("Role and responsibilities of the lead"),
                _("For example: guiding the process, monitoring progress, reporting."),
            ),
        ),
        members=True,
    ),
    Section(
        4,
        _("Way of working"),
        (
            Field(
                "organisation_form",
                _("Form of organisation"),
                _("How does the table work: as a project, in work sessions, in subgroups?"),
            ),
            Field("workload", _("Expected workload and frequency of meetings")),
            Field("coordination", _("Coordination with other theme tables or partners")),
        ),
    ),
    Section(
        5,
        _("Planning"),
        (
            Field("planning", _("Planning"), _("Priorities and timeline.")),
            Field(
                "deferred",
                _("Work that is left or gets another priority"),
                _("Also record each item in the deferred-work register of this table."),
            ),
        ),
        deferred=True,
    ),
    Section(
        6,
        _("Reporting and accountability"),
        (
            Field(
                "reporting_frequency",
                _("Frequency of reporting to the programme team and steering group"),
            ),
            Field("reporting_responsible", _("Responsible for reporting")),
        ),
    ),
)

FIELD_KEYS: tuple[str, ...] = field_keys(SECTIONS)
MEMBER_KEYS = ("name", "role", "organisation", "expertise")
DEFERRED_KEYS = ("task", "team", "impact", "accepted_by", "until")


def member_lines(content: dict) -> list[str]:
    return [" — ".join(str(m.get(k, "")) for k in MEMBER_KEYS) for m in content.get("members", [])]


def deferred_lines(content: dict) -> list[str]:
    return [
        " — ".join(str(d.get(k, "") or "") for k in DEFERRED_KEYS)
        for d in content.get("deferred_register", [])
    ]


def _members_and_register(section: Section, old: dict, new: dict) -> list[FieldDiff]:
    diffs = []
    if section.members:
        diffs.append(FieldDiff.of_lines(str(_("Members")), member_lines(old), member_lines(new)))
    if section.deferred:
        diffs.append(
            FieldDiff.of_lines(
                str(_("Deferred-work register")), deferred_lines(old), deferred_lines(new)
            )
        )
    return diffs


def compare(old: dict, new: dict) -> list[tuple[Section, list[FieldDiff]]]:
    """Section by section, each field's lines marked as kept, removed, added or changed."""
    return compare_sections(SECTIONS, old, new, extra=_members_and_register)
