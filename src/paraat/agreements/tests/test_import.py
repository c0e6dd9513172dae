"""The spreadsheet rules of issue 3: real action lists import without retyping."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from django.core.management import CommandError, call_command
from django.utils import translation

from paraat.agreements import imports, services, spreadsheet
from paraat.agreements.models import ActionItem, ActionItemRevision, Category, OwnerType, Quarter
from paraat.audit.models import AuditEvent
from paraat.regions.factories import RegionFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Nr.",
    "Actiepunt",
    "Verantwoordelijk",
    "Gereed",
    "Basisniveau (wanneer op orde?)",
    "Toelichting / partners",
]


def xlsx(rows_by_sheet: dict[str, list[list]], merge_headings: bool = True) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in rows_by_sheet.items():
        sheet = workbook.create_sheet(title)
        for index, row in enumerate(rows, start=1):
            sheet.append(row)
            filled = [c for c in row if c not in (None, "")]
            if merge_headings and len(filled) == 1 and len(row) == 1 and index > 3:
                sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=6)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def official_list() -> list[list]:
    """Laid out as officials keep it: title, subtitle, header, merged headings, footnotes."""
    return [
        ["Bestuursafspraken weerbaarheid 2025–2027"],
        ["Vastgesteld door het Algemeen Bestuur, juni 2025"],
        [],
        HEADER,
        ["1. Risicobeeld en planvorming"],
        ["1.1", "Stel een gemeentelijk\nrisicobeeld op", "gemeente", "Q1 2026", "Vastgesteld", ""],
        ["1.2", "Actualiseer het crisisplan", "Gemeenten (i.s.m. GGD)", "Q2-2026", "", "Samen"],
        [None, None, None, None, None, None],
        ["2. Noodsteunpunten"],
        ["2.1", "Richt noodsteunpunten in", "VNOG en gemeenten", "2026-Q3", "", ""],
        ["2.2", "Oefen met de regio", "regio", dt.datetime(2026, 11, 15), "", ""],
        ["2.3", "Zorg voor noodstroom", "gezamenlijk", "eerste kwartaal 2027", "", ""],
        [],
        ["* Kwartaal = uiterlijk aan het eind van het kwartaal."],
        ["Bron: programmaplan §6.1"],
    ]


@pytest.fixture
def region():
    return RegionFactory(
        code="VR06", name="Veiligheidsregio Noord- en Oost-Gelderland", short_name="VNOG"
    )


def run_import(region, data, filename="acties.xlsx", **kwargs):
    return imports.action_list_import(
        region=region, data=data, filename=filename, actor="test", **kwargs
    )


def test_an_official_spreadsheet_imports_in_one_go(region):
    report = run_import(region, xlsx({"Acties": official_list()}))
    assert report.created == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    items = {i.number: i for i in ActionItem.objects.select_related("category")}
    assert items["1.1"].category.name == "1. Risicobeeld en planvorming"
    assert items["2.1"].category.name == "2. Noodsteunpunten"
    assert items["1.1"].text == "Stel een gemeentelijk\nrisicobeeld op"
    assert items["1.1"].owner_type == OwnerType.MUNICIPALITY
    assert items["1.2"].note == "Samen\ni.s.m. GGD"
    assert items["2.1"].owner_type == OwnerType.JOINT
    assert items["2.2"].owner_type == OwnerType.REGION
    assert items["2.2"].due == Quarter(2026, 4)
    assert items["2.3"].due == Quarter(2027, 1)
    assert items["1.2"].due == Quarter(2026, 2)
    assert list(Category.objects.values_list("name", flat=True)) == [
        "1. Risicobeeld en planvorming",
        "2. Noodsteunpunten",
    ]
    assert ActionItemRevision.objects.count() == 5


def test_importing_the_same_file_again_changes_nothing_and_says_so(region):
    data = xlsx({"Acties": official_list()})
    run_import(region, data)
    revisions = ActionItemRevision.objects.count()
    report = run_import(region, data)
    assert not report.changed_anything
    assert report.unchanged == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    with translation.override("nl"):
        assert "Niets gewijzigd" in report.lines()[0]
    assert ActionItemRevision.objects.count() == revisions


def test_a_changed_file_updates_items_by_number_and_reports_what_changed(region):
    run_import(region, xlsx({"Acties": official_list()}))
    rows = official_list()
    rows[5][3] = "Q4 2026"  # 1.1 due later
    rows[6][1] = "Actualiseer het crisisplan en oefen het"
    rows.insert(12, ["2.4", "Nieuw actiepunt", "gemeente", "Q2 2027", "", ""])
    report = run_import(region, xlsx({"Acties": rows}))
    assert report.created == ["2.4"]
    assert report.updated["1.1"] == {"due": ["Q1 2026", "Q4 2026"]}
    assert set(report.updated["1.2"]) == {"text"}
    item = ActionItem.objects.get(number="1.1")
    assert item.due == Quarter(2026, 4)
    assert item.version == 2
    assert item.revisions.count() == 2


def test_a_broken_file_is_refused_whole_with_every_problem_listed(region):
    run_import(region, xlsx({"Acties": official_list()}))
    before = list(ActionItem.objects.values_list("number", "text", "due_year", "due_quarter"))
    rows = official_list()
    rows[5][3] = "ergens in 2026"  # bad due quarter
    rows[6][2] = "de buurman"  # bad owner
    rows[9][1] = ""  # missing text
    rows[10][0] = "1.1"  # duplicate number
    rows[5][1] = "Stel een ANDER risicobeeld op"  # a valid change that must not be saved
    with pytest.raises(imports.ImportFailed) as failed:
        run_import(region, xlsx({"Acties": rows}))
    problems = failed.value.problems
    found = {(p.sheet, p.row, p.column.split(" ")[0], p.value) for p in problems}
    assert ("Acties", 6, "D", "ergens in 2026") in found
    assert ("Acties", 7, "C", "de buurman") in found
    assert ("Acties", 10, "B", "") in found
    assert ("Acties", 11, "A", "1.1") in found
    assert len(problems) == 4
    text = str(problems[0])
    assert "Acties" in text and "6" in text and "ergens in 2026" in text
    after = list(ActionItem.objects.values_list("number", "text", "due_year", "due_quarter"))
    assert after == before


def test_problem_report_is_dutch(region):
    rows = official_list()
    rows[5][3] = "ooit"
    with pytest.raises(imports.ImportFailed) as failed:
        run_import(region, xlsx({"Acties": rows}))
    with translation.override("nl"):
        text = str(failed.value.problems[0])
    assert "blad “Acties”, rij 6, kolom D (Gereed)" in text
    assert "gevonden: “ooit”" in text


def test_a_file_without_a_recognisable_header_is_refused(region):
    with pytest.raises(imports.ImportFailed) as failed:
        run_import(region, xlsx({"Blad1": [["a", "b"], ["c", "d"]]}))
    assert "15" in str(failed.value.problems[0])
    assert not ActionItem.objects.exists()


def test_header_is_found_below_title_rows_by_synonyms_ignoring_case_accents_punctuation():
    rows = [[f"titel {i}"] for i in range(10)] + [
        ["#", "THEMA", "Maatregel:", "Trekker", "Uiterlijk", "Norm", "Opmerking"],
    ]
    index, columns = spreadsheet.find_header(rows)
    assert index == 10
    assert columns == {
        "number": 0,
        "category": 1,
        "text": 2,
        "owner": 3,
        "due": 4,
        "baseline": 5,
        "note": 6,
    }
    other = [
        [
            "Nummer",
            "Onderwerp",
            "Omschrijving",
            "Eigenaar",
            "Kwartaal",
            "Wanneer op orde?",
            "Partners",
        ]
    ]
    assert spreadsheet.find_header(other)[1]["baseline"] == 5
    accents = [["Nr", "Catégorie", "Actie", "Wie", "Planning"]]
    assert spreadsheet.find_header(accents)[1]["category"] == 1


def test_header_beyond_row_15_is_not_found():
    rows = [[f"titel {i}"] for i in range(15)] + [["Nr", "Actie", "Wie"]]
    assert spreadsheet.find_header(rows) is None


def test_a_row_naming_its_own_category_overrides_the_heading(region):
    rows = [
        ["Nr", "Thema", "Actie", "Eigenaar", "Deadline"],
        ["Kopje"],
        ["1", "", "Onder het kopje", "gemeente", "Q1 2026"],
        ["2", "Eigen thema", "Met eigen thema", "gemeente", "Q1 2026"],
        ["3", "", "Weer onder het kopje", "gemeente", "Q1 2026"],
    ]
    run_import(region, xlsx({"S": rows}))
    got = dict(ActionItem.objects.values_list("number", "category__name"))
    assert got == {"1": "Kopje", "2": "Eigen thema", "3": "Kopje"}


@pytest.mark.parametrize(
    "written,expected",
    [
        ("Q1 2026", (2026, 1)),
        ("Q1-2026", (2026, 1)),
        ("q3 2026", (2026, 3)),
        ("2026-Q1", (2026, 1)),
        ("2026 Q2", (2026, 2)),
        ("1e kwartaal 2026", (2026, 1)),
        ("kwartaal 1 2026", (2026, 1)),
        ("eerste kwartaal 2026", (2026, 1)),
        ("Tweede kwartaal 2027", (2027, 2)),
        ("vierde  kwartaal\n2026", (2026, 4)),
        ("31-03-2026", (2026, 1)),
        ("1-7-2026", (2026, 3)),
        ("2026-12-01", (2026, 4)),
        (dt.date(2027, 5, 1), (2027, 2)),
        (dt.datetime(2026, 2, 28, 0, 0), (2026, 1)),
    ],
)
def test_due_quarter_spellings(written, expected):
    assert spreadsheet.parse_due(written) == Quarter(*expected)


@pytest.mark.parametrize("written", ["Q5 2026", "zomer 2026", "31-02-2026", "2026", "Q1"])
def test_unreadable_due_quarters_are_refused(written):
    with pytest.raises(ValueError):
        spreadsheet.parse_due(written)


@pytest.mark.parametrize(
    "written,expected,remark",
    [
        ("gemeente", OwnerType.MUNICIPALITY, ""),
        ("Gemeenten", OwnerType.MUNICIPALITY, ""),
        ("gem.", OwnerType.MUNICIPALITY, ""),
        ("VNOG", OwnerType.REGION, ""),
        ("veiligheidsregio", OwnerType.REGION, ""),
        ("Regio", OwnerType.REGION, ""),
        ("VR", OwnerType.REGION, ""),
        ("gemeente en VNOG", OwnerType.JOINT, ""),
        ("VNOG en gemeenten", OwnerType.JOINT, ""),
        ("Gezamenlijk", OwnerType.JOINT, ""),
        ("beide", OwnerType.JOINT, ""),
        ("gemeente (i.s.m. GGD)", OwnerType.MUNICIPALITY, "i.s.m. GGD"),
        ("VNOG (met Defensie)", OwnerType.REGION, "met Defensie"),
    ],
)
def test_owner_spellings(written, expected, remark):
    assert spreadsheet.parse_owner(written) == (expected, remark)


@pytest.mark.parametrize("written", ["de buurman", "provincie", "(alleen opmerking)"])
def test_unknown_owners_are_refused(written):
    with pytest.raises(ValueError):
        spreadsheet.parse_owner(written)


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_imports_the_same_way(region, delimiter, encoding):
    lines = [
        "Actielijst gemeenten",
        delimiter.join(["Nr", "Omschrijving", "Wie", "Gereed", "Basisniveau"]),
        "Crisisorganisatie" + delimiter * 4,
        delimiter.join(["1.1", '"Oefen één keer, met de regio"', "gemeente", "Q1 2026", "Oké"]),
        delimiter.join(["1.2", "Plan ‘continuïteit’", "regio", "2e kwartaal 2026", ""]),
    ]
    data = "\r\n".join(lines).encode(encoding)
    report = run_import(region, data, filename="acties.csv")
    assert report.created == ["1.1", "1.2"]
    item = ActionItem.objects.get(number="1.1")
    assert item.text == "Oefen één keer, met de regio"
    assert item.baseline == "Oké"
    assert item.category.name == "Crisisorganisatie"
    assert ActionItem.objects.get(number="1.2").text == "Plan ‘continuïteit’"


def test_dry_run_reports_but_saves_nothing(region):
    report = run_import(region, xlsx({"Acties": official_list()}), dry_run=True)
    assert len(report.created) == 5
    assert report.dry_run
    assert not ActionItem.objects.exists()
    assert not Category.objects.exists()


def test_export_imports_again_unchanged(region):
    run_import(region, xlsx({"Acties": official_list()}))
    agreement_set = services.agreement_set_current(region=region)
    items = ActionItem.objects.filter(agreement_set=agreement_set).select_related("category")
    data = spreadsheet.export_action_list(agreement_set, items)
    report = run_import(region, data, filename="export.xlsx")
    assert not report.changed_anything
    assert len(report.unchanged) == 5


def test_due_quarter_outside_the_agreement_period_is_refused(region):
    agreement_set = services.agreement_set_current(region=region, create=True, actor=None)
    agreement_set.period_start, agreement_set.period_end = 2025, 2027
    agreement_set.save()
    rows = official_list()
    rows[5][3] = "Q1 2030"
    with pytest.raises(imports.ImportFailed) as failed:
        run_import(region, xlsx({"Acties": rows}))
    assert failed.value.problems[0].value == "Q1 2030"


def test_command_succeeds_with_exit_status_0_and_reports(region, tmp_path, capsys):
    path = tmp_path / "acties.xlsx"
    path.write_bytes(xlsx({"Acties": official_list()}))
    call_command("import_actions", str(path), "--region", "VR06")
    assert ActionItem.objects.count() == 5
    call_command("import_actions", str(path), "--region", "vr06")
    out = capsys.readouterr().out
    assert "Niets gewijzigd" in out
    assert AuditEvent.objects.filter(action="import").exists()


def test_command_fails_with_nonzero_exit_and_lists_every_problem(region, tmp_path, capsys):
    rows = official_list()
    rows[5][3] = "ooit"
    rows[6][2] = "niemand"
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(xlsx({"Acties": rows}))
    with pytest.raises(CommandError) as error:
        call_command("import_actions", str(path), "--region", "VR06")
    assert "2" in str(error.value)
    err = capsys.readouterr().err
    assert "rij 6" in err and "rij 7" in err and "ooit" in err and "niemand" in err
    assert not ActionItem.objects.exists()


def test_dry_run_command_saves_nothing(region, tmp_path, capsys):
    path = tmp_path / "acties.xlsx"
    path.write_bytes(xlsx({"Acties": official_list()}))
    call_command("import_actions", str(path), "--region", "VR06", "--dry-run")
    assert not ActionItem.objects.exists()
    assert "Proefimport" in capsys.readouterr().out


def test_export_never_writes_a_formula_and_imports_back_unchanged(db):
    """An item text like "=HYPERLINK(...)" is text in the export, and survives a round trip."""
    import io

    from openpyxl import load_workbook

    from paraat.agreements.factories import ActionItemFactory
    from paraat.agreements.spreadsheet import export_action_list

    item = ActionItemFactory(text='=HYPERLINK("http://x","klik")', note="-2 dagen")
    data = export_action_list(item.agreement_set, [item])
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows(min_row=5) for c in row if c.value]
    assert all(c.data_type != "f" for c in cells)
    assert any(c.value == '\'=HYPERLINK("http://x","klik")' for c in cells)
    from paraat.core import tabular

    book = tabular.read(data, "export.xlsx")
    cells = book.sheets[0].rows[4].cells
    assert '=HYPERLINK("http://x","klik")' in cells
    assert not any(isinstance(cell, tabular.Formula) for cell in cells)
    assert "-2 dagen" in cells
