"""A municipality that merged away is archived (issue 13): it leaves every list of the present —
dashboard overview and map, municipality list, support points, round planning, contacts, exports
of the current state — while its own page and the closed rounds' frozen results keep it.

Data: the world's region, Aadorp (A) and Beedorp (B), one municipal action item. Round "Voorjaar
2026" closes with B's status; then B is archived, as `region_setup` does with a newer year's
reference data (tested in regions/tests/test_setup_region.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from django.test import Client
from django.urls import reverse

from paraat.agreements import services
from paraat.agreements.factories import ActionItemFactory, AgreementSetFactory, CategoryFactory
from paraat.agreements.models import MeasurementRound, Status, Submission
from paraat.regions.factories import ContactFactory
from paraat.regions.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(world):
    cfg = world.users["cfg"]
    agreement_set = AgreementSetFactory(region=world.region)
    category = CategoryFactory(agreement_set=agreement_set, name="Risicobeeld")
    item = ActionItemFactory(category=category, number="1.1", due_year=2026, due_quarter=1)
    closed = services.round_create(
        region=world.region,
        name="Voorjaar 2026",
        opens_on=dt.date(2026, 5, 1),
        deadline=dt.date(2026, 6, 15),
        actor=cfg,
    )
    services.status_update_record(
        item=item,
        municipality=world.mun_b,
        actor=cfg,
        expected_version=0,
        status=Status.ACHIEVED,
        today=dt.date(2026, 5, 10),
        explanation="Beedorp op orde",
    )
    services.round_close(measurement_round=closed, actor=cfg)
    ContactFactory(region=world.region, municipality=world.mun_b, name="Bea Beedorp")
    Municipality.objects.filter(pk=world.mun_b.pk).update(archived_on=dt.date(2027, 1, 1))
    return {"closed": closed, "item": item}


def page(world, persona: str, name: str, *args, query: str = "") -> str:
    client = Client()
    client.force_login(world.users[persona])
    response = client.get(reverse(name, args=[world.region.slug, *args]) + query)
    assert response.status_code == 200, (name, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("dashboard:overview", ()),
        ("dashboard:export", ("municipalities", "csv")),
        ("regions:municipality_list", ()),
        ("regions:contact_list", ()),
        ("supportpoints:municipality_overview", ()),
        ("supportpoints:point_create", ()),
        ("agreements:figures", ()),
    ],
)
def test_archived_municipality_is_not_in_lists_of_the_present(world, merged, name, args):
    body = page(world, "admin", name, *args)
    if name == "regions:municipality_list":  # the archived ones below the table, as such
        body, archived = body.split("</table>", 1)
        assert "Beedorp</a> (GM9002, gearchiveerd op 1 januari 2027)" in archived
    assert "Aadorp" in body  # the list is there ...
    assert "Beedorp" not in body  # ... without the archived municipality
    assert "Bea Beedorp" not in body


def test_a_new_round_is_planned_without_the_archived_municipality(world, merged):
    round_ = services.round_create(
        region=world.region,
        name="Voorjaar 2027",
        opens_on=dt.date(2027, 5, 1),
        deadline=dt.date(2027, 6, 15),
        actor=world.users["cfg"],
    )
    assert list(
        Submission.objects.filter(round=round_).values_list("municipality__name", flat=True)
    ) == ["Aadorp"]
    body = page(world, "cfg", "agreements:round_detail", round_.pk)
    assert "Aadorp" in body and "Beedorp" not in body


def test_archived_municipality_keeps_its_page_and_its_closed_round(world, merged):
    closed = merged["closed"]
    assert page(world, "admin", "regions:municipality_detail", "gm9002").count("Beedorp") >= 1
    assert "Beedorp" in page(world, "admin", "dashboard:municipality", "GM9002")
    assert "Beedorp" in page(world, "cfg", "agreements:round_detail", closed.pk)
    frozen = page(world, "admin", "dashboard:overview", query=f"?round={closed.pk}")
    assert "Beedorp" in frozen and "Aadorp" in frozen
    assert (
        MeasurementRound.objects.get(pk=closed.pk).results.filter(municipality=world.mun_b).exists()
    )


def test_an_existing_support_point_keeps_its_archived_municipality_when_edited(world, merged):
    from paraat.supportpoints.factories import SupportPointFactory

    point = SupportPointFactory(municipality=world.mun_b, name="Dorpshuis Beedorp")
    edit = page(world, "admin", "supportpoints:point_edit", point.pk)
    assert f'<option value="{world.mun_b.pk}" selected>Beedorp</option>' in edit
    assert "Beedorp" not in page(world, "admin", "supportpoints:point_create")
