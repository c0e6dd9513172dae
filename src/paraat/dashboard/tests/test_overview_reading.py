"""The overview a mayor reads in a minute: a visible trend legend, the last round's label inside
the chart, and no two identical download lines."""

import re

import pytest

from django.test import Client
from django.urls import reverse

from . import data

pytestmark = pytest.mark.django_db


def test_trend_has_a_visible_legend_and_its_last_label_stays_inside(world):
    data.build(world)
    client = Client()
    client.force_login(world.users["board"])
    html = client.get(reverse("dashboard:overview", args=[world.region.slug])).content.decode()
    assert 'class="chart-legend"' in html
    assert "alle gemeenten (doorgetrokken lijn, stippen)" in html
    assert "de regio zelf (gestreepte lijn, vierkantjes)" in html
    labels = re.findall(r'<text x="[\d.]+" y="212" text-anchor="(\w+)">([^<]*)</text>', html)
    assert [name for _anchor, name in labels] == ["Voorjaar 2025", "Najaar 2025"]
    assert labels[-1][0] == "end"  # the last round's name ends at its point, not past the edge
    lines = re.findall(r'<p class="exports no-print">([^<]*)<a', html)
    assert lines[:2] == ["Download deze tabel: ", "Download alle cijfers per gemeente: "]


def _matrix(html: str) -> str:
    start = html.index('<table class="table matrix">')
    return html[start : html.index("</table>", start)]


def _rows(matrix: str) -> dict[str, list[str]]:
    """Per municipality the visible cells (without the screen-reader-only text)."""
    rows = {}
    for tr in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", matrix, re.S):
        name = re.search(r">([^<]+)</a>", tr).group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        visible = [re.sub(r'<span class="visually-hidden">.*?</span>', "", c) for c in cells]
        rows[name] = [re.sub(r"<[^>]+>", "", v).strip() for v in visible]
    return rows


def test_each_matrix_cell_shows_one_measure_the_standing_as_due_items_achieved(world):
    data.build(world)
    client = Client()
    client.force_login(world.users["board"])
    html = client.get(reverse("dashboard:overview", args=[world.region.slug])).content.decode()
    matrix = _matrix(html)
    assert "verlopen" in matrix.split("</caption>")[0]  # the caption says which measure
    rows = _rows(matrix)
    # Aadorp: 67 % of all items; due 1 of 2 ("achter"); Crisis 1 of 1, Communicatie 0 of 1.
    assert rows["Aadorp"] == ["67%", "1/2 ! achter", "1/1 ✓", "0/1 !!"]
    assert rows["Beedorp"] == ["25%", "1/3 !! ver achter", "1/1 ✓", "0/2 !!"]
    # colour follows the same measure, and the words are there for a screen reader
    assert '<td class="lvl-0" title="0 van 2 verlopen gerealiseerd, ver achter">' in matrix
    assert "1 van 1 verlopen gerealiseerd, op schema</span>" in matrix
    # short column labels, with the full names in a key and for screen readers
    assert "<li><strong>1</strong> Crisisorganisatie</li>" in html
    assert '<span class="visually-hidden">Communicatie</span>' in matrix


def test_matrix_export_has_the_same_single_measure(world):
    import csv
    import io

    data.build(world)
    client = Client()
    client.force_login(world.users["board"])
    url = reverse("dashboard:export", args=[world.region.slug, "matrix", "csv"])
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == [
        "Gemeente",
        "Aandeel gerealiseerd (%)",
        "Verlopen actiepunten gerealiseerd",
        "Verlopen actiepunten",
        "Stand ten opzichte van de planning",
    ]
    # all items %, then due achieved / due / standing: all categories, Crisis, Communicatie
    assert rows[1] == [
        "Aadorp", "67", "1", "2", "achter", "1", "1", "op schema", "0", "1", "ver achter"
    ]  # fmt: skip
    assert rows[2] == [
        "Beedorp", "25", "1", "3", "ver achter", "1", "1", "op schema", "0", "2", "ver achter"
    ]  # fmt: skip
