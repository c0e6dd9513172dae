"""Reports as their readers get them: the tests open the produced files and read them."""

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from paraat.audit.models import Action, AuditEvent
from paraat.audit.services import data_changed
from paraat.core.concurrency import StaleEdit
from paraat.regions.factories import ContactFactory, MunicipalityFactory
from paraat.reports import production, services
from paraat.reports.models import (
    TLP,
    PlanCopy,
    ReportKind,
    ReportRun,
    RunStatus,
)
from paraat.reports.render import content_part, neutralise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def run_bytes(run: ReportRun, fmt: str | None = None) -> bytes:
    files = run.files.all() if fmt is None else run.files.filter(format=fmt)
    with files[0].file.open("rb") as f:
        return f.read()


def make(world, kind, fmt, **parameters) -> ReportRun:
    run = services.report_generate(
        region=world.region, kind=kind, fmt=fmt, parameters=parameters, actor=world.users["admin"]
    )
    assert run.status == RunStatus.DONE, run.error
    return run


# --- PDF -------------------------------------------------------------------------------------


def test_progress_pdf_has_tlp_date_and_page_numbers_on_every_page(world):
    for n in range(40):  # enough contacts for several pages
        ContactFactory(region=world.region, municipality=world.mun_b, name=f"Persoon {n}")
    run = make(world, ReportKind.PROGRESS, "pdf", audience="board")
    pages = pdf_pages(run_bytes(run))
    assert len(pages) >= 1
    for number, text in enumerate(pages, start=1):
        assert "TLP:AMBER" in text
        assert f"Pagina {number} van {len(pages)}" in text
        assert "Gemaakt op" in text
    assert "Voortgangsrapportage weerbaarheid" in pages[0]
    assert "algemeen bestuur" in pages[0]


