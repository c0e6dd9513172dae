"""Moving off Excel (issue 13): a progress list imported as the current status or a past round."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from paraat.agreements import services
from paraat.agreements.models import (
    ItemProgress,
    MeasurementRound,
    RoundResult,
    RoundState,
    SnapshotEntry,
    Status,
    StatusUpdate,
)
from paraat.agreements.progress_import import ProgressImportFailed, progress_import
from paraat.audit.models import AuditEvent
from paraat.dashboard import selectors as dashboard

from .conftest import TODAY

pytestmark = pytest.mark.django_db

HEADER = ["Gemeente", "Nr.", "Actiepunt", "Status", "Toelichting", "Knelpunt", "Datum"]


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_list() -> bytes:
    """One row per municipality × item, laid out as a region keeps it: a title above."""
    return xlsx(
        {
            "Voortgang": [
                ["Voortgang bestuursafspraken, stand april 2026"],
                [],
                HEADER,
                ["Aadorp", "1.1", "Risicobeeld", "Gereed", "Vastgesteld in de raad", "", ""],
                ["Aadorp", "1.2", "Crisisplan", "loopt", "", "Capaciteit", dt.date(2026, 4, 1)],
                ["aadorp", "2.1", "Noodsteunpunten", "nog niet", "", "", ""],
                ["GM9001", "2.2", "Oefenen", "n.v.t.", "Geen eigen oefening", "", ""],
                ["GM9002", "1.1", "Risicobeeld", "niet gestart", "", "", ""],
                ["Beedorp", "2.1", "Noodsteunpunten", "Afgerond", "", "", ""],
                [],
                ["* Stand volgens de aanspreekpunten."],
            ]
        }
    )


def import_(world, data=None, name="voortgang.xlsx", **kwargs):
    kwargs.setdefault("today", TODAY)
    return progress_import(
        region=world.region,
        data=rows_list() if data is None else data,
        filename=name,
        actor=world.users["cfg"],
        **kwargs,
    )


def latest(world, municipality, number, plan):
    progress = ItemProgress.objects.get(item=plan["items"][number], municipality=municipality)
    return progress.latest


def test_current_status_is_recorded_as_attributed_unshared_updates(world, plan):
    with translation.override("nl"):
        report = import_(world)
    assert report.recorded == 6 and report.unchanged == 0
    assert report.municipalities == ["Aadorp", "Beedorp"]
    a = latest(world, world.mun_a, "1.1", plan)
    assert a.status == Status.ACHIEVED and a.explanation == "Vastgesteld in de raad"
    assert a.imported_from == "voortgang.xlsx" and a.created_by == world.users["cfg"]
    assert a.shared_with_region is False
    b = latest(world, world.mun_a, "1.2", plan)
    assert (b.status, b.bottleneck, b.status_on) == (
        Status.IN_PROGRESS,
        "Capaciteit",
        dt.date(2026, 4, 1),
    )
    assert latest(world, world.mun_a, "2.1", plan).status == Status.NOT_STARTED
    assert latest(world, world.mun_a, "2.2", plan).status == Status.NOT_APPLICABLE
    assert latest(world, world.mun_b, "2.1", plan).status == Status.ACHIEVED
    events = AuditEvent.objects.filter(action="update", detail__imported_from="voortgang.xlsx")
    assert events.count() == 6
    assert AuditEvent.objects.filter(action="import", result="ok").count() == 1


def test_the_same_file_twice_changes_nothing(world, plan):
    import_(world)
    count = StatusUpdate.objects.count()
    with translation.override("nl"):
        report = import_(world)
    assert report.recorded == 0 and report.unchanged == 6
    assert not report.changed_anything
    assert StatusUpdate.objects.count() == count
    assert "Niets gewijzigd" in report.lines()[0]


def test_imported_statuses_are_not_held_to_the_transition_table(world, plan):
    item = plan["items"]["1.1"]
    services.status_update_record(
        item=item,
        municipality=world.mun_b,
        actor=world.users["cfg"],
        expected_version=0,
        status=Status.ACHIEVED,
        today=TODAY,
    )
    # achieved → not started is not an allowed edit, but the spreadsheet says so
    import_(world)
    assert latest(world, world.mun_b, "1.1", plan).status == Status.NOT_STARTED


def test_dry_run_saves_nothing(world, plan):
    report = import_(world, dry_run=True)
    assert report.recorded == 6
    assert StatusUpdate.objects.count() == 0
    assert not AuditEvent.objects.filter(action="update").exists()


def test_one_sheet_per_municipality(world, plan):
    data = xlsx(
        {
            "Aadorp": [["Nr", "Status", "Toelichting"], ["1.1", "gerealiseerd", "Klaar"]],
            "GM9002": [["Nr", "Status"], ["1.2", "in uitvoering"], ["2.1", "gestart"]],
            "Uitleg": [["Vul per gemeente een tabblad in."]],
        }
    )
    report = import_(world, data=data, name="per-gemeente.xlsx")
    assert report.recorded == 3
    assert report.skipped_sheets == ["Uitleg"]
    assert latest(world, world.mun_a, "1.1", plan).status == Status.ACHIEVED
    assert latest(world, world.mun_b, "1.2", plan).status == Status.IN_PROGRESS
    assert latest(world, world.mun_b, "2.1", plan).status == Status.STARTED


def test_every_problem_is_listed_and_nothing_is_written(world, plan):
    data = xlsx(
        {
            "Voortgang": [
                HEADER,
                ["Aadorp", "1.1", "", "gereed", "", "", ""],
                ["Ceedorp", "1.2", "", "loopt", "", "", ""],  # another region's municipality
                ["Beedorp", "9.9", "", "loopt", "", "", ""],
                ["Beedorp", "1.2", "", "half af", "", "", ""],
                ["Beedorp", "R.1", "", "gereed", "", "", ""],
                ["Beedorp", "2.2", "", "gereed", "", "", "gisteren"],
                ["Aadorp", "1.1", "", "loopt", "", "", ""],
            ]
        }
    )
    with translation.override("nl"), pytest.raises(ProgressImportFailed) as refused:
        import_(world, data=data, name="fout.xlsx")
    problems = [str(p) for p in refused.value.problems]
    assert len(problems) == 6, problems
    assert problems[0].startswith("blad “Voortgang”, rij 3, kolom A (Gemeente)")
    assert "Ceedorp" in problems[0] and "Onbekende gemeente" in problems[0]
    assert "rij 4, kolom B (Nr.)" in problems[1] and "9.9" in problems[1]
    assert "rij 5, kolom D (Status)" in problems[2] and "half af" in problems[2]
    assert "gereed, afgerond" in problems[2] and "n.v.t." in problems[2]  # accepted words
    assert "rij 6" in problems[3] and "regio zelf" in problems[3]
    assert "rij 7, kolom G (Datum)" in problems[4] and "gisteren" in problems[4]
    assert "rij 8" in problems[5] and "rij 2" in problems[5]  # the same track twice
    assert StatusUpdate.objects.count() == 0
    refusal = AuditEvent.objects.get(action="import", result="failed")
    assert refusal.detail["problems"] == 6 and refusal.object_repr == "fout.xlsx"


def test_a_file_without_a_header_is_refused_with_the_columns_named(world, plan):
    data = xlsx({"Blad1": [["Aadorp", "1.1", "gereed"]]})
    with translation.override("nl"), pytest.raises(ProgressImportFailed) as refused:
        import_(world, data=data)
    assert "Nr en Status" in str(refused.value.problems[0])


# --- a past round --------------------------------------------------------------------------------


def test_a_past_round_is_closed_as_measured_and_in_the_dashboards_trend(world, plan):
    report = import_(world, round_name="Najaar 2025", measured_on=dt.date(2026, 4, 30))
    assert report.recorded == 6
    past = MeasurementRound.objects.get(region=world.region, name="Najaar 2025")
    assert past.state == RoundState.CLOSED and past.deadline == dt.date(2026, 4, 30)
    assert SnapshotEntry.objects.filter(round=past, municipality=world.mun_a).count() == 4
    # worked out by hand: Aadorp 1 achieved of 3 applicable (2.2 n.v.t.), 1 of 2 due (1.1, 2.1);
    # Beedorp 1 of 4 (1.2 and 2.2 not in the file: not started), 1 of 2 due.
    a = RoundResult.objects.get(round=past, municipality=world.mun_a)
    b = RoundResult.objects.get(round=past, municipality=world.mun_b)
    assert (a.items_applicable, a.items_achieved, a.items_due, a.items_due_achieved) == (3, 1, 2, 1)
    assert (b.items_applicable, b.items_achieved, b.items_due, b.items_due_achieved) == (4, 1, 2, 1)
    assert a.submission_status == "accepted" and b.submission_status == "accepted"
    overview = dashboard.region_overview(region=world.region, filters=dashboard.Filters())
    assert [p.round.name for p in overview.trend] == ["Najaar 2025"]
    point = overview.trend[0]
    assert point.by_municipality[world.mun_a.pk].percent_achieved == 33
    assert point.by_municipality[world.mun_b.pk].percent_achieved == 25
    for result in (a, b):
        shown = point.by_municipality[result.municipality_id]
        assert (shown.items_applicable, shown.items_achieved, shown.items_due) == (
            result.items_applicable,
            result.items_achieved,
            result.items_due,
        )
    assert point.region.items_achieved == 2 and point.region.items_applicable == 7


def test_the_same_past_round_twice_changes_nothing_and_a_different_one_is_refused(world, plan):
    import_(world, round_name="Najaar 2025", measured_on=dt.date(2026, 4, 30))
    count = StatusUpdate.objects.count()
    report = import_(world, round_name="Najaar 2025", measured_on=dt.date(2026, 4, 30))
    assert report.round_exists and not report.changed_anything
    assert StatusUpdate.objects.count() == count
    other = xlsx({"V": [HEADER, ["Aadorp", "1.1", "", "loopt", "", "", ""]]})
    with pytest.raises(ProgressImportFailed):
        import_(world, data=other, round_name="Najaar 2025", measured_on=dt.date(2026, 4, 30))
    assert StatusUpdate.objects.count() == count


def test_past_rounds_are_imported_oldest_first_and_never_in_the_future(world, plan):
    import_(world, round_name="Voorjaar 2026", measured_on=dt.date(2026, 4, 30))
    with translation.override("nl"), pytest.raises(ProgressImportFailed) as older:
        import_(world, round_name="Najaar 2025", measured_on=dt.date(2025, 11, 30))
    assert "oudste eerst" in str(older.value.problems[0])
    with pytest.raises(ProgressImportFailed):
        import_(world, round_name="Later", measured_on=TODAY + dt.timedelta(days=1))
    with pytest.raises(ProgressImportFailed):
        import_(world, round_name="Zonder datum")
    assert MeasurementRound.objects.filter(region=world.region).count() == 1


# --- the page and the command ---------------------------------------------------------------


def test_page_previews_then_imports_the_same_file(world, plan):
    client = Client()
    client.force_login(world.users["admin"])
    url = reverse("agreements:progress_import", kwargs={"region_code": world.region.slug})
    upload = io.BytesIO(rows_list())
    upload.name = "voortgang.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Voorbeeld van voortgang.xlsx" in page and "6 statussen vastgelegd" in page
    assert StatusUpdate.objects.count() == 0  # a preview saves nothing
    token = response.context["token"]
    response = client.post(url, {"confirm": "1", "token": token}, follow=True)
    assert response.status_code == 200
    assert "6 statussen vastgelegd" in response.content.decode()
    assert StatusUpdate.objects.count() == 6
    update = latest(world, world.mun_a, "1.1", plan)
    assert update.created_by == world.users["admin"]
    # the history says where it came from
    track = reverse(
        "agreements:track",
        kwargs={
            "region_code": world.region.slug,
            "municipality_code": world.mun_a.code,
            "pk": plan["items"]["1.1"].pk,
        },
    )
    history = client.get(track).content.decode()
    assert "geïmporteerd uit voortgang.xlsx door Admin" in history
    # a stale confirmation is refused
    response = client.post(url, {"confirm": "1", "token": token}, follow=True)
    assert "verlopen" in response.content.decode()


def test_page_lists_the_problems_and_saves_nothing(world, plan):
    client = Client()
    client.force_login(world.users["cfg"])
    url = reverse("agreements:progress_import", kwargs={"region_code": world.region.slug})
    upload = io.BytesIO(xlsx({"V": [HEADER, ["Aadorp", "1.1", "", "misschien", "", "", ""]]}))
    upload.name = "fout.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "niet geïmporteerd: 1 probleem" in page and "misschien" in page
    assert "token" not in response.context
    assert StatusUpdate.objects.count() == 0


def test_municipal_contact_cannot_import_progress(world, plan):
    client = Client()
    client.force_login(world.users["contact"])
    url = reverse("agreements:progress_import", kwargs={"region_code": world.region.slug})
    upload = io.BytesIO(rows_list())
    upload.name = "voortgang.xlsx"
    assert client.post(url, {"file": upload}).status_code == 403
    assert StatusUpdate.objects.count() == 0


def test_command_imports_a_past_round_and_refuses_a_bad_file(world, plan, tmp_path):
    good = tmp_path / "voortgang.xlsx"
    good.write_bytes(rows_list())
    out = io.StringIO()
    call_command(
        "import_progress",
        "vr90",
        str(good),
        "--round-name",
        "Najaar 2025",
        "--measured-on",
        "2025-11-30",
        "--by",
        "cfg@test.paraat.nl",
        stdout=out,
    )
    assert "Najaar 2025" in out.getvalue()
    assert MeasurementRound.objects.get(name="Najaar 2025").state == RoundState.CLOSED
    assert latest(world, world.mun_a, "1.1", plan).created_by == world.users["cfg"]
    bad = tmp_path / "fout.csv"
    bad.write_text("Gemeente;Nr;Status\nAadorp;1.1;soms\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_progress", "VR90", str(bad), "--dry-run", stderr=err)
    assert "soms" in err.getvalue()


def test_current_status_joins_the_open_round_but_not_a_submitted_submission(world, plan):
    from paraat.agreements.models import Submission, SubmissionStatus

    round_ = services.round_create(
        region=world.region,
        name="Voorjaar 2026",
        opens_on=TODAY - dt.timedelta(days=5),
        deadline=TODAY + dt.timedelta(days=20),
        actor=world.users["cfg"],
    )
    Submission.objects.filter(round=round_, municipality=world.mun_b).update(
        status=SubmissionStatus.SUBMITTED
    )
    with translation.override("nl"), pytest.raises(ProgressImportFailed) as refused:
        import_(world)
    assert "Beedorp heeft Voorjaar 2026 ingediend" in str(refused.value.problems[0])
    assert StatusUpdate.objects.count() == 0
    Submission.objects.filter(round=round_, municipality=world.mun_b).update(
        status=SubmissionStatus.RETURNED
    )
    import_(world)
    assert latest(world, world.mun_a, "1.1", plan).round == round_
