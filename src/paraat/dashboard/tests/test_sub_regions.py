"""Issue 18 (sub-regions) and issue 20 (filters are forms) on the dashboard and the workspace.

The hand-worked data of `data.py`: Aadorp (A) 2 of 3 applicable items achieved, 1 of 2 due items
achieved, 1 overdue, "achter"; Beedorp (B) 1 of 4, 1 of 3 due, 2 overdue, "ver achter". Here A
lies in sub-region Noord and B in Zuid; the expected totals are worked out below from those
numbers, never read from the code under test.
"""

import csv
import io

import pytest
from openpyxl import load_workbook

from django.test import Client
from django.urls import reverse

from paraat.regions.models import Municipality, SubRegion

from . import data

pytestmark = pytest.mark.django_db

A = {"applicable": 3, "achieved": 2, "due": 2, "due_achieved": 1, "standing": "achter"}
B = {"applicable": 4, "achieved": 1, "due": 3, "due_achieved": 1, "standing": "ver achter"}


def _percent(part, whole):
    return str(round(100 * part / whole))


def _row(name, municipalities, *figures):
    """A sub-region's export row, added up here from the municipalities' hand-worked figures."""
    applicable = sum(f["applicable"] for f in figures)
    achieved = sum(f["achieved"] for f in figures)
    due = sum(f["due"] for f in figures)
    due_achieved = sum(f["due_achieved"] for f in figures)
    return [
        name,
        str(municipalities),
        str(applicable),
        str(achieved),
        _percent(achieved, applicable),
        str(due),
        str(due_achieved),
        _percent(due_achieved, due),
        str(due - due_achieved),
    ]


@pytest.fixture
def built(world):
    return data.build(world)


@pytest.fixture
def subs(world, built):
    north = SubRegion.objects.create(region=world.region, name="Noord", order=1)
    south = SubRegion.objects.create(region=world.region, name="Zuid", order=2)
    Municipality.objects.filter(pk=world.mun_a.pk).update(sub_region=north)
    Municipality.objects.filter(pk=world.mun_b.pk).update(sub_region=south)
    return {"north": north, "south": south}


def client_for(world, persona="board"):
    client = Client()
    client.force_login(world.users[persona])
    return client


def overview_url(world):
    return reverse("dashboard:overview", args=[world.region.slug])


def export(client, world, table, fmt="csv", **query):
    response = client.get(reverse("dashboard:export", args=[world.region.slug, table, fmt]), query)
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]


def municipality_link(world, municipality):
    return reverse("dashboard:municipality", args=[world.region.slug, municipality.code])


# --- totals per sub-region -----------------------------------------------------------------------


def test_overview_totals_the_municipalities_per_sub_region(client, world, subs):
    html = client_for(world).get(overview_url(world)).content.decode()
    assert "Per deelregio" in html
    assert f"?sub_region={subs['north'].pk}" in html  # each sub-region links to its filter
    rows = export(client_for(world), world, "sub_regions")
    assert rows[0][:2] == ["Deelregio", "Gemeenten"]
    assert [r[:9] for r in rows[1:]] == [_row("Noord", 1, A), _row("Zuid", 1, B)]
    assert [r[9] for r in rows[1:]] == [A["standing"], B["standing"]]


def test_a_sub_region_of_two_municipalities_adds_their_items_up(client, world, subs):
    Municipality.objects.filter(pk=world.mun_b.pk).update(sub_region=subs["north"])
    rows = export(client_for(world), world, "sub_regions", "xlsx")
    # Zuid is empty now: no applicable items, so no share
    assert rows[1][:9] == _row("Noord", 2, A, B)
    assert rows[2][:4] == ["Zuid", "0", "0", "0"] and rows[2][4] == ""


def test_municipalities_in_no_sub_region_are_totalled_apart(client, world, subs):
    Municipality.objects.filter(pk=world.mun_b.pk).update(sub_region=None)
    rows = export(client_for(world), world, "sub_regions")
    assert [r[:9] for r in rows[1:]] == [
        _row("Noord", 1, A),
        ["Zuid", "0", "0", "0", "", "0", "0", "", "0"],
        _row("Geen deelregio", 1, B),
    ]


def test_item_filters_apply_to_the_sub_region_totals(client, world, built, subs):
    # only item 2.1 is joint: A has it in progress (due), B not started (due)
    rows = export(client_for(world), world, "sub_regions", owner="joint")
    assert [r[:9] for r in rows[1:]] == [
        ["Noord", "1", "1", "0", "0", "1", "0", "0", "1"],
        ["Zuid", "1", "1", "0", "0", "1", "0", "0", "1"],
    ]


