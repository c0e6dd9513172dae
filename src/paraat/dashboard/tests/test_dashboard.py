"""The dashboard shows the figures worked out by hand in `data.py`, in pages, maps and files."""

import csv
import io

import pytest
from openpyxl import load_workbook

from django.test import Client
from django.urls import reverse

from paraat.dashboard import selectors
from paraat.dashboard.exports import neutralise
from paraat.regions.models import Region

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(world):
    return data.build(world)


def client_for(world, persona="board"):
    client = Client()
    client.force_login(world.users[persona])
    return client


def overview(world, **query):
    return selectors.region_overview(region=world.region, filters=selectors.Filters(**query))


def test_headline_figures_are_those_worked_out_by_hand(world, built):
    o = overview(world)
    assert (o.total.items_applicable, o.total.items_achieved, o.total.percent_achieved) == (
        7,
        3,
        43,
    )
    assert (o.total.items_due, o.total.items_due_achieved) == (5, 2)
    assert o.total.percent_due_achieved == 40
    assert o.total.items_overdue == 3
    assert [m.name for m in o.lagging] == ["Beedorp"]
    assert o.submission_counts == {"submitted": 1, "draft": 1}
    assert o.submissions_not_yet == 1


def test_each_municipality_and_category_has_its_own_share_and_standing(world, built):
    o = overview(world)
    a, b = o.municipalities  # in name order
    assert a.municipality.name == "Aadorp"
    assert (a.tally.percent_achieved, a.tally.percent_due_achieved, a.tally.items_overdue) == (
        67,
        50,
        1,
    )
    assert a.tally.level == 1 and a.tally.standing == "achter"
    assert (b.tally.percent_achieved, b.tally.percent_due_achieved, b.tally.level) == (25, 33, 0)
    assert [c for _pk, c in o.categories] == ["Crisisorganisatie", "Communicatie"]
    assert [c.percent_achieved for c in a.cells] == [100, 0]
    assert [c.level for c in a.cells] == [3, 0]
    assert [c.percent_achieved for c in b.cells] == [50, 0]


def test_the_region_itself_is_shown_next_to_the_municipalities(world, built):
    o = overview(world)
    assert (o.own.items_applicable, o.own.items_achieved, o.own.items_overdue) == (2, 1, 1)
    assert [(r.item.number, r.region_status) for r in o.own_items] == [
        ("1.3", "achieved"),
        ("2.1", "started"),
    ]


def test_items_that_lag_region_wide_come_first(world, built):
    o = overview(world)
    rows = [
        (r.item.number, r.tally.items_achieved, r.tally.items_applicable, r.tally.items_overdue)
        for r in o.items
    ]
    assert rows == [("2.1", 0, 2, 2), ("2.2", 0, 1, 1), ("1.2", 1, 2, 0), ("1.1", 2, 2, 0)]
    joint = o.items[0]
    assert joint.not_started == 1 and joint.in_progress == 1
    assert joint.region_status == "started"


def test_trend_comes_from_the_frozen_round_results(world, built):
    o = overview(world)
    assert [p.round.name for p in o.trend] == ["Voorjaar 2025", "Najaar 2025"]
    assert [p.region.percent_achieved for p in o.trend] == [14, 43]
    assert [p.own.percent_achieved for p in o.trend] == [0, 50]
    a = o.municipalities[0]
    assert [t.percent_achieved for t in a.trend] == [33, 67]


def test_filters_narrow_the_items_that_count(world, built):
    o = overview(world, category=built["comms"].pk)
    assert [c for _pk, c in o.categories] == ["Communicatie"]
    assert (o.total.items_applicable, o.total.items_achieved) == (3, 0)
    o = overview(world, owner="joint")
    assert [r.item.number for r in o.items] == ["2.1"]
    from paraat.agreements.models import Quarter

    o = overview(world, due=Quarter(2099, 4))
    assert [r.item.number for r in o.items] == ["1.2"]
    assert o.total.items_due == 0 and o.total.percent_due_achieved is None


def test_a_closed_round_shows_its_frozen_snapshot_not_live_data(world, built):
    o = overview(world, round_id=built["r1"].pk)
    assert o.chosen_round == built["r1"]
    a, b = o.municipalities
    # In R1's snapshot only 1.1 and 1.2 were recorded: A achieved both, B neither.
    assert (a.tally.items_achieved, b.tally.items_achieved) == (2, 0)


