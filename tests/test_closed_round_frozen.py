"""A closed round stays frozen: its figures come from what the real `round_close` froze, and no
edit of the live action list (items added, withdrawn and restored, categories renamed, items
moved, due quarters and statuses changed) changes a table or an export of that round.

Data (world region, Aadorp = A, Beedorp = B; items due by a round's deadline are marked *):

    item  category         owner         due       R1 (deadline 15 Jun 2026)   R2 (15 Dec 2026)
    1.1   Risicobeeld      municipality  Q1 2026*  A achieved, B in progress   B achieved
    1.2   Risicobeeld      municipality  Q3 2026   A in progress               (due in R2)
    1.3   Risicobeeld      municipality  Q4 2025*  A achieved
    2.1   Noodsteunpunten  joint         Q1 2026*  A not applicable, region started
    2.2   Noodsteunpunten  municipality  Q2 2027   A started
    R.1   Noodsteunpunten  region        Q1 2026*  region achieved

Worked out by hand for R1: A has 5 items, 4 applicable, 2 achieved; due 1.1, 1.3 (2.1 is not
applicable): 2 of 2. B: 5 items, all applicable, none achieved; due 1.1, 1.3, 2.1: 0 of 3.
The region itself: R.1 and 2.1, both due, 1 of 2 achieved.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest

from django.test import Client
from django.urls import reverse

from paraat.agreements import services
from paraat.agreements.factories import ActionItemFactory, AgreementSetFactory, CategoryFactory
from paraat.agreements.models import (
    ItemProgress,
    MeasurementRound,
    OwnerType,
    RoundResult,
    Status,
    Submission,
)
from paraat.dashboard import selectors
from paraat.reports.sections import ReportContext, section_round

pytestmark = pytest.mark.django_db

TABLES = ("matrix", "municipalities", "items", "own", "trend")


def set_status(item, municipality, status, actor, today):
    progress = ItemProgress.objects.filter(item=item, municipality=municipality).first()
    services.status_update_record(
        item=item,
        municipality=municipality,
        actor=actor,
        expected_version=progress.version if progress else 0,
        status=status,
        today=today,
        not_applicable_reason="nvt",
        explanation="uitleg",
    )


@pytest.fixture
def rounds(world):
    cfg, contact = world.users["cfg"], world.users["contact"]
    agreement_set = AgreementSetFactory(region=world.region, lag_threshold=50)
    risk = CategoryFactory(agreement_set=agreement_set, name="Risicobeeld", order=1)
    points = CategoryFactory(agreement_set=agreement_set, name="Noodsteunpunten", order=2)
    items = {
        "1.1": ActionItemFactory(category=risk, number="1.1", due_year=2026, due_quarter=1),
        "1.2": ActionItemFactory(category=risk, number="1.2", due_year=2026, due_quarter=3),
        "1.3": ActionItemFactory(category=risk, number="1.3", due_year=2025, due_quarter=4),
        "2.1": ActionItemFactory(
            category=points, number="2.1", due_year=2026, due_quarter=1, owner_type="joint"
        ),
        "2.2": ActionItemFactory(category=points, number="2.2", due_year=2027, due_quarter=2),
        "R.1": ActionItemFactory(
            category=points, number="R.1", due_year=2026, due_quarter=1, owner_type="region"
        ),
    }
    r1 = services.round_create(
        region=world.region,
        name="Voorjaar 2026",
        opens_on=dt.date(2026, 5, 1),
        deadline=dt.date(2026, 6, 15),
        actor=cfg,
    )
    day = dt.date(2026, 5, 10)
    a, b = world.mun_a, world.mun_b
    for number, status in [
        ("1.1", Status.ACHIEVED),
        ("1.2", Status.IN_PROGRESS),
        ("1.3", Status.ACHIEVED),
        ("2.1", Status.NOT_APPLICABLE),
        ("2.2", Status.STARTED),
    ]:
        set_status(items[number], a, status, contact, day)
    set_status(items["1.1"], b, Status.IN_PROGRESS, cfg, day)
    set_status(items["R.1"], None, Status.ACHIEVED, cfg, day)
    set_status(items["2.1"], None, Status.STARTED, cfg, day)
    services.submission_submit(
        submission=Submission.objects.get(round=r1, municipality=a), actor=contact
    )
    services.round_close(measurement_round=r1, actor=cfg)
    r2 = services.round_create(
        region=world.region,
        name="Najaar 2026",
        opens_on=dt.date(2026, 11, 1),
        deadline=dt.date(2026, 12, 15),
        actor=cfg,
    )
    set_status(items["1.1"], b, Status.ACHIEVED, cfg, dt.date(2026, 11, 5))
    services.round_close(measurement_round=r2, actor=cfg)
    return {
        "set": agreement_set,
        "risk": risk,
        "points": points,
        "items": items,
        "r1": r1,
        "r2": r2,
    }


def edit_the_live_list(world, rounds):
    """Everything an administrator, the CFG and the municipalities may do after the rounds
    closed, including a new lag threshold."""
    cfg, contact = world.users["cfg"], world.users["contact"]
    items, day = rounds["items"], dt.date(2027, 1, 10)
    services.action_item_create(
        agreement_set=rounds["set"],
        actor=cfg,
        category=rounds["risk"],
        number="1.4",
        text="Nieuw actiepunt",
        owner_type=OwnerType.MUNICIPALITY,
        due_year=2025,
        due_quarter=1,
    )
    services.action_item_create(
        agreement_set=rounds["set"],
        actor=cfg,
        category=rounds["points"],
        number="2.3",
        text="Nieuw gezamenlijk actiepunt",
        owner_type=OwnerType.JOINT,
        due_year=2025,
        due_quarter=2,
    )
    services.action_item_withdraw(item=items["1.1"], reason="vervallen", actor=cfg)
    services.action_item_withdraw(item=items["1.3"], reason="even weg", actor=cfg)
    services.action_item_restore(item=items["1.3"], reason="toch nodig", actor=cfg)
    rounds["risk"].name = "Risicobeeld en crisisplan"
    rounds["risk"].order = 3
    services.category_save(category=rounds["risk"], actor=cfg)
    item = items["2.2"]
    item.refresh_from_db()
    services.action_item_update(
        item=item,
        version=item.version,
        actor=cfg,
        category=rounds["risk"],
        text="Anders geformuleerd",
        due_year=2025,
        due_quarter=1,
    )
    rounds["set"].lag_threshold = 90  # the closed rounds keep the standing they had
    services.agreement_set_save(agreement_set=rounds["set"], actor=cfg)
    set_status(items["1.2"], world.mun_a, Status.ACHIEVED, contact, day)
    set_status(items["2.2"], world.mun_a, Status.NOT_APPLICABLE, contact, day)
    set_status(items["2.1"], world.mun_b, Status.ACHIEVED, cfg, day)
    services.status_update_record(
        item=items["R.1"],
        municipality=None,
        actor=cfg,
        expected_version=ItemProgress.objects.get(item=items["R.1"], municipality=None).version,
        status=Status.IN_PROGRESS,
        today=day,
        explanation="toch niet klaar",
    )


def _tables(html: str) -> list[str]:
    """The tables, the category filter and the lead sentence of a page: what shows figures."""
    parts = re.findall(r"<table.*?</table>", html, flags=re.S)
    parts += re.findall(r'<select name="category".*?</select>', html, flags=re.S)
    parts += re.findall(r'<p class="lead">.*?</p>', html, flags=re.S)
    return parts


def _xlsx_content(data: bytes) -> dict[str, bytes]:
    """Every part of the workbook except its creation/modification times."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def everything_of(world, rounds) -> dict:
    """Every table and export of the two closed rounds."""
    client = Client()
    client.force_login(world.users["cfg"])
    slug = world.region.slug
    out = {}
    for key in ("r1", "r2"):
        rnd = rounds[key]
        query = {"round": rnd.pk}
        page = client.get(reverse("dashboard:overview", args=[slug]), query)
        assert page.status_code == 200
        out[f"{key} overview"] = _tables(page.content.decode())
        for table in TABLES:
            url = reverse("dashboard:export", args=[slug, table, "csv"])
            response = client.get(url, query)
            assert response.status_code == 200
            out[f"{key} {table}.csv"] = response.content
            url = reverse("dashboard:export", args=[slug, table, "xlsx"])
            response = client.get(url, query)
            assert response.status_code == 200
            out[f"{key} {table}.xlsx"] = _xlsx_content(response.content)
        ctx = ReportContext(world.region, round_id=rnd.pk, reference_date=dt.date(2027, 1, 1))
        out[f"{key} report"] = repr(section_round(ctx))
    pair = {"first": rounds["r1"].pk, "second": rounds["r2"].pk}
    page = client.get(reverse("dashboard:compare", args=[slug]), pair)
    assert page.status_code == 200
    out["compare"] = _tables(page.content.decode())
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("dashboard:export", args=[slug, "compare", fmt]), pair)
        assert response.status_code == 200
        out[f"compare.{fmt}"] = (
            response.content if fmt == "csv" else _xlsx_content(response.content)
        )
    page = client.get(reverse("dashboard:municipality", args=[slug, world.mun_a.code]))
    assert page.status_code == 200
    trend = [t for t in _tables(page.content.decode()) if "per gesloten meetmoment" in t]
    assert len(trend) == 1
    out["municipality trend"] = trend
    return out