def test_pdf_is_tagged_pdf_ua_in_dutch(world):
    from pypdf import PdfReader

    run = make(world, ReportKind.FACTSHEET, "pdf", municipality=world.mun_a.code)
    reader = PdfReader(io.BytesIO(run_bytes(run)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfuaid" in xmp
    assert "Factsheet Aadorp" in "".join(pdf_pages(run_bytes(run)))


def test_factsheets_of_all_municipalities_in_one_pdf_each_on_its_own_page(world):
    MunicipalityFactory(region=world.region, code="GM9009", name="Zeedorp")
    run = make(world, ReportKind.FACTSHEET, "pdf")
    pages = pdf_pages(run_bytes(run))
    text = "\n".join(pages)
    for name in ["Aadorp", "Beedorp", "Zeedorp"]:
        assert f"Factsheet {name}" in text or name in text
    assert "Ceedorp" not in text  # another region's municipality
    starts = [i for i, page in enumerate(pages) if re.search(r"^Gemeente$", page, re.M)]
    assert len(starts) == 3, "each factsheet starts on its own page"
    for page in pages:
        assert "TLP:AMBER" in page


# --- DOCX and XLSX ----------------------------------------------------------------------------


def test_docx_has_real_word_headings_and_tables(world):
    from docx import Document

    run = make(world, ReportKind.FACTSHEET, "docx", municipality=world.mun_a.code)
    word = Document(io.BytesIO(run_bytes(run)))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("H")]
    assert ("Heading 1", "Gemeente") in headings
    assert ("Heading 1", "Contactpersonen") in headings
    assert word.tables, "real tables, not tab-separated text"
    contacts = word.tables[-1]
    assert contacts.rows[0].cells[0].text == "Naam"
    assert contacts.rows[1].cells[0].text == "Cor A"
    assert "TLP:AMBER" in word.sections[0].header.paragraphs[0].text


def test_docx_opens_in_libreoffice(world, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed on this machine (libreoffice --headless)")
    run = make(world, ReportKind.PROGRESS, "docx")
    source = tmp_path / "rapport.docx"
    source.write_bytes(run_bytes(run))
    result = subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "rapport.pdf").stat().st_size > 0


def test_xlsx_has_one_sheet_per_table_and_neutralises_formulas(world):
    from openpyxl import load_workbook

    ContactFactory(
        region=world.region, municipality=world.mun_a, name='=HYPERLINK("x","klik")', phone="+31"
    )
    run = make(world, ReportKind.FACTSHEET, "xlsx", municipality=world.mun_a.code)
    book = load_workbook(io.BytesIO(run_bytes(run)))
    assert book.sheetnames == ["Over dit bestand", "Kerngegevens", "Contactpersonen"]
    sheet = book["Contactpersonen"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Naam"
    names = [row[0] for row in values[1:]]
    assert '\'=HYPERLINK("x","klik")' in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "'+31" in [row[2] for row in values[1:]]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_cells_that_would_run_as_formula_get_an_apostrophe(value):
    assert neutralise(value) == "'" + value


# --- the emergency binder ---------------------------------------------------------------------


def finished_days_ago(run, days: int) -> None:
    """As if the run finished `days` days ago: a direct update, so the region's data version
    moves on as a service's write would (the binder's age is cached per version)."""
    ReportRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - dt.timedelta(days=days))
    data_changed(region=run.region_id)


def binder(world, municipality=None) -> ReportRun:
    return make(
        world,
        ReportKind.BINDER,
        "pdf+html",
        municipality=municipality.code if municipality else "",
    )


def test_binder_html_has_no_network_references_even_from_typed_text(world):
    ContactFactory(
        region=world.region,
        name="Link Typer",
        outage_reachability="Zie https://intranet.example/noodplan of //server/share of http:x",
    )
    run = binder(world)
    html = run_bytes(run, "html").decode("utf-8")
    assert "Link Typer" in html
    for forbidden in ("http:", "https:", "//"):
        assert forbidden not in html.lower()
    assert not re.search(r"\b(src|href)=\"(?!#)", html), "only in-page links"


def test_binder_pdf_and_html_carry_date_version_and_content_checksum(world):
    first = binder(world)
    second = binder(world)
    assert (first.version, second.version) == (1, 2)
    html = run_bytes(second, "html").decode("utf-8")
    checksum = hashlib.sha256(content_part(html).encode("utf-8")).hexdigest()
    assert checksum == second.content_sha256
    assert checksum in html
    pdf_text = "".join(pdf_pages(run_bytes(second, "pdf"))).replace("\n", "")
    assert checksum in pdf_text
    assert "Versie 2" in pdf_text
    assert timezone.localdate().strftime("%Y") in pdf_text
    for f in second.files.all():
        with f.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == f.sha256


def test_municipality_binder_holds_only_what_that_municipality_may_see(world):
    ContactFactory(region=world.region, municipality=world.mun_b, name="Bea van Beedorp")
    PlanCopy.objects.create(
        region=world.region, municipality=world.mun_b, title="Plan Beedorp", paper_locations="B"
    )
    PlanCopy.objects.create(
        region=world.region, title="Geheim regioplan", paper_locations="Kluis", tlp=TLP.RED
    )
    PlanCopy.objects.create(region=world.region, title="Regioplan", paper_locations="Kast 1")
    PlanCopy.objects.create(
        region=world.region, municipality=world.mun_a, title="Plan Aadorp", paper_locations="A"
    )
    run = binder(world, world.mun_a)
    html = run_bytes(run, "html").decode("utf-8")
    pdf = " ".join(" ".join(pdf_pages(run_bytes(run, "pdf"))).split())
    for text in (html, pdf):
        assert "Cor A" in text and "Plan Aadorp" in text and "Regioplan" in text
        assert "Bea van Beedorp" not in text
        assert "Plan Beedorp" not in text
        assert "Geheim regioplan" not in text
    assert run.tlp == TLP.AMBER


def test_region_binder_takes_the_label_of_its_most_confidential_part(world):
    PlanCopy.objects.create(
        region=world.region, title="Geheim regioplan", paper_locations="Kluis", tlp=TLP.RED
    )
    run = binder(world)
    assert run.tlp == TLP.RED
    assert "TLP:RED" in pdf_pages(run_bytes(run, "pdf"))[0]


def test_export_binder_command_writes_pdf_html_and_sha256_files(world, tmp_path):
    out = tmp_path / "usb"
    call_command(
        "export_binder", region="VR90", municipality=world.mun_a.code, out=out, stdout=io.StringIO()
    )
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4
    for path in out.glob("*.sha256"):
        digest, name = path.read_text().split()
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert AuditEvent.objects.filter(action=Action.EXPORT, region=world.region).exists()


# --- the command line and the archive ---------------------------------------------------------


def test_report_command_writes_the_file_and_archives_it(world, tmp_path):
    out = tmp_path / "rapport.pdf"
    call_command(
        "report",
        region="vr90",
        kind="factsheet",
        municipality=world.mun_b.code,
        format="pdf",
        out=out,
        stdout=io.StringIO(),
    )
    assert "Factsheet Beedorp" in "".join(pdf_pages(out.read_bytes()))
    run = ReportRun.objects.get()
    assert run.municipality == world.mun_b
    assert run.files.get().sha256 == hashlib.sha256(out.read_bytes()).hexdigest()


def test_report_command_refuses_a_municipality_of_another_region(world, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="GM9003"):
        call_command(
            "report",
            region="VR90",
            kind="factsheet",
            municipality="GM9003",
            format="pdf",
            out=tmp_path / "x.pdf",
        )
    assert not ReportRun.objects.exists()


def test_interface_makes_a_report_and_offers_it_for_download_audited(world, client):
    client.force_login(world.users["coordinator"])
    url = reverse("reports:request", args=[world.region.slug])
    response = client.post(url, {"kind": "progress", "format": "docx", "tlp": "AMBER"})
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:run_detail", args=[world.region.slug, run.pk])
    page = client.get(response["Location"])
    assert "Klaar" in page.content.decode()
    report_file = run.files.get()
    download = client.get(
        reverse("reports:run_download", args=[world.region.slug, run.pk, report_file.pk])
    )
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == report_file.sha256
    assert AuditEvent.objects.filter(
        action=Action.DOWNLOAD, actor=world.users["coordinator"], object_id=str(run.pk)
    ).exists()


def test_status_page_polls_with_htmx_until_done_and_has_a_refresh_link(world, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(world.users["admin"])
    client.post(
        reverse("reports:request", args=[world.region.slug]),
        {"kind": "progress", "format": "pdf", "tlp": "AMBER"},
    )
    run = ReportRun.objects.get()
    url = reverse("reports:run_detail", args=[world.region.slug, run.pk])
    html = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in html and f'href="{url}"' in html
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "in de wachtrij" in partial
    services.report_process(run_id=run.pk)  # what the worker does (tests/test_jobs.py: itself)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial and ".pdf" in partial


def test_regenerate_makes_a_new_run_and_keeps_the_old(world, client):
    run = make(world, ReportKind.PROGRESS, "xlsx")
    client.force_login(world.users["cfg"])
    response = client.post(reverse("reports:run_regenerate", args=[world.region.slug, run.pk]))
    assert response.status_code == 302
    new = ReportRun.objects.exclude(pk=run.pk).get()
    assert new.regenerated_from == run and new.parameters == run.parameters
    assert new.status == RunStatus.DONE
    assert ReportRun.objects.filter(pk=run.pk, status=RunStatus.DONE).exists()


def test_municipal_contact_may_only_ask_for_its_own_factsheet(world, client):
    client.force_login(world.users["contact"])
    url = reverse("reports:request", args=[world.region.slug])
    form = client.get(url).context["form"]
    assert [c for c, _ in form.fields["kind"].choices] == ["factsheet"]
    assert [c for c, _ in form.fields["municipality"].choices] == [world.mun_a.code]
    response = client.post(
        url,
        {"kind": "factsheet", "format": "pdf", "municipality": world.mun_b.code, "tlp": "AMBER"},
    )
    assert response.status_code == 200  # refused by the form: not one of the choices
    assert not ReportRun.objects.exists()
    client.post(
        url,
        {"kind": "factsheet", "format": "pdf", "municipality": world.mun_a.code, "tlp": "AMBER"},
    )
    assert ReportRun.objects.get().municipality == world.mun_a


def test_other_municipality_cannot_download_a_factsheet(world, client):
    run = make(world, ReportKind.FACTSHEET, "pdf", municipality=world.mun_a.code)
    client.force_login(world.users["other_contact"])
    url = reverse("reports:run_download", args=[world.region.slug, run.pk, run.files.get().pk])
    assert client.get(url).status_code == 403
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED).exists()


def test_partners_see_only_reports_shared_with_them(world, client):
    amber = make(world, ReportKind.PROGRESS, "pdf")
    green = make(world, ReportKind.PROGRESS, "xlsx", tlp="GREEN")
    # a progress report holds no personal data, so a GREEN request stays GREEN
    assert green.tlp == TLP.GREEN
    client.force_login(world.users["partner"])
    runs = client.get(reverse("reports:index", args=[world.region.slug])).context["runs"]
    assert [r.pk for r in runs] == [green.pk]
    assert amber.pk not in [r.pk for r in runs]


def test_archive_page_query_count_does_not_grow_with_runs(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.users["board"])
    url = reverse("reports:index", args=[world.region.slug])
    for n in (2, 30):
        while ReportRun.objects.count() < n:
            ReportRun.objects.create(region=world.region, kind="progress", format="pdf")
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


# --- workflow, failures, stale runs -----------------------------------------------------------


# A run's moves, stated here and not read from the table under test.
RUN_MOVES = {
    ("queued", "running"),
    ("queued", "failed"),
    ("running", "done"),
    ("running", "failed"),
    ("running", "queued"),  # its worker died: taken again
    ("failed", "queued"),  # try again
}


@pytest.mark.parametrize(
    ("start", "to"),
    [(s, t) for s in ("queued", "running", "done", "failed") for t in RunStatus.values],
)
def test_run_transitions_are_exactly_these_moves(world, start, to):
    run = ReportRun(region=world.region, kind="progress", format="pdf", status=start)
    if (start, to) in RUN_MOVES:
        services.run_transition(run=run, to=to)
        assert run.status == to
    else:
        with pytest.raises(services.TransitionError):
            services.run_transition(run=run, to=to)


def test_a_failing_report_is_recorded_as_failed_with_a_dutch_reason(world, monkeypatch):
    def broken(run, **kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(production, "produce", broken)
    run = services.report_request(
        region=world.region, kind="progress", fmt="pdf", parameters={}, actor=None, enqueue=False
    )
    with pytest.raises(RuntimeError):
        services.report_process(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Er ging iets onverwachts mis" in run.error and "RuntimeError" in run.error
    assert not run.files.exists()
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_id=str(run.pk)).get()
    assert "printer on fire" in event.detail["exception"]


# --- plans on paper ---------------------------------------------------------------------------


def test_plan_edit_by_two_people_the_second_is_told_and_loses_nothing(world, client):
    plan = PlanCopy.objects.create(
        region=world.region, title="Crisisplan", paper_locations="Kast 1"
    )
    client.force_login(world.users["coordinator"])
    url = reverse("reports:plan_edit", args=[world.region.slug, plan.pk])
    data = {"title": "Crisisplan", "paper_locations": "Kast 2", "tlp": "AMBER", "is_active": "on"}
    assert client.post(url, {**data, "version": 1}).status_code == 302
    stale = client.post(url, {**data, "paper_locations": "Kast 3", "version": 1})
    assert stale.status_code == 200
    body = stale.content.decode()
    assert "Kast 3" in body and "Kast 2" in body  # mine still in the form, theirs shown
    plan.refresh_from_db()
    assert plan.paper_locations == "Kast 2" and plan.version == 2
    with pytest.raises(StaleEdit):
        services.plan_copy_save(plan=plan, actor=None, expected_version=1)


# --- the start page ---------------------------------------------------------------------------


def test_start_page_shows_binder_age_and_reminds_administrators(world, client, settings):
    settings.PARAAT_BINDER_MAX_AGE_DAYS = 14
    run = binder(world)
    finished_days_ago(run, 20)
    home = reverse("start:region_home", args=[world.region.slug])
    client.force_login(world.users["admin"])
    tasks = client.get(home).context["tasks"]
    task = next(t for t in tasks if t.title == "Noodmap")
    assert "20 dagen" in task.text and task.urgent
    client.force_login(world.users["board"])
    task = next(t for t in client.get(home).context["tasks"] if t.title == "Noodmap")
    assert "20 dagen" in task.text and not task.urgent
    finished_days_ago(run, 3)
    client.force_login(world.users["admin"])
    task = next(t for t in client.get(home).context["tasks"] if t.title == "Noodmap")
    assert not task.urgent


def test_the_dashboard_shows_the_binder_age_to_whoever_may_use_the_binder(world, client, settings):
    settings.PARAAT_BINDER_MAX_AGE_DAYS = 14
    dashboard = reverse("dashboard:overview", args=[world.region.slug])
    client.force_login(world.users["board"])
    html = client.get(dashboard).content.decode()
    assert "<dt>Noodmap</dt>" in html and "nog geen noodmap gemaakt" in html
    run = binder(world)
    finished_days_ago(run, 20)
    html = client.get(dashboard).content.decode()
    assert "20 dagen oud" in html and "ouder dan 14 dagen: maak een nieuwe" in html
    finished_days_ago(run, 1)
    html = client.get(dashboard).content.decode()
    assert "1 dag oud" in html and "maak een nieuwe" not in html
    client.force_login(world.users["partner"])
    response = client.get(dashboard)
    assert response.status_code != 200 or "<dt>Noodmap</dt>" not in response.content.decode()


def test_demo_plans_load_twice_without_duplicates(world):
    from paraat.reports.demo import load_demo

    load_demo(world.region, stdout=None)
    load_demo(world.region, stdout=None)
    assert PlanCopy.objects.filter(region=world.region).count() == 3


def test_files_are_kept_in_private_storage_not_under_static_or_media_url(world, settings):
    run = make(world, ReportKind.PROGRESS, "pdf")
    path = Path(run.files.get().file.path)
    assert path.is_file() and "reports" in path.parts


# --- with the demo data of every app (agreements, programme, support points) ------------------


@pytest.fixture
def demo_region(db):
    from paraat.accounts.demo import load_users
    from paraat.core.extensions import app_modules
    from paraat.regions.demo import load_region

    region = load_region()
    load_users(region)
    for module in app_modules("demo"):
        if module.__name__ not in {"paraat.regions.demo", "paraat.accounts.demo"}:
            module.load_demo(region, stdout=None)
    return region


def demo_make(region, kind, fmt, **parameters) -> ReportRun:
    run = services.report_generate(
        region=region, kind=kind, fmt=fmt, parameters=parameters, actor=None
    )
    assert run.status == RunStatus.DONE, run.error
    return run


def test_progress_report_on_demo_data_names_every_municipality_and_every_part(demo_region):
    from paraat.agreements.figures import live_tallies

    run = demo_make(demo_region, ReportKind.PROGRESS, "pdf", audience="steering")
    pages = pdf_pages(run_bytes(run))
    text = " ".join(" ".join(pages).split()).replace("’", "'")
    for municipality in demo_region.municipalities.all():
        assert municipality.name in text, municipality.name
    for heading in [
        "Samenvatting",
        "Kernambities en thematafels",
        "Voortgang van de gemeenten",
        "Stelselmatige achterstand en knelpunten",
        "Risico's en kansen",
        "Werk dat blijft liggen",
        "Gevraagde besluiten",
    ]:
        assert heading in text, heading
    assert "Nog niet beschikbaar" not in text
    # the figures are the agreements app's own, not a competing calculation
    apeldoorn = demo_region.municipalities.get(code="GM0200")
    figures = live_tallies(region=demo_region)[apeldoorn.pk]
    assert f"Apeldoorn {figures.items_applicable} {figures.items_achieved}" in text
    for number, page in enumerate(pages, start=1):
        assert "TLP:AMBER" in page and f"Pagina {number} van {len(pages)}" in page


def test_round_report_compares_the_closed_round_with_the_previous(demo_region):
    from paraat.agreements.selectors import closed_rounds

    latest, previous = closed_rounds(region=demo_region)[:2]
    run = demo_make(demo_region, ReportKind.ROUND, "xlsx", round=latest.pk)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(run_bytes(run)))
    sheet = book["Resultaten meetmoment"]
    header = [c.value for c in sheet[1]]
    assert "Vorig meetmoment" in header and "Verschil (procentpunten)" in header
    names = {row[0].value for row in sheet.iter_rows(min_row=2)}
    assert {m.name for m in demo_region.municipalities.all()} <= names
    pdf = demo_make(demo_region, ReportKind.ROUND, "pdf", round=latest.pk)
    text = " ".join(" ".join(pdf_pages(run_bytes(pdf))).split())
    assert latest.name in text and previous.name in text


def test_binder_on_demo_data_lists_support_points_with_coordinates(demo_region):
    run = demo_make(demo_region, ReportKind.BINDER, "pdf+html", municipality="GM0200")
    html = run_bytes(run, "html").decode("utf-8")
    assert "Noodsteunpunten in Apeldoorn" in html
    assert re.search(r"5\d\.\d{5}, [3-7]\.\d{5}", html), "coordinates"
    assert "Noodsteunpunten in Zutphen" not in html or "Coördinatiepunt" in html
    assert "Voortgang" in html
    for forbidden in ("http:", "https:", "//"):
        assert forbidden not in html.lower()


def test_reference_date_is_on_the_report_and_a_wrong_date_is_refused_in_dutch(world, tmp_path):
    from django.core.management import CommandError

    out = tmp_path / "r.pdf"
    call_command(
        "report",
        region="VR90",
        kind="progress",
        audience="cso",
        date="2026-01-15",
        format="pdf",
        out=out,
        stdout=io.StringIO(),
    )
    assert "peildatum 15 januari 2026" in " ".join(" ".join(pdf_pages(out.read_bytes())).split())
    with pytest.raises(CommandError, match="Geen datum"):
        call_command(
            "report", region="VR90", kind="progress", date="15-01-2026", format="pdf", out=out
        )


def test_binder_page_query_count_is_bounded(world, client, django_assert_max_num_queries):
    client.force_login(world.users["contact"])
    url = reverse("reports:binder", args=[world.region.slug])
    for n in (1, 15):
        while ReportRun.objects.filter(kind="binder").count() < n:
            ReportRun.objects.create(
                region=world.region,
                municipality=world.mun_a,
                kind="binder",
                format="pdf+html",
                status=RunStatus.DONE,
            )
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["latest"]) == 1