# --- filtering by sub-region ---------------------------------------------------------------------


def test_overview_filtered_by_sub_region_shows_only_its_municipalities(client, world, subs):
    response = client_for(world).get(overview_url(world), {"sub_region": subs["north"].pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert municipality_link(world, world.mun_a) in html
    assert municipality_link(world, world.mun_b) not in html  # not in the matrix, map or trend
    assert f'<option value="{subs["north"].pk}" selected>Noord</option>' in html
    assert "Alleen de gemeenten van deelregio Noord worden getoond." in html
    # the headline is A's alone: 2 of 3 applicable items
    assert f"{A['achieved']} van {A['applicable']} actiepunten, de gemeenten van Noord" in html
    # the export links carry the filter
    export_url = reverse("dashboard:export", args=[world.region.slug, "municipalities", "csv"])
    assert f"{export_url}?sub_region={subs['north'].pk}" in html


def test_exports_carry_the_sub_region_filter_and_column(client, world, subs):
    client = client_for(world)
    rows = export(client, world, "municipalities", sub_region=subs["south"].pk)
    assert rows[0][:2] == ["Gemeente", "Deelregio"]
    assert [r[:2] for r in rows[1:]] == [["Beedorp", "Zuid"]]
    assert rows[1][2:6] == ["4", "4", "1", "25"]  # items, applicable, achieved, share
    rows = export(client, world, "matrix", "xlsx")
    assert [r[:3] for r in rows[1:]] == [["Aadorp", "Noord", "67"], ["Beedorp", "Zuid", "25"]]
    rows = export(client, world, "matrix", "xlsx", sub_region=subs["north"].pk)
    assert [r[:3] for r in rows[1:]] == [["Aadorp", "Noord", "67"]]
    rows = export(client, world, "trend", sub_region=subs["north"].pk)
    # the sub-region's line, the region itself, then its municipality: R1 33 %, R2 67 %
    assert rows[0][:2] == ["Gemeente", "Deelregio"]
    assert rows[1][0] == "Noord (de gemeenten samen)" and rows[1][2:] == ["33", "67"]
    assert rows[3] == ["Aadorp", "Noord", "33", "67"]
    rows = export(client, world, "items", sub_region=subs["south"].pk)
    # across B alone: item 1.1 achieved by 1 of 1, item 1.2 by 0 of 1
    achieved = {r[0]: (r[5], r[6]) for r in rows[1:]}
    assert achieved["1.1"] == ("1", "1") and achieved["1.2"] == ("0", "1")


# --- a region without sub-regions ----------------------------------------------------------------


def test_a_region_without_sub_regions_shows_no_sub_region_at_all(client, world, built):
    client = client_for(world)
    response = client.get(overview_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="sub_region"' not in html
    assert "deelregio" not in html.casefold()
    rows = export(client, world, "municipalities")
    assert "Deelregio" not in rows[0]
    assert [r[0] for r in rows[1:]] == ["Aadorp", "Beedorp"]
    # a sub-region value is ignored there: all municipalities
    rows = export(client, world, "matrix", sub_region=1)
    assert [r[0] for r in rows[1:]] == ["Aadorp", "Beedorp"]


# --- invalid filter values -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"sub_region": "abc"},
        {"sub_region": "999999"},
        {"category": "abc"},
        {"category": "-5"},
        {"owner": "nobody"},
        {"due": "2026-9"},
        {"due": "nonsense"},
    ],
    ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()),
)
def test_invalid_filter_values_are_ignored_with_a_dutch_error(client, world, subs, query):
    client = client_for(world)
    response = client.get(overview_url(world), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Selecteer een geldige keuze" in html
    name = next(iter(query))
    assert f'aria-describedby="f-{name}-error"' in html and f'id="f-{name}-error"' in html
    # the invalid filter does not apply: both municipalities, all items (3 of 7 achieved)
    applicable, achieved = A["applicable"] + B["applicable"], A["achieved"] + B["achieved"]
    assert f"{achieved} van {applicable} actiepunten, alle gemeenten samen" in html
    rows = export(client, world, "municipalities", **query)
    assert [r[0] for r in rows[1:]] == ["Aadorp", "Beedorp"]
    url = reverse("dashboard:municipality", args=[world.region.slug, world.mun_a.code])
    assert client.get(url, query).status_code == 200


def test_a_sub_region_of_another_region_is_not_a_filter_here(client, world, subs):
    elsewhere = SubRegion.objects.create(region=world.other_region, name="Elders-Noord")
    Municipality.objects.filter(pk=world.mun_c.pk).update(sub_region=elsewhere)
    client = client_for(world)
    response = client.get(overview_url(world), {"sub_region": elsewhere.pk})
    html = response.content.decode()
    assert response.status_code == 200 and "Selecteer een geldige keuze" in html
    assert "Elders-Noord" not in html and "Ceedorp" not in html
    rows = export(client, world, "matrix", sub_region=elsewhere.pk)
    assert [r[0] for r in rows[1:]] == ["Aadorp", "Beedorp"]


def test_an_unknown_round_is_still_refused_not_shown_live(client, world, subs):
    client = client_for(world)
    assert client.get(overview_url(world), {"round": "abc"}).status_code == 404
    url = reverse("dashboard:export", args=[world.region.slug, "sub_regions", "csv"])
    assert client.get(url, {"round": "abc"}).status_code == 404


def test_a_closed_round_totals_its_frozen_results_per_sub_region(client, world, built, subs):
    # R1's snapshot: A achieved 1.1 and 1.2, B neither (B had 1.1 in progress, 1.2 not started)
    rows = export(client_for(world), world, "sub_regions", round=built["r1"].pk)
    assert [r[:4] for r in rows[1:]] == [["Noord", "1", "2", "2"], ["Zuid", "1", "2", "0"]]


# --- who sees what -------------------------------------------------------------------------------


def test_a_municipal_contact_filters_the_regional_picture_but_reads_no_other_text(
    client, world, subs
):
    """B's contact sees A's figures (statuses are the region's) but never A's bottleneck text,
    which A did not share with the region, on the filtered page or in any export."""
    secret = "Geen capaciteit bij communicatie"  # A's bottleneck on item 2.1 (data.py)
    client = client_for(world, "other_contact")
    response = client.get(overview_url(world), {"sub_region": subs["north"].pk})
    assert response.status_code == 200
    assert secret not in response.content.decode()
    for table in ("matrix", "municipalities", "sub_regions", "items", "own", "trend"):
        rows = export(client, world, table, "csv", sub_region=subs["north"].pk)
        assert secret not in str(rows), table


@pytest.mark.parametrize("persona", ["outsider", "national"])
def test_who_is_not_in_the_region_gets_no_sub_region_figures(client, world, subs, persona):
    client = client_for(world, persona)
    assert client.get(overview_url(world), {"sub_region": subs["north"].pk}).status_code == 403
    url = reverse("dashboard:export", args=[world.region.slug, "sub_regions", "csv"])
    assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, world, subs):
    url = reverse("dashboard:export", args=[world.region.slug, "sub_regions", "csv"])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- the filter forms ----------------------------------------------------------------------------


