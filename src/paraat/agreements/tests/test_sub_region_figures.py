"""Issue 18: "plan against reality" filters and totals by sub-region; a region without
sub-regions shows none. Figures from the hand-worked data of the dashboard tests: Aadorp (A) 2 of
3 applicable achieved, 1 of 2 due achieved, 1 overdue; Beedorp (B) 1 of 4, 1 of 3 due, 2
overdue."""

import pytest

from django.test import Client
from django.urls import reverse

from paraat.dashboard.tests import data
from paraat.regions.models import Municipality, SubRegion

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(world):
    return data.build(world)


@pytest.fixture
def north(world, built):
    sub = SubRegion.objects.create(region=world.region, name="Noord")
    SubRegion.objects.create(region=world.region, name="Zuid")
    Municipality.objects.filter(pk=world.mun_a.pk).update(sub_region=sub)
    return sub


def page(world, persona="cfg", **query):
    client = Client()
    client.force_login(world.users[persona])
    response = client.get(reverse("agreements:figures", args=[world.region.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def workspace_link(world, municipality):
    return reverse("agreements:workspace", args=[world.region.slug, municipality.code])


def test_plan_against_reality_totals_per_sub_region(world, north):
    html = page(world)
    assert "De cijfers van de gemeenten opgeteld per deelregio" in html
    assert f'<a href="?sub_region={north.pk}">Noord</a>' in html
    assert "Geen deelregio" in html  # B is in none
    Municipality.objects.filter(pk=world.mun_b.pk).update(sub_region=north)
    html = page(world)
    # Noord is A and B together: due 1 + 1 of 2 + 3 achieved, overall 2 + 1 of 3 + 4
    assert f"{round(100 * 2 / 5)}% (2/5)" in html and f"{round(100 * 3 / 7)}% (3/7)" in html
    assert "Geen deelregio" not in html  # nobody is left out now


def test_plan_against_reality_filtered_by_sub_region(world, north):
    html = page(world, sub_region=north.pk)
    assert workspace_link(world, world.mun_a) in html
    assert workspace_link(world, world.mun_b) not in html
    assert "Alleen de gemeenten van deelregio Noord worden getoond." in html


def test_plan_against_reality_ignores_an_invalid_sub_region(world, north):
    for value in ("abc", "999999"):
        html = page(world, sub_region=value)
        assert "Selecteer een geldige keuze" in html
        assert workspace_link(world, world.mun_b) in html  # every municipality


def test_plan_against_reality_without_sub_regions_shows_none(world, built):
    html = page(world, sub_region="1")
    assert "deelregio" not in html.casefold() and 'name="sub_region"' not in html
    assert workspace_link(world, world.mun_a) in html and workspace_link(world, world.mun_b) in html
