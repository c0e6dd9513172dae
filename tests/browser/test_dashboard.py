"""The dashboard in a real browser: a board member sees where the region stands, filters with
HTMX (the URL follows, the back button works), opens a municipality from the map, compares
rounds; the national reader sees regions only. axe-core on every page."""

import re

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def dashboard_site(demo_site):
    from paraat.dashboard.tests.data import build_region

    region = demo_site.region
    a, b = list(region.municipalities.order_by("name")[:2])
    demo_site.built = build_region(region, a, b)
    demo_site.municipalities = (a, b)
    return demo_site


def test_board_member_sees_the_overview_filters_and_goes_back(dashboard_site, page):
    site = dashboard_site
    slug = site.region.slug
    sign_in(page, site.url, "bestuur")
    page.goto(f"{site.url}/{slug}/dashboard/")
    assert page.locator("h1").count() == 1
    assert page.locator("table.matrix tbody tr").count() == site.region.municipalities.count()
    assert page.locator("figure.sp-map svg").count() == 1  # the map needs no network
    assert_accessible(page)
    comms = site.built["comms"].pk
    page.select_option("#f-category", str(comms))
    page.wait_for_url(re.compile(rf"category={comms}"))
    page.wait_for_load_state("networkidle")
    assert page.locator("table.matrix thead th").count() == 4  # municipality, share, all, one
    assert_accessible(page)
    page.go_back()
    page.wait_for_url(re.compile(rf"/{slug}/dashboard/$"))
    page.wait_for_load_state("networkidle")


def test_municipality_page_opens_from_the_map_and_has_a_print_version(dashboard_site, page):
    site = dashboard_site
    a, _b = site.municipalities
    sign_in(page, site.url, "bestuur")
    page.goto(f"{site.url}/{site.region.slug}/dashboard/")
    area = page.locator(f'figure.sp-map a[*|href$="/municipality/{a.code}/"]').first
    area.focus()  # the map's areas are links a keyboard reaches, not only a mouse
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/municipality/{a.code}/$"))
    assert a.name in page.locator("h1").inner_text()
    assert_accessible(page)
    page.goto(f"{site.url}/{site.region.slug}/dashboard/municipality/{a.code}/print/")
    assert_accessible(page)


def test_every_link_on_the_dashboard_is_one_a_link_crawler_can_read(dashboard_site, page):
    """The map's SVG links use xlink:href: a plain `a[href]` then only finds HTML links, whose
    `.href` is a string (an SVG link's is an SVGAnimatedString, which broke the shared crawler)."""
    sign_in(page, dashboard_site.url, "bestuur")
    page.goto(f"{dashboard_site.url}/{dashboard_site.region.slug}/dashboard/")
    kinds = page.eval_on_selector_all("a[href]", "els => els.map(e => typeof e.href)")
    assert kinds and set(kinds) == {"string"}
    assert page.locator("figure.sp-map a.sp-map__link").count() >= 2  # the map still links


def test_compare_page_is_accessible(dashboard_site, page):
    sign_in(page, dashboard_site.url, "bestuur")
    page.goto(f"{dashboard_site.url}/{dashboard_site.region.slug}/dashboard/compare/")
    assert page.locator("table").count() == 2
    assert_accessible(page)


def test_national_reader_sees_regions_only(dashboard_site, page):
    from paraat.regions.models import Region

    Region.objects.filter(pk=dashboard_site.region.pk).update(share_nationally=True)
    sign_in(page, dashboard_site.url, "landelijk")
    page.goto(dashboard_site.url + "/national/")
    text = page.locator("main").inner_text()
    assert dashboard_site.region.name in text
    a, b = dashboard_site.municipalities
    assert a.name not in text and b.name not in text
    assert_accessible(page)
