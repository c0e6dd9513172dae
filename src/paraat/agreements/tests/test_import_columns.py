"""Issue 12 §2: an absent column changes nothing; bad input is a listed problem, never a crash."""

import io

import pytest
from openpyxl import Workbook

from django.urls import reverse
from django.utils import translation

from paraat.agreements import imports
from paraat.agreements.models import ActionItem, OwnerType, Quarter
from paraat.audit.models import AuditEvent
from paraat.regions.factories import RegionFactory

pytestmark = pytest.mark.django_db

FULL = ["Nr", "Thema", "Actiepunt", "Verantwoordelijk", "Gereed", "Basisniveau", "Toelichting"]
ITEMS = [
    ["1.1", "Risico", "Stel een risicobeeld op", "gemeente", "Q1 2026", "Vastgesteld", "Met GGD"],
    ["1.2", "Risico", "Oefen het crisisplan", "regio", "Q3 2026", "Jaarlijks", "Met brandweer"],
    ["2.1", "Stroom", "Zorg voor noodstroom", "gezamenlijk", "Q2 2027", "", "Aggregaat"],
]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Acties"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def without(columns: set[str], rows=None) -> list[list]:
    keep = [i for i, name in enumerate(FULL) if name not in columns]
    return [[row[i] for i in keep] for row in [FULL, *(rows or ITEMS)]]


@pytest.fixture
def region():
    return RegionFactory(code="VR06", short_name="VNOG")


def run(region, rows, name="acties.xlsx", **kwargs):
    data = xlsx(rows) if name.endswith(".xlsx") else rows
    return imports.action_list_import(
        region=region, data=data, filename=name, actor="test", **kwargs
    )


def state():
    return {
        i.number: (i.text, i.owner_type, i.due, i.baseline, i.note, i.version)
        for i in ActionItem.objects.all()
    }


@pytest.fixture
def imported(region):
    run(region, without(set()))
    return state()


@pytest.mark.parametrize(
    "absent",
    [{"Toelichting"}, {"Verantwoordelijk"}, {"Gereed"}, {"Basisniveau"}, set(FULL[3:])],
)
def test_an_absent_column_leaves_its_field_untouched(region, imported, absent):
    report = run(region, without(absent))
    assert state() == imported
    assert not report.changed_anything
    assert report.unchanged == ["1.1", "1.2", "2.1"]
    assert set(report.absent_columns) == absent


def test_the_preview_names_the_absent_columns_and_says_their_fields_stay(region, imported):
    report = run(region, without({"Toelichting", "Gereed"}), dry_run=True)
    with translation.override("nl"):
        lines = report.lines()
    assert any(
        "Gereed, Toelichting" in line and "blijven zoals ze zijn" in line for line in lines
    ), lines


def test_a_change_in_a_present_column_is_applied_while_absent_ones_stay(region, imported):
    rows = [list(r) for r in ITEMS]
    rows[1][2] = "Oefen het crisisplan twee keer"
    report = run(region, without({"Verantwoordelijk", "Toelichting"}, rows))
    assert report.updated == {
        "1.2": {"text": ["Oefen het crisisplan", "Oefen het crisisplan twee keer"]}
    }
    item = ActionItem.objects.get(number="1.2")
    assert item.owner_type == OwnerType.REGION
    assert item.note == "Met brandweer"
    assert item.version == 2


def test_an_empty_cell_clears_baseline_and_note(region, imported):
    rows = [list(r) for r in ITEMS]
    rows[0][5] = ""
    rows[0][6] = None
    report = run(region, without(set(), rows))
    assert set(report.updated["1.1"]) == {"baseline", "note"}
    item = ActionItem.objects.get(number="1.1")
    assert (item.baseline, item.note) == ("", "")


@pytest.mark.parametrize("column", [3, 4, 2])  # owner, due quarter, text
def test_owner_due_and_text_cannot_be_cleared(region, imported, column):
    rows = [list(r) for r in ITEMS]
    rows[2][column] = ""
    with pytest.raises(imports.ImportFailed) as failed:
        run(region, without(set(), rows))
    assert [(p.row, p.column[0]) for p in failed.value.problems] == [(4, "CDE"[column - 2])]
    assert state() == imported


def test_a_new_item_without_an_owner_is_a_problem(region, imported):
    rows = [*ITEMS, ["3.1", "Nieuw", "Nieuw actiepunt", "", "Q1 2027", "", ""]]
    with pytest.raises(imports.ImportFailed) as failed:
        run(region, without({"Verantwoordelijk"}, rows))
    assert [(p.row, p.value) for p in failed.value.problems] == [(5, "3.1")]
    assert state() == imported
    assert AuditEvent.objects.filter(result="failed").count() == 1


