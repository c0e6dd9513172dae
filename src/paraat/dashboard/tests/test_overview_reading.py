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
