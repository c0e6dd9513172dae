"""Issue 18/20 on the register of emergency support points: its filters are a form (list and
export alike), it filters by sub-region, and the export carries a sub-region column that the
import skips; a region without sub-regions shows none."""

import csv
import io

import pytest
from openpyxl import load_workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from paraat.regions.models import Municipality, SubRegion
from paraat.supportpoints import services
from paraat.supportpoints.factories import SupportPointFactory
from paraat.supportpoints.files import read_table
from paraat.supportpoints.models import SupportPoint

pytestmark = pytest.mark.django_db


def login(world, persona="board") -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def list_url(world):
    return reverse("supportpoints:point_list", args=[world.region.slug])


def export_url(world, fmt="csv"):
    return reverse("supportpoints:point_export", args=[world.region.slug, fmt])


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def points(world, checklist):
    return [
        SupportPointFactory(municipality=world.mun_a, name="Dorpshuis Aadorp"),
        SupportPointFactory(municipality=world.mun_b, name="Sporthal Beedorp"),
    ]


@pytest.fixture
def north(world):
    sub = SubRegion.objects.create(region=world.region, name="Noord")
    Municipality.objects.filter(pk=world.mun_a.pk).update(sub_region=sub)
    return sub


def test_register_filtered_by_sub_region_on_the_page_and_in_the_export(world, points, north):
    client = login(world)
    html = client.get(list_url(world), {"sub_region": north.pk}).content.decode()
    assert "Dorpshuis Aadorp" in html and "Sporthal Beedorp" not in html
    assert f'<option value="{north.pk}" selected>Noord</option>' in html
    rows = csv_rows(client.get(export_url(world), {"sub_region": north.pk}))
    at = rows[0].index("Gemeente")
    assert rows[0][at + 1] == "Deelregio"
    assert [(r[1], r[at], r[at + 1]) for r in rows[1:]] == [("Dorpshuis Aadorp", "Aadorp", "Noord")]
    rows = csv_rows(client.get(export_url(world)))  # unfiltered: B in no sub-region
    assert [(r[1], r[at + 1]) for r in rows[1:]] == [
        ("Dorpshuis Aadorp", "Noord"),
        ("Sporthal Beedorp", ""),
    ]


def test_the_export_with_its_sub_region_column_imports_again(world, points, north):
    xlsx = login(world, "coordinator").get(export_url(world, "xlsx")).content
    assert "Deelregio" in [c.value for c in load_workbook(io.BytesIO(xlsx)).active[1]]
    table = read_table(SimpleUploadedFile("punten.xlsx", xlsx))
    created, updated = services.points_import(
        region=world.region, table=table, actor=world.users["coordinator"]
    )
    assert (created, updated) == (0, 2)
    assert SupportPoint.objects.filter(region=world.region).count() == 2


def test_a_region_without_sub_regions_has_no_sub_region_filter_or_column(world, points):
    client = login(world)
    html = client.get(list_url(world)).content.decode()
    assert 'name="sub_region"' not in html and "deelregio" not in html.casefold()
    rows = csv_rows(client.get(export_url(world), {"sub_region": "1"}))
    assert "Deelregio" not in rows[0]
    assert [r[1] for r in rows[1:]] == ["Dorpshuis Aadorp", "Sporthal Beedorp"]


@pytest.mark.parametrize(
    "query",
    [{"sub_region": "abc"}, {"kind": "castle"}, {"municipality": "999999"}, {"missing": "x"}],
    ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()),
)
def test_invalid_register_filters_are_ignored_with_a_dutch_error(world, points, north, query):
    client = login(world)
    response = client.get(list_url(world), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Selecteer een geldige keuze" in html
    assert "Dorpshuis Aadorp" in html and "Sporthal Beedorp" in html
    rows = csv_rows(client.get(export_url(world), query))
    assert [r[1] for r in rows[1:]] == ["Dorpshuis Aadorp", "Sporthal Beedorp"]


def test_who_is_not_in_the_region_gets_no_filtered_register(world, points, north):
    for persona in ("outsider", "national"):
        client = login(world, persona)
        assert client.get(list_url(world), {"sub_region": north.pk}).status_code == 403
        assert client.get(export_url(world), {"sub_region": north.pk}).status_code == 403
