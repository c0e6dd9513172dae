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