def test_dashboard_figures_of_a_closed_round_equal_its_round_results(world, rounds):
    for key in ("r1", "r2"):
        o = selectors.region_overview(
            region=world.region, filters=selectors.Filters(round_id=rounds[key].pk)
        )
        results = {r.municipality_id: r for r in RoundResult.objects.filter(round=rounds[key])}
        tallies = [(row.municipality.pk, row.tally) for row in o.municipalities]
        tallies.append((None, o.own))
        for mid, t in tallies:
            r = results[mid]
            assert (
                t.items_total,
                t.items_applicable,
                t.items_achieved,
                t.items_due,
                t.items_due_achieved,
                t.items_overdue,
            ) == (
                r.items_total,
                r.items_applicable,
                r.items_achieved,
                r.items_due,
                r.items_due_achieved,
                r.items_overdue,
            )


def test_round_close_freezes_the_figures_worked_out_by_hand(world, rounds):
    def figures(mid):
        r = RoundResult.objects.get(round=rounds["r1"], municipality_id=mid)
        return (r.items_total, r.items_applicable, r.items_achieved, r.items_due)

    assert figures(world.mun_a.pk) == (5, 4, 2, 2)
    assert figures(world.mun_b.pk) == (5, 5, 0, 3)
    assert figures(None) == (2, 2, 1, 2)
    r = RoundResult.objects.get(round=rounds["r1"], municipality=world.mun_b)
    assert (r.items_due_achieved, r.items_overdue) == (0, 3)


