"""The start document's format (plan appendix "Format startdocument thematafels"), section by
section, and the readable comparison between two saved versions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    fields: tuple[Field, ...]
    members: bool = False  # section 3 shows the composition table
    deferred: bool = False  # section 5 shows the deferred-work register


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

FIELD_KEYS: tuple[str, ...] = tuple(f.key for s in SECTIONS for f in s.fields)
MEMBER_KEYS = ("name", "role", "organisation", "expertise")
DEFERRED_KEYS = ("task", "team", "impact", "accepted_by", "until")


def member_lines(content: dict) -> list[str]:
    return [" — ".join(str(m.get(k, "")) for k in MEMBER_KEYS) for m in content.get("members", [])]


def deferred_lines(content: dict) -> list[str]:
    return [
        " — ".join(str(d.get(k, "") or "") for k in DEFERRED_KEYS)
        for d in content.get("deferred_register", [])
    ]


def _word_diff(old: str, new: str) -> SafeString:
    """Words removed in <del>, words added in <ins>; screen readers get a spoken prefix."""
    a, b = old.split(" "), new.split(" ")
    out: list[str] = []
    removed = escape(_("removed:"))
    added = escape(_("added:"))
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(
                f'<del><span class="visually-hidden">{removed} </span>'
                f"{escape(' '.join(a[i1:i2]))}</del>"
            )
        if op in ("insert", "replace"):
            out.append(
                f'<ins><span class="visually-hidden">{added} </span>'
                f"{escape(' '.join(b[j1:j2]))}</ins>"
            )
    return mark_safe(" ".join(out))


def _line_diff(old_lines: list[str], new_lines: list[str]) -> list[tuple[str, SafeString]]:
    """Per line: ("same" | "removed" | "added" | "changed", html)."""
    rows: list[tuple[str, SafeString]] = []
    sm = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            rows.extend(("same", escape(line)) for line in old_lines[i1:i2])
        elif op == "replace" and (i2 - i1) == (j2 - j1):
            rows.extend(
                ("changed", _word_diff(o, n))
                for o, n in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True)
            )
        else:
            rows.extend(("removed", escape(line)) for line in old_lines[i1:i2])
            rows.extend(("added", escape(line)) for line in new_lines[j1:j2])
    return rows


@dataclass
class FieldDiff:
    label: str
    changed: bool
    rows: list[tuple[str, SafeString]]


def compare(old: dict, new: dict) -> list[tuple[Section, list[FieldDiff]]]:
    """Section by section, each field's lines marked as kept, removed, added or changed."""
    result = []
    for section in SECTIONS:
        diffs = []
        for f in section.fields:
            a = (old.get(f.key) or "").splitlines()
            b = (new.get(f.key) or "").splitlines()
            diffs.append(FieldDiff(str(f.label), a != b, _line_diff(a, b)))
        if section.members:
            a, b = member_lines(old), member_lines(new)
            diffs.append(FieldDiff(str(_("Members")), a != b, _line_diff(a, b)))
        if section.deferred:
            a, b = deferred_lines(old), deferred_lines(new)
            diffs.append(FieldDiff(str(_("Deferred-work register")), a != b, _line_diff(a, b)))
        result.append((section, diffs))
    return result