def test_a_formula_as_number_is_refused_with_sheet_row_column_and_value(region):
    rows = without(set())
    rows[2][0] = "=A1&B1"
    with pytest.raises(imports.ImportFailed) as failed:
        run(region, rows)
    (problem,) = failed.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Acties",
        3,
        "A (Nr)",
        "=A1&B1",
    )
    assert not ActionItem.objects.exists()


def test_a_nul_byte_in_a_csv_is_a_problem_not_a_database_error(region):
    data = "Nr;Thema;Actiepunt;Verantwoordelijk;Gereed\n1.1;R;Oefen\x00;gemeente;Q1 2026\n"
    with pytest.raises(imports.ImportFailed) as failed:
        run(region, data.encode(), name="nul.csv")
    assert [(p.row, p.column) for p in failed.value.problems] == [(2, "C")]
    assert not ActionItem.objects.exists()


def test_an_unexpected_failure_is_a_listed_problem_and_audited_as_a_refusal(
    region, imported, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_update_many", broken)
    rows = [list(r) for r in ITEMS]
    rows[0][2] = "Gewijzigd"
    with pytest.raises(imports.ImportFailed) as failed:
        run(region, without(set(), rows))
    assert len(failed.value.problems) == 1
    assert state() == imported
    event = AuditEvent.objects.filter(result="failed").get()
    assert event.detail == {"problems": 1, "crashed": True}
    assert AuditEvent.objects.filter(detail__crashed=True).count() == 1  # the fuzz test's check


def test_the_upload_page_lists_problems_for_broken_bytes_and_never_answers_500(
    world, client, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["coordinator"])
    url = reverse("agreements:import", kwargs={"region_code": world.region.slug})
    for name, data in [
        ("kapot.xlsx", b"PK\x03\x04kapot"),
        ("nul.csv", b"Nr;Actiepunt;Thema\n1;a\x00b;c\n"),
        ("lang.csv", b"Nr;Actiepunt;Thema\n1;" + b"x" * 200_000 + b";c\n"),
        ("leeg.csv", b""),
    ]:
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200, name
        if data:
            assert b'id="problems"' in response.content, name
    assert AuditEvent.objects.filter(action="import", result="failed").count() == 3
    assert not ActionItem.objects.filter(region=world.region, number="1").exists()


def test_confirming_a_pruned_preview_says_it_expired(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from paraat.core import importflow as previews

    client.force_login(world.users["coordinator"])
    url = reverse("agreements:import", kwargs={"region_code": world.region.slug})
    data = xlsx(without(set()))
    response = client.post(url, {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 200
    pending = client.session["agreements_import"]
    previews.preview_discard(pending["path"])
    response = client.post(url, {"confirm": "1", "token": pending["token"]})
    assert response.status_code == 302
    assert not ActionItem.objects.filter(region=world.region, number="2.1").exists()


def test_due_quarter_is_kept_as_written(region, imported):
    assert ActionItem.objects.get(number="2.1").due == Quarter(2027, 2)


def long_list(rows: int, version: int) -> list[list]:
    out = [FULL]
    for i in range(rows):
        number, category = f"{i // 18 + 1}.{i % 18 + 1}", f"Thema {i // 18}"
        due = f"Q{i % 4 + 1} 2026"
        out.append([number, category, f"Actie {i} v{version}", "gemeente", due, "", f"Noot {i}"])
    return out


def test_the_number_of_queries_does_not_grow_with_the_rows(region):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rows in (20, 342):
        own = RegionFactory()
        for version in (1, 2):  # new items, then every item changed
            with CaptureQueriesContext(connection) as queries:
                report = run(own, long_list(rows, version))
            assert len(report.created if version == 1 else report.updated) == rows
            counts.append(len(queries))
    # Only the database's batch size (SQLite: 999 variables per query) adds queries, no row does.
    assert counts[2] - counts[0] <= 342 // 40 and counts[3] - counts[1] <= 342 // 100, counts
    assert max(counts) <= 30, counts
    item = ActionItem.objects.get(region=own, number="19.18")
    assert (item.text, item.version, item.note) == ("Actie 341 v2", 2, "Noot 341")


def test_the_preview_page_shows_the_absent_columns(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["coordinator"])
    url = reverse("agreements:import", kwargs={"region_code": world.region.slug})
    data = xlsx(without({"Toelichting", "Basisniveau"}))
    response = client.post(url, {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Kolommen die niet in het bestand staan: Basisniveau, Toelichting" in html
        or "Columns not in the file: Basisniveau, Toelichting" in html
    )
    assert not ActionItem.objects.filter(region=world.region, number="1.1").exists()
