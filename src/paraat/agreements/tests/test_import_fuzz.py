"""Seeded fuzzing of the action-list import (issue 12 §2): mutated files never crash it.

A few hundred XLSX and CSV files, mutated from a realistic action list (cells changed, deleted
and added; rows and columns deleted, added and swapped; wrong types; huge strings; formulas;
merged cells; truncated and flipped bytes; other encodings), go through `paraat import_actions`;
a sample goes through the upload page. For every file: no exception but the command's refusal;
a refused file leaves the agreements tables byte-for-byte as they were (digest) and lists at
least one problem. Fixed seed, so a failure repeats; SQLite only (time).
"""

import datetime as dt
import hashlib
import io
import random

import pytest
from openpyxl import Workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from paraat.agreements.models import (
    ActionItem,
    ActionItemRevision,
    AgreementSet,
    Category,
)
from paraat.audit.models import AuditEvent
from paraat.regions.factories import RegionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="fuzzing runs on SQLite only (time)"),
]

SEED = 20261129
FILES = 320
PAGE_SAMPLE = 30

HEADER = ["Nr.", "Thema", "Actiepunt", "Verantwoordelijk", "Gereed", "Basisniveau", "Toelichting"]
OWNERS = ["gemeente", "regio", "gezamenlijk", "VNOG en gemeenten", "Gemeenten (i.s.m. GGD)"]
DUES = ["Q1 2026", "2026-Q3", "1e kwartaal 2027", "kw2 2026", "Q4-2026"]


def base_rows(rng: random.Random) -> list[list]:
    rows = [["Bestuursafspraken weerbaarheid"], ["Vastgesteld juni 2025"], [], list(HEADER)]
    for c in range(1, 4):
        rows.append([f"{c}. Thema {c}"])
        for i in range(1, 6):
            rows.append(
                [
                    f"{c}.{i}",
                    "",
                    f"Actie {c}.{i}: {rng.choice(['oefen', 'plan', 'regel'])} iets",
                    rng.choice(OWNERS),
                    rng.choice(DUES),
                    rng.choice(["", "Vastgesteld", "Jaarlijks geoefend"]),
                    rng.choice(["", "Met GGD", "Partners: brandweer"]),
                ]
            )
    rows.append([])
    rows.append(["* Voetnoot"])
    return rows


def odd_value(rng: random.Random):
    return rng.choice(
        [
            None,
            "",
            0,
            -1,
            3.75,
            1e308,
            True,
            dt.datetime(2026, 2, 28 - rng.randint(0, 1)),
            dt.date(1900, 1, 1),
            "=A1&B1",
            "=SUM(1,2)",
            "'=neutral",
            "x" * rng.choice([21, 201, 5_000, 40_000]),
            "Q5 2026",
            "kw0 1999",
            "gemeente of zo",
            "(i.s.m. GGD)",
            "ßæø 漢字 🙂",
            "\u202eomgekeerd",
            "tab\tin cel",
            "regel\neen\rtwee",
            "1.1",
            "nul\x00byte",
            "bel\x07",
            '"quote',
        ]
    )


def mutate_rows(rows: list[list], rng: random.Random) -> list[list]:
    rows = [list(r) for r in rows]
    for _step in range(rng.randint(1, 4)):
        kind = rng.randrange(10)
        r = rng.randrange(len(rows))
        if kind == 0 and rows[r]:  # change a cell
            rows[r][rng.randrange(len(rows[r]))] = odd_value(rng)
        elif kind == 1 and rows[r]:  # delete a cell (the rest shifts left)
            del rows[r][rng.randrange(len(rows[r]))]
        elif kind == 2:  # add a cell
            rows[r].insert(rng.randint(0, len(rows[r])), odd_value(rng))
        elif kind == 3:  # delete a row
            del rows[r]
        elif kind == 4:  # add a row
            rows.insert(r, [odd_value(rng) for _i in range(rng.randint(0, 9))])
        elif kind == 5:  # delete a column
            c = rng.randrange(len(HEADER))
            rows = [row[:c] + row[c + 1 :] for row in rows]
        elif kind == 6:  # add a column
            c = rng.randrange(len(HEADER) + 1)
            rows = [[*row[:c], odd_value(rng), *row[c:]] for row in rows]
        elif kind == 7:  # swap two columns
            a, b = rng.randrange(7), rng.randrange(7)
            for row in rows:
                while len(row) <= max(a, b):
                    row.append(None)
                row[a], row[b] = row[b], row[a]
        elif kind == 8:  # duplicate a row
            rows.insert(r, list(rows[r]))
        else:  # change the number of an item into another type
            for row in rows[4:]:
                if row and rng.random() < 0.2:
                    row[0] = odd_value(rng)
        if not rows:
            rows = [[]]
    return rows