def test_overview_page_shows_the_numbers_and_says_them_without_colour(world, built):
    response = client_for(world).get(reverse("dashboard:overview", args=[world.region.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "43%" in html and "40%" in html
    assert "Beedorp" in html
    assert ", achter</span>" in html and ", ver achter</span>" in html  # words, not colour
    assert reverse("dashboard:municipality", args=[world.region.slug, "GM9001"]) in html
    assert 'class="sp-map__link"' in html  # the map's municipalities are links
    assert "Ceedorp" not in html  # never another region's municipality


def test_filter_state_lives_in_the_url_and_htmx_gets_only_the_results(world, built):
    client = client_for(world)
    url = reverse("dashboard:overview", args=[world.region.slug])
    response = client.get(url, {"category": built["comms"].pk})
    html = response.content.decode()
    assert f'<option value="{built["comms"].pk}" selected>' in html
    assert "<html" in html
    partial = client.get(
        url,
        {"owner": "joint"},
        headers={"HX-Request": "true", "HX-Target": "dashboard-results"},
    )
    body = partial.content.decode()
    assert "<html" not in body and 'id="dashboard-results"' in body
    assert '<option value="joint" selected>' in body


def test_municipality_page_shows_items_history_evidence_and_bottlenecks(world, built):
    url = reverse("dashboard:municipality", args=[world.region.slug, "GM9001"])
    response = client_for(world, "contact").get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geen capaciteit bij communicatie" in html
    assert "https://example.org/crisisplan-aadorp" in html
    assert "Vastgesteld door de raad." in html
    assert html.count("<li>") >= 2
    page = selectors.municipality_page(
        municipality=world.mun_a, filters=selectors.Filters(), viewer=world.users["contact"]
    )
    assert (page.tally.percent_achieved, page.tally.items_overdue) == (67, 1)
    assert (page.region_average.items_applicable, page.region_average.items_achieved) == (7, 3)
    assert page.region_average.items_due == 5
    assert [(r.name, m.percent_achieved, reg.percent_achieved) for r, m, reg in page.trend] == [
        ("Voorjaar 2025", 33, 14),
        ("Najaar 2025", 67, 43),
    ]
    assert [r.item.number for r in page.bottlenecks] == ["2.1"]
    assert len(next(r for r in page.rows if r.item.number == "1.1").history) == 2


def test_municipality_print_version_renders(world, built):
    url = reverse("dashboard:municipality_print", args=[world.region.slug, "GM9001"])
    response = client_for(world).get(url)
    assert response.status_code == 200
    assert b"print-layout" in response.content


def test_municipality_of_another_region_is_not_found(world, built):
    url = reverse("dashboard:municipality", args=[world.region.slug, world.mun_c.code])
    assert client_for(world).get(url).status_code == 404


def test_compare_two_rounds_per_municipality_and_per_item(world, built):
    c = selectors.compare_rounds(region=world.region, first=built["r1"], second=built["r2"])
    assert [(x.label, x.before, x.after, x.delta) for x in c.municipalities] == [
        ("Aadorp", 33, 67, 34),
        ("Beedorp", 0, 25, 25),
    ]
    assert [(x.before, x.after, x.direction) for x in c.items] == [
        (50, 100, "omhoog"),
        (50, 50, "ongewijzigd"),
    ]
    assert (c.up, c.down) == (2, 0)
    url = reverse("dashboard:compare", args=[world.region.slug])
    html = client_for(world).get(url).content.decode()
    assert "+34" in html


def test_exports_are_xlsx_and_csv_and_neutralise_formulas(world, built):
    client = client_for(world)
    url = reverse("dashboard:export", args=[world.region.slug, "items", "xlsx"])
    response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    texts = [row[1] for row in values[1:]]
    assert '\'=HYPERLINK("x")' in texts
    assert all(not str(v).startswith("=") for row in values for v in row if v is not None)
    url = reverse("dashboard:export", args=[world.region.slug, "matrix", "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:5] == ["Aadorp", "67", "1", "2", "achter"]
    assert rows[2][:5] == ["Beedorp", "25", "1", "3", "ver achter"]
    for table in ("municipalities", "trend", "own"):
        url = reverse("dashboard:export", args=[world.region.slug, table, "csv"])
        assert client.get(url).status_code == 200
    url = reverse("dashboard:export", args=[world.region.slug, "compare", "xlsx"])
    response = client.get(url, {"first": built["r1"].pk, "second": built["r2"].pk})
    assert len(load_workbook(io.BytesIO(response.content)).sheetnames) == 2
    url = reverse("dashboard:municipality_export", args=[world.region.slug, "GM9001", "csv"])
    assert "'=HYPERLINK" in client.get(url).content.decode("utf-8-sig")


@pytest.mark.parametrize("value", ["=1+1", "+31 6", "-5", "@SUM(A1)", "\tx"])
def test_every_formula_start_is_neutralised(value):
    assert neutralise(value) == "'" + value


def test_numbers_stay_numbers_in_exports():
    assert neutralise(-5) == -5 and neutralise(0.5) == 0.5


def test_national_view_shows_shared_regions_only_and_no_municipality(world, built):
    Region.objects.filter(pk=world.region.pk).update(share_nationally=True)
    client = client_for(world, "national")
    html = client.get(reverse("national:index")).content.decode()
    assert "Veiligheidsregio Testland" in html
    assert "Elders" not in html  # does not share
    assert "Aadorp" not in html and "Beedorp" not in html
    figures = selectors.national_figures()
    assert len(figures) == 1
    t = figures[0].tally
    assert (figures[0].municipalities, t.items_applicable, t.items_achieved) == (2, 7, 3)
    assert (t.items_due, t.items_due_achieved, t.items_overdue) == (5, 2, 3)
    assert figures[0].latest_round == "Najaar 2025"
    csv_text = client.get(reverse("national:export", args=["csv"])).content.decode("utf-8-sig")
    assert "Aadorp" not in csv_text and "VR90" in csv_text


def test_a_region_that_stops_sharing_disappears_from_the_national_view(world, built):
    assert selectors.national_figures() == []


def test_board_member_starts_at_the_dashboard(world, built):
    from django.test import RequestFactory

    from paraat.dashboard import apps as dashboard_apps
    from paraat.dashboard.apps import DashboardConfig

    request = RequestFactory().get("/")
    request.user = world.users["board"]
    config = DashboardConfig("paraat.dashboard", dashboard_apps)
    tasks = config.start_tasks(request, world.region)
    assert tasks[0].url == reverse("dashboard:overview", args=[world.region.slug])
    assert tasks[0].order == 10
    request.user = world.users["contact"]
    urls = [t.url for t in config.start_tasks(request, world.region)]
    assert reverse("dashboard:municipality", args=[world.region.slug, "GM9001"]) in urls
    nav = config.nav_items(request, world.region)
    assert nav[0].url == reverse("dashboard:overview", args=[world.region.slug])


def test_empty_region_renders_without_figures(world):
    url = reverse("dashboard:overview", args=[world.region.slug])
    response = client_for(world).get(url)
    assert response.status_code == 200
    assert "geen geldende bestuurlijke afspraken" in response.content.decode()


# --- query counts: bounded whatever the size --------------------------------------------------


PAGES = [
    ("dashboard:overview", lambda w: [w.region.slug]),
    ("dashboard:municipality", lambda w: [w.region.slug, w.mun_a.code]),
    ("dashboard:compare", lambda w: [w.region.slug]),
    ("dashboard:export", lambda w: [w.region.slug, "matrix", "xlsx"]),
]


@pytest.mark.parametrize("name,args", PAGES, ids=[p[0] for p in PAGES])
def test_query_count_is_bounded_on_small_data(
    world, built, django_assert_max_num_queries, name, args
):
    client = client_for(world)
    # 16: one fixed query more for the municipalities' own due quarters (issue 16); 17: and
    # one for the region's sub-regions (the filter and the totals per sub-region, issue 18)
    with django_assert_max_num_queries(17):
        assert client.get(reverse(name, args=args(world))).status_code == 200


@pytest.mark.parametrize("name,args", PAGES, ids=[p[0] for p in PAGES])
def test_query_count_is_bounded_on_larger_data(
    world, built, django_assert_max_num_queries, name, args
):
    data.build_large(world.other_region, municipalities=3, items=6, rounds=1, prefix=6)
    # make the test region larger too: more municipalities, items and rounds
    from paraat.regions.models import Municipality

    extra = data.build_large(world.region, municipalities=25, items=60, rounds=4)
    assert Municipality.objects.filter(region=world.region).count() == 27
    for m in extra[:3]:
        data.StatusUpdateFactory(item=built["i11"], municipality=m, status="achieved")
    client = client_for(world)
    # 16: one fixed query more for the municipalities' own due quarters (issue 16); 17: and
    # one for the region's sub-regions (the filter and the totals per sub-region, issue 18)
    with django_assert_max_num_queries(17):
        assert client.get(reverse(name, args=args(world))).status_code == 200


def test_national_view_query_count_is_bounded(world, built, django_assert_max_num_queries):
    Region.objects.update(share_nationally=True)
    data.build_large(world.other_region, municipalities=10, items=20, rounds=2, prefix=6)
    client = client_for(world, "national")
    with django_assert_max_num_queries(15):
        assert client.get(reverse("national:index")).status_code == 200


def test_figures_agree_with_the_agreements_selectors(world, built):
    """Without filters, the dashboard's figures and lag equal those of agreements.selectors."""
    from paraat.agreements import figures

    o = overview(world)
    theirs = figures.live_tallies(region=world.region)
    for row in o.municipalities:
        f = theirs[row.municipality.pk]
        t = row.tally
        assert (t.items_applicable, t.items_achieved, t.items_due, t.items_due_achieved) == (
            f.items_applicable,
            f.items_achieved,
            f.items_due,
            f.items_due_achieved,
        )
        assert t.items_overdue == f.items_overdue
    own = theirs[None]
    assert (o.own.items_applicable, o.own.items_achieved, o.own.items_overdue) == (
        own.items_applicable,
        own.items_achieved,
        own.items_overdue,
    )
    lag = figures.systematic_lag(region=world.region)
    assert [f.municipality for f in lag] == o.lagging
