"""The evaluation report (issue 18) as its readers get it: the tests open the produced DOCX and
PDF and read the sections and figures, worked out by hand below.

Period 1 January – 30 June 2026. Closed rounds (frozen results, due = items due / achieved):
    round           deadline     Aadorp (A)     Beedorp (B)    region itself
    Najaar 2025     31-10-2025   1/4  (25 %)    4/4            — (outside the period)
    Voorjaar 2026   31-03-2026   1/4  (25 %)    3/4  (75 %)    1/2 (50 %)
    Zomer 2026      15-06-2026   2/6  (33 %)    6/6  (100 %)   2/2 (100 %)
All municipalities: Voorjaar 4/8 = 50 %, overdue 4, achieved 9/20 = 45 %;
                    Zomer 8/12 = 67 %, overdue 4, achieved 12/20 = 60 %.
Below the lag threshold (50 %): Aadorp in both rounds of the period -> lagging after Zomer
2026 (the pair with Najaar 2025 falls outside the period, so it is not counted).
Trend per municipality: Aadorp 25 % -> 33 % (+8), Beedorp 75 % -> 100 % (+25), region +50.
Risks: B1 9 -> 16 (one change in the period), B2 new in the period (4), B3 only after it.
"""

import datetime as dt
import io

import pytest

from django.utils import timezone

from paraat.agreements.factories import AgreementSetFactory, MeasurementRoundFactory
from paraat.agreements.models import FollowUp, RoundResult, RoundState, SubmissionStatus
from paraat.programme import services as programme_services
from paraat.programme.factories import DeferredWorkFactory, RiskFactory, ThemeTableFactory
from paraat.programme.models import (
    Activity,
    ActivityUpdate,
    Evaluation,
    ProgrammeResult,
    RiskRevision,
    Status,
)
from paraat.reports import services
from paraat.reports.models import ReportKind, ReportRun, RunStatus

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


def closed_round(aset, name, deadline, rows):
    rnd = MeasurementRoundFactory(
        agreement_set=aset,
        name=name,
        opens_on=deadline - dt.timedelta(days=30),
        deadline=deadline,
        state=RoundState.CLOSED,
        closed_at=timezone.make_aware(dt.datetime.combine(deadline, dt.time(17))),
    )
    for municipality, applicable, achieved, due, due_achieved in rows:
        RoundResult.objects.create(
            round=rnd,
            municipality=municipality,
            submission_status=SubmissionStatus.ACCEPTED,
            items_total=applicable,
            items_applicable=applicable,
            items_achieved=achieved,
            items_due=due,
            items_due_achieved=due_achieved,
            items_overdue=due - due_achieved,
            lag_threshold=50,
        )
    return rnd