def test_progress_report_lists_only_the_bottlenecks_the_steering_group_must_act_on(world):
    from openpyxl import load_workbook

    from paraat.agreements.factories import (
        ActionItemFactory,
        AgreementSetFactory,
        CategoryFactory,
    )
    from paraat.agreements.services import status_update_record

    category = CategoryFactory(agreement_set=AgreementSetFactory(region=world.region))
    for number, party, text in (
        ("1.1", "region", "Wacht op de veiligheidsregio"),
        ("1.2", "municipality", "Geen capaciteit in de gemeente"),
    ):
        status_update_record(
            item=ActionItemFactory(category=category, number=number),
            municipality=world.mun_a,
            actor=world.users["contact"],
            expected_version=0,
            status="in_progress",
            explanation="uitleg",
            bottleneck=text,
            bottleneck_party=party,
        )
    progress = load_workbook(
        io.BytesIO(run_bytes(make(world, ReportKind.PROGRESS, "xlsx", audience="board")))
    )
    steering = [c.value for row in progress["Knelpunten"].iter_rows() for c in row]
    assert "Wacht op de veiligheidsregio" in steering
    assert "Geen capaciteit in de gemeente" not in steering
    factsheet = load_workbook(
        io.BytesIO(
            run_bytes(make(world, ReportKind.FACTSHEET, "xlsx", municipality=world.mun_a.code))
        )
    )
    own = [c.value for row in factsheet["Knelpunten"].iter_rows() for c in row]
    assert {"Wacht op de veiligheidsregio", "Geen capaciteit in de gemeente"} <= set(own)
