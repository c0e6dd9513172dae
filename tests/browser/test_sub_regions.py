"""Issue 18/20 in a real browser: the overview's filter form (one fieldset, a label per field)
filters by sub-region with HTMX and without JavaScript, shows the totals per sub-region, and
passes axe at a 1,366 px laptop and at 320 px (where the page reflows)."""

import re

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_board_member_filters_the_overview_by_sub_region(demo_site, page):
    from paraat.regions.models import SubRegion

    region = demo_site.region
    north = SubRegion.objects.get(region=region, name="Noord-Veluwe")
    members = north.municipalities.count()
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, demo_site.url, "bestuur")
    page.goto(f"{demo_site.url}/{region.slug}/dashboard/")
    totals = page.locator("#h-sub-regions ~ .table-wrap table tbody tr")
    assert totals.count() == SubRegion.objects.filter(region=region).count()
    assert page.locator("fieldset.filters legend").inner_text() == "Filter de cijfers"
    assert page.get_by_label("Deelregio", exact=True).count() == 1
    page.select_option("#f-sub_region", str(north.pk))
    page.wait_for_url(re.compile(rf"sub_region={north.pk}"))
    page.wait_for_load_state("networkidle")
    assert page.locator("table.matrix tbody tr").count() == members
    assert page.locator("#f-sub_region").input_value() == str(north.pk)
    assert "Noord-Veluwe" in page.locator("p.lead").inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the page reflows
    assert page.locator("#f-sub_region").is_visible()
    assert_accessible(page)


def test_the_filter_form_works_without_javascript_and_by_keyboard(browser, demo_site):
    from paraat.regions.models import SubRegion

    region = demo_site.region
    achterhoek = SubRegion.objects.get(region=region, name="Achterhoek")
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, demo_site.url, "bestuur")
    page.goto(f"{demo_site.url}/{region.slug}/dashboard/")
    page.select_option("#f-sub_region", str(achterhoek.pk))
    page.locator("fieldset.filters button[type=submit]").focus()
    page.keyboard.press("Enter")  # the form submits as a plain GET
    page.wait_for_url(re.compile(rf"sub_region={achterhoek.pk}"))
    rows = page.locator("table.matrix tbody tr")
    assert rows.count() == achterhoek.municipalities.count()
    context.close()


def test_plan_against_reality_and_the_register_filter_by_sub_region(demo_site, page):
    from paraat.regions.models import SubRegion

    region = demo_site.region
    north = SubRegion.objects.get(region=region, name="Noord-Veluwe")
    sign_in(page, demo_site.url, "bestuur")
    page.goto(f"{demo_site.url}/{region.slug}/agreements/figures/?sub_region={north.pk}")
    assert page.locator("#f-sub_region").input_value() == str(north.pk)
    assert "Noord-Veluwe" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{demo_site.url}/{region.slug}/supportpoints/")
    page.select_option("#f-sub_region", str(north.pk))
    page.wait_for_url(re.compile(rf"sub_region={north.pk}"))
    page.wait_for_load_state("networkidle")
    names = set(north.municipalities.values_list("name", flat=True))
    shown = page.locator("#results tbody tr td:nth-child(3)").all_inner_texts()
    assert shown and set(shown) <= names
    assert_accessible(page)