def at(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def revision(risk, day, likelihood, impact):
    rev = RiskRevision.objects.create(
        risk=risk, likelihood=likelihood, impact=impact, state=risk.state
    )
    RiskRevision.objects.filter(pk=rev.pk).update(at=at(day))


@pytest.fixture
def evaluation(world):
    a, b = world.mun_a, world.mun_b
    aset = AgreementSetFactory(region=world.region, lag_threshold=50)
    closed_round(aset, "Najaar 2025", dt.date(2025, 10, 31), [(a, 10, 2, 4, 1), (b, 10, 5, 4, 4)])
    closed_round(
        aset,
        "Voorjaar 2026",
        dt.date(2026, 3, 31),
        [(a, 10, 3, 4, 1), (b, 10, 6, 4, 3), (None, 4, 1, 2, 1)],
    )
    closed_round(
        aset,
        "Zomer 2026",
        dt.date(2026, 6, 15),
        [(a, 10, 4, 6, 2), (b, 10, 8, 6, 6), (None, 4, 2, 2, 2)],
    )
    FollowUp.objects.create(
        region=world.region,
        municipality=a,
        held_on=dt.date(2026, 4, 10),
        with_whom="Wethouder Aadorp",
        agreed="Plan van aanpak voor 1 juni",
    )
    FollowUp.objects.create(
        region=world.region,
        municipality=a,
        held_on=dt.date(2025, 11, 1),
        with_whom="Oud gesprek",
        agreed="Buiten de periode",
    )
    table = ThemeTableFactory(region=world.region, name="Informatievoorziening")
    done = Activity.objects.create(
        region=world.region, table=table, title="Proeftuin dashboard", status=Status.ACHIEVED
    )
    ActivityUpdate.objects.create(
        activity=done, date=dt.date(2026, 5, 1), status=Status.ACHIEVED, text="Klaar"
    )
    earlier = Activity.objects.create(
        region=world.region, table=table, title="Oude verkenning", status=Status.ACHIEVED
    )
    ActivityUpdate.objects.create(
        activity=earlier, date=dt.date(2025, 12, 1), status=Status.ACHIEVED, text="Klaar"
    )
    DeferredWorkFactory(table=table, region=world.region, task="Jaarverslag brandweer uitgesteld")
    ProgrammeResult.objects.create(
        region=world.region, number=1, title="Regionaal dashboard weerbaarheid", status="achieved"
    )
    rising = RiskFactory(region=world.region, kind="threat", number=1, title="Te weinig capaciteit")
    new = RiskFactory(region=world.region, kind="threat", number=2, title="Uitval datacentrum")
    later = RiskFactory(region=world.region, kind="threat", number=3, title="Pas na de periode")
    RiskRevision.objects.all().delete()
    revision(rising, dt.date(2025, 12, 1), 3, 3)
    revision(rising, dt.date(2026, 3, 1), 4, 4)
    revision(new, dt.date(2026, 2, 1), 2, 2)
    revision(later, dt.date(2026, 8, 1), 5, 5)
    coordinator = world.users["coordinator"]
    evaluation = programme_services.evaluation_create(
        evaluation=Evaluation(
            region=world.region,
            title="Evaluatie 2026",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 6, 30),
        ),
        actor=coordinator,
    )
    programme_services.evaluation_save(
        evaluation=evaluation,
        fields={
            "conclusions": "De gemeenten liggen grotendeels op koers.",
            "recommendations": "Oefen de noodmap\nBespreek Aadorp in de stuurgroep",
        },
        expected_number=0,
        actor=coordinator,
    )
    return evaluation


def make(world, evaluation, fmt) -> bytes:
    run = services.report_generate(
        region=world.region,
        kind=ReportKind.EVALUATION,
        fmt=fmt,
        parameters={"evaluation": evaluation.pk},
        actor=world.users["coordinator"],
    )
    assert run.status == RunStatus.DONE, run.error
    with run.files.get().file.open("rb") as f:
        return f.read()


def tables_of(word) -> dict[str, list[list[str]]]:
    """Every table by its first header cell plus the row texts."""
    return {
        t.rows[0].cells[0].text + "|" + t.rows[0].cells[-1].text: [
            [c.text for c in row.cells] for row in t.rows
        ]
        for t in word.tables
    }


