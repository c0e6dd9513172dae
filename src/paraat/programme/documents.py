"""The versioned documents the programme writes (start documents, evaluations): their format
as sections of text fields, and the readable comparison between two saved versions.

Each kind declares its `SECTIONS` (start documents: `startdoc.py`, evaluations:
`evaluation.py`); saving, comparing and adopting are the same code for both (the models'
`VersionedDocument`, `services.DOCUMENT_WORKFLOW`, `services.document_version_save` and
`services.document_transition`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
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
    members: bool = False  # start document section 3 shows the composition table
    deferred: bool = False  # start document section 5 shows the deferred-work register


def field_keys(sections: Sequence[Section]) -> tuple[str, ...]:
    return tuple(f.key for s in sections for f in s.fields)


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


def line_diff(old_lines: list[str], new_lines: list[str]) -> list[tuple[str, SafeString]]:
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

    @classmethod
    def of_lines(cls, label: str, a: list[str], b: list[str]) -> FieldDiff:
        return cls(label, a != b, line_diff(a, b))


# A kind's own parts of a section beyond its text fields (e.g. the start document's members).
Extra = Callable[[Section, dict, dict], list[FieldDiff]]


def compare(
    sections: Sequence[Section], old: dict, new: dict, extra: Extra | None = None
) -> list[tuple[Section, list[FieldDiff]]]:
    """Section by section, each field's lines marked as kept, removed, added or changed."""
    result = []
    for section in sections:
        diffs = [
            FieldDiff.of_lines(
                str(f.label),
                (old.get(f.key) or "").splitlines(),
                (new.get(f.key) or "").splitlines(),
            )
            for f in section.fields
        ]
        if extra is not None:
            diffs.extend(extra(section, old, new))
        result.append((section, diffs))
    return result
