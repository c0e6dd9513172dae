"""List untranslated and fuzzy entries in Paraat's Dutch catalogs (exit 1 when there are any)."""

import sys
from pathlib import Path

import polib

root = Path(__file__).resolve().parent.parent / "src" / "paraat"
problems = 0
for po_path in sorted(root.glob("**/locale/nl/LC_MESSAGES/django.po")):
    po = polib.pofile(str(po_path))
    for entry in po.untranslated_entries() + po.fuzzy_entries():
        problems += 1
        print(f"{po_path.relative_to(root)}: {entry.msgid!r}")
print(f"{problems} untranslated or fuzzy")
sys.exit(1 if problems else 0)