def test_docx_has_the_evaluation_sections_and_the_frozen_figures_of_the_period(world, evaluation):
    from docx import Document

    word = Document(io.BytesIO(make(world, evaluation, "docx")))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    for heading in [
        "Over deze evaluatie",
        "Meetmomenten in de periode",
        "Stelselmatige achterstand en opvolging",
        "Resultaten van de thematafels",
        "Programmaresultaten",
        "Risico's en kansen over de periode",
        "Conclusies",
        "Aanbevelingen",
    ]:
        assert heading in headings, heading
    rows = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    # the municipalities together per round (only the rounds of the period)
    assert ["Voorjaar 2026", "31 maart 2026", "8", "4", "50%", "45%", "4", "1"] in rows
    assert ["Zomer 2026", "15 juni 2026", "12", "8", "67%", "60%", "4", "1"] in rows
    assert not any(row[0] == "Najaar 2025" for row in rows)
    # the trend per municipality, and the region's own track
    assert ["Aadorp", "25%", "33%", "+8"] in rows
    assert ["Beedorp", "75%", "100%", "+25"] in rows
    assert ["Testland", "50%", "100%", "+50"] in rows or any(
        row[1:] == ["50%", "100%", "+50"] for row in rows
    )
    # systematic lag within the period and its follow-up
    assert ["Aadorp", "Zomer 2026", "ja"] in rows
    assert not any(row[0] == "Beedorp" and row[-1] in ("ja", "nee") for row in rows)
    follow = [row for row in rows if "Wethouder Aadorp" in row]
    assert follow and "10 april 2026" in follow[0]
    assert not any("Oud gesprek" in row for row in rows)
    # theme tables: completed in the period, deferred work, programme results
    assert any("Proeftuin dashboard" in row for row in rows)
    assert not any("Oude verkenning" in row for row in rows)
    assert any("Jaarverslag brandweer uitgesteld" in row for row in rows)
    assert any("Regionaal dashboard weerbaarheid" in row for row in rows)
    # the risks' history
    assert ["B1", "Te weinig capaciteit", "9", "16", "open", "1"] in rows
    assert ["B2", "Uitval datacentrum", "nieuw", "4", "open", "1"] in rows
    assert not any("Pas na de periode" in row for row in rows)
    # the written text, the recommendations one per line
    text = "\n".join(p.text for p in word.paragraphs)
    assert "De gemeenten liggen grotendeels op koers." in text
    assert "Oefen de noodmap" in text and "Bespreek Aadorp in de stuurgroep" in text
    assert "concept" in text and "versie 1" in text
    assert "TLP:AMBER" in word.sections[0].header.paragraphs[0].text


def test_pdf_is_tagged_and_carries_the_sections_figures_and_label(world, evaluation):
    from pypdf import PdfReader

    data = make(world, evaluation, "pdf")
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl" and "/StructTreeRoot" in root
    pages = [page.extract_text() for page in reader.pages]
    text = " ".join(" ".join(pages).split())
    for part in [
        "Evaluatie 2026",
        "1 januari 2026 – 30 juni 2026",
        "Meetmomenten in de periode",
        "Van 50% van de verlopen actiepunten gerealiseerd bij Voorjaar 2026 naar 67% bij "
        "Zomer 2026.",
        "Conclusies",
        "De gemeenten liggen grotendeels op koers.",
        "Aanbevelingen",
    ]:
        assert part in text, part
    for page in pages:
        assert "TLP:AMBER" in page


def test_the_report_label_follows_the_evaluation_and_only_text_readers_read_it(
    world, evaluation, client
):
    from django.urls import reverse

    Evaluation.objects.filter(pk=evaluation.pk).update(tlp="AMBER+STRICT")
    make(world, evaluation, "docx")
    run = ReportRun.objects.get(kind=ReportKind.EVALUATION)
    assert run.tlp == "AMBER+STRICT"
    url = reverse("reports:run_detail", args=[world.region.slug, run.pk])
    client.force_login(world.users["coordinator"])
    assert client.get(url).status_code == 200
    client.force_login(world.users["contact"])
    assert client.get(url).status_code == 403


def test_the_evaluation_page_makes_the_report_through_the_queue_and_lists_it(
    world, evaluation, client
):
    from django.urls import reverse

    page = reverse("reports:evaluation", args=[world.region.slug, evaluation.pk])
    client.force_login(world.users["coordinator"])
    response = client.post(page, {"format": "pdf", "tlp": "AMBER"})
    run = ReportRun.objects.get(kind=ReportKind.EVALUATION)
    assert response.status_code == 302
    assert run.parameters["evaluation"] == evaluation.pk
    assert run.status == RunStatus.DONE  # the tests' queue runs jobs at once
    assert (
        reverse("reports:run_detail", args=[world.region.slug, run.pk])
        in client.get(page).content.decode()
    )
    client.force_login(world.users["steering"])  # reads, does not make
    assert client.post(page, {"format": "docx", "tlp": "AMBER"}).status_code == 403
    assert ReportRun.objects.filter(kind=ReportKind.EVALUATION).count() == 1


def test_an_evaluation_of_another_region_is_refused_in_dutch(world, evaluation):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.report_request(
            region=world.other_region,
            kind=ReportKind.EVALUATION,
            fmt="pdf",
            parameters={"evaluation": evaluation.pk},
            actor=world.users["outsider"],
        )
    assert "hoort niet bij" in " ".join(refused.value.messages)
