"""One date style and real plurals across the interface (issue 16, "Language")."""

import re
from pathlib import Path

import polib

SRC = Path(__file__).resolve().parent.parent / "src" / "paraat"

# "18 december 2026" (with a time where it matters); machine formats for attributes and charts.
ALLOWED_DATE_FORMATS = {
    *("j F Y", "j F Y H:i", "j F Y, H:i", "j F Y H:i:s"),
    *("c", "Y-m-d", "Y", "F Y", "M y"),
}


def test_templates_use_one_date_style():
    found = []
    for path in SRC.rglob("templates/**/*"):
        if path.suffix not in (".html", ".txt"):
            continue
        for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text()):
            if fmt not in ALLOWED_DATE_FORMATS:
                found.append(f"{path.relative_to(SRC)}: {fmt}")
    assert found == []


def test_no_singular_msgid_fakes_a_plural():
    """ "(s)" in a msgid means the Dutch says "1 actiepunten": use ngettext instead."""
    found = []
    for path in SRC.rglob("locale/nl/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            if not entry.msgid_plural and re.search(r"\w\(s\)|\(en\)", entry.msgid + entry.msgstr):
                found.append(f"{path.relative_to(SRC)}: {entry.msgid}")
    assert found == []


def _terms() -> list[tuple[str, list[str]]]:
    """(English term, avoided Dutch words) from docs/terms.md."""
    rows = []
    text = (SRC.parent.parent / "docs" / "terms.md").read_text()
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("English (in msgids)", "---"):
            rows.append((cells[0], [w.strip() for w in cells[2].split(",") if w.strip()]))
    return rows


def test_one_dutch_term_per_concept():
    terms = _terms()
    assert ("due", ["verschenen", "verwacht", "wat nu af moet zijn"]) in terms
    found = []
    for path in SRC.rglob("locale/nl/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            dutch = " ".join([entry.msgstr, *entry.msgstr_plural.values()]).lower()
            for english, avoided in terms:
                if re.search(rf"\b{re.escape(english)}\b", entry.msgid, flags=re.I):
                    found += [
                        f"{path.relative_to(SRC)}: {entry.msgid} → {word}"
                        for word in avoided
                        if word in dutch
                    ]
    assert found == []