def test_the_overview_filters_are_one_fieldset_with_labels(client, world, built, subs):
    html = client_for(world).get(overview_url(world)).content.decode()
    assert "<fieldset" in html and "<legend>Filter de cijfers</legend>" in html
    for name in ("category", "owner", "due", "round", "sub_region"):
        assert f'<label for="f-{name}">' in html and f'id="f-{name}"' in html
    assert 'hx-get="' in html and 'method="get"' in html  # HTMX, and works without it
    # the choices are what the figures can be narrowed to
    assert f'<option value="{built["comms"].pk}">Communicatie</option>' in html
    assert f'<option value="{built["r1"].pk}">Voorjaar 2025</option>' in html
    assert '<option value="2099-4">' in html


def test_workspace_filters_are_a_form_and_ignore_invalid_values(client, world, built):
    client = client_for(world, "contact")
    url = reverse("agreements:workspace", args=[world.region.slug, world.mun_a.code])
    html = client.get(url, {"status": "achieved"}).content.decode()
    assert '<option value="achieved" selected>' in html
    # A achieved 1.1 and 1.2; 2.1 is in progress and 2.2 not applicable
    numbers = [f'<span class="ws-number">{n}</span>' for n in ("1.1", "1.2", "2.1", "2.2")]
    assert [n in html for n in numbers] == [True, True, False, False]
    assert '<label for="f-show">' in html
    response = client.get(url, {"status": "bogus", "show": "nothing"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Selecteer een geldige keuze") == 2
    assert 'id="f-status-error"' in html and 'id="f-show-error"' in html
    # the invalid filters do not apply: every municipal item is listed
    for number in ("1.1", "1.2", "2.1", "2.2"):
        assert f'<span class="ws-number">{number}</span>' in html
