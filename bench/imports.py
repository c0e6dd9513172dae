"""Import speed: a 342-row action list previewed and imported (budget ≤ 2 s each), and 3,000 rows.

Run on its own (`.venv/bin/python bench/imports.py`, DATABASE_URL as for the app) or from
`bench/run.py`, which reads the JSON on the last line of the output. Everything happens in a
throw-away region inside a transaction that is rolled back: the database is left as it was.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 2.0
OWNERS = ("gemeente", "regio", "gezamenlijk")


def action_list(rows: int, *, version: int = 1) -> bytes:
    """An XLSX laid out as officials keep it: title, header, heading rows, items, footnote."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Acties"
    sheet.append(["Bestuursafspraken weerbaarheid (bench)"])
    sheet.append([])
    sheet.append(["Nr", "Actiepunt", "Verantwoordelijk", "Gereed", "Basisniveau", "Toelichting"])
    per_category = 18
    for index in range(rows):
        category, item = divmod(index, per_category)
        if item == 0:
            sheet.append([f"{category + 1}. Thema {category + 1}"])
        sheet.append(
            [
                f"{category + 1}.{item + 1}",
                f"Actiepunt {index + 1}, versie {version}: regel het en leg het vast",
                OWNERS[index % 3],
                f"Q{index % 4 + 1} {2026 + index % 2}",
                "Vastgesteld door het college",
                f"Toelichting {index + 1}",
            ]
        )
    sheet.append(["* Voetnoot"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure(rows: int = 342) -> dict:
    """Seconds for: preview and import of a new list, preview of the same list, a changed list."""
    from django.db import transaction

    from paraat.agreements.imports import action_list_import
    from paraat.regions.factories import RegionFactory

    class Rollback(Exception):
        pass

    first, second = action_list(rows), action_list(rows, version=2)
    result: dict = {"rows": rows}
    try:
        with transaction.atomic():
            region = RegionFactory(code="VR99", short_name="BENCH")

            def timed(name, data, **kwargs):
                start = time.perf_counter()
                action_list_import(
                    region=region, data=data, filename="bench.xlsx", actor="bench", **kwargs
                )
                result[name] = round(time.perf_counter() - start, 3)

            timed("preview_new_s", first, dry_run=True)
            timed("import_new_s", first)
            timed("preview_unchanged_s", first, dry_run=True)
            timed("import_changed_s", second)
            raise Rollback
    except Rollback:
        pass
    return result


def main() -> dict:
    """The bench's figures; `budget_met` when 342 rows preview and import within BUDGET_S."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paraat.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    figures = {"rows_342": measure(342), "rows_3000": measure(3000), "budget_s": BUDGET_S}
    small = figures["rows_342"]
    figures["budget_met"] = all(small[name] <= BUDGET_S for name in small if name.endswith("_s"))
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