def to_xlsx(rows: list[list], rng: random.Random) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = rng.choice(["Acties", "Blad1", "Lijst 2026"])
    for row in rows:
        clean = []
        for value in row:
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
            clean.append(value)
        sheet.append(clean)
    if rng.random() < 0.3 and len(rows) > 2:
        start = rng.randint(1, len(rows) - 1)
        sheet.merge_cells(
            start_row=start, start_column=rng.randint(1, 3), end_row=start + 1, end_column=5
        )
    if rng.random() < 0.2:
        workbook.create_sheet("Leeg")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(rows: list[list], rng: random.Random) -> bytes:
    delimiter = rng.choice([";", ",", "\t"])
    lines = []
    for row in rows:
        cells = []
        for value in row:
            text = "" if value is None else str(value)
            if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    text = "\r\n".join(lines)
    encoding = rng.choice(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"])
    return text.encode(encoding, errors="replace")


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(5)
    if kind == 0:  # truncate
        return data[: rng.randint(0, len(data))]
    if kind == 1:  # flip some bytes
        buf = bytearray(data)
        for _i in range(rng.randint(1, 8)):
            if buf:
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    if kind == 2:  # insert NUL bytes
        at = rng.randint(0, len(data))
        return data[:at] + b"\x00" * rng.randint(1, 3) + data[at:]
    if kind == 3:  # an unbalanced quote, or a field longer than the csv module allows
        at = rng.randint(0, len(data))
        return data[:at] + rng.choice([b'"', b"y" * 140_000]) + data[at:]
    return data


def make_file(rng: random.Random) -> tuple[str, bytes]:
    rows = mutate_rows(base_rows(rng), rng) if rng.random() < 0.9 else base_rows(rng)
    if rng.random() < 0.5:
        name, data = "lijst.xlsx", to_xlsx(rows, rng)
    else:
        name, data = "lijst.csv", to_csv(rows, rng)
    if rng.random() < 0.3:
        data = mutate_bytes(data, rng)
    return name, data


def digest() -> str:
    """A fingerprint of every agreements table an import writes."""
    h = hashlib.sha256()
    for model in (AgreementSet, Category, ActionItem, ActionItemRevision):
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.order_by("pk").values_list(*fields):
            h.update(repr(row).encode())
    return h.hexdigest()


def test_fuzzed_files_through_the_command_never_crash_or_half_import(tmp_path, capsys):
    region = RegionFactory(code="VR06", short_name="VNOG")
    rng = random.Random(SEED)
    path = tmp_path / "in"
    accepted = refused = 0
    for number in range(FILES):
        name, data = make_file(rng)
        file = path.with_name(f"{number}-{name}")
        file.write_bytes(data)
        before = digest()
        try:
            call_command("import_actions", str(file), "--region", region.code)
        except CommandError:
            refused += 1
            err = capsys.readouterr().err
            assert digest() == before, f"file {number} was refused but changed the database"
            assert err.strip(), f"file {number} was refused without a problem listed"
        else:
            accepted += 1
            capsys.readouterr()
    # An unexpected exception is turned into a refusal (and audited as crashed): there are none.
    assert not AuditEvent.objects.filter(detail__crashed=True).exists()
    # The mutations must actually test both roads.
    print(f"fuzz: {accepted} accepted, {refused} refused")
    assert refused > FILES // 4 and accepted > FILES // 10, (accepted, refused)


def test_a_sample_of_fuzzed_files_through_the_upload_page_never_answers_500(world, client):
    client.force_login(world.users["coordinator"])
    url = reverse("agreements:import", kwargs={"region_code": world.region.slug})
    rng = random.Random(SEED + 1)
    for number in range(PAGE_SAMPLE):
        name, data = make_file(rng)
        before = digest()
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200, number
        html = response.content.decode()
        if 'id="problems"' in html or "errorlist" in html:
            assert digest() == before, number
            continue
        assert not AuditEvent.objects.filter(detail__crashed=True).exists(), number
        assert 'name="token"' in html or "Niets gewijzigd" in html or "Nothing changed" in html
        token = response.context.get("token")
        if token:
            response = client.post(url, {"confirm": "1", "token": token})
            assert response.status_code in (200, 302), number