def test_every_table_and_export_of_a_closed_round_survives_live_edits(world, rounds):
    before = everything_of(world, rounds)
    live_before = _tables(
        _client(world).get(reverse("dashboard:overview", args=[world.region.slug])).content.decode()
    )
    edit_the_live_list(world, rounds)
    after = everything_of(world, rounds)
    live_after = _tables(
        _client(world).get(reverse("dashboard:overview", args=[world.region.slug])).content.decode()
    )
    assert live_after != live_before  # the edits did reach the live figures …
    for key in before:
        assert after[key] == before[key], key  # … and none of the closed rounds'
    # the frozen names, not the live ones
    assert "Risicobeeld" in "".join(after["r1 overview"])
    assert "Risicobeeld en crisisplan" not in "".join(after["r1 overview"])
    assert "1.4" not in after["r1 items.csv"].decode()


def _client(world, persona="cfg"):
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_the_page_names_the_closed_round_it_shows(world, rounds):
    response = _client(world).get(
        reverse("dashboard:overview", args=[world.region.slug]), {"round": rounds["r1"].pk}
    )
    assert response.status_code == 200
    lead = re.search(r'<p class="lead">(.*?)</p>', response.content.decode(), flags=re.S)
    assert "Voorjaar 2026" in lead.group(1)
    assert "15 juni 2026" in lead.group(1)


@pytest.mark.parametrize("which", ["open", "other region", "missing", "text"])
def test_a_round_that_is_not_a_closed_round_of_the_region_is_not_found(world, rounds, which):
    from paraat.agreements.factories import MeasurementRoundFactory

    if which == "open":
        value = services.round_create(
            region=world.region,
            name="Voorjaar 2027",
            opens_on=dt.date(2027, 5, 1),
            deadline=dt.date(2027, 6, 15),
            actor=world.users["cfg"],
        ).pk
    elif which == "other region":
        elsewhere = AgreementSetFactory(region=world.other_region)
        value = MeasurementRoundFactory(agreement_set=elsewhere, state="closed").pk
    elif which == "missing":
        value = MeasurementRound.objects.order_by("-pk").first().pk + 100
    else:
        value = "abc"
    client = _client(world)
    slug = world.region.slug
    response = client.get(reverse("dashboard:overview", args=[slug]), {"round": value})
    assert response.status_code == 404
    response = client.get(
        reverse("dashboard:export", args=[slug, "items", "csv"]), {"round": value}
    )
    assert response.status_code == 404


def test_a_closed_round_overview_reads_no_live_action_items(
    world, rounds, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(world)
    url = reverse("dashboard:overview", args=[world.region.slug])
    with django_assert_max_num_queries(15), CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"round": rounds["r1"].pk}).status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "agreements_actionitem" not in tables
    assert "agreements_itemprogress" not in tables
    assert "agreements_category" not in tables
