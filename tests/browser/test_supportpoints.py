"""Emergency support points in a real browser: a municipal contact registers a local point with
its checklist and sees its readiness and the municipality's coverage change; the map works with
no network at all; a broken import is refused whole with every problem listed; every page
passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def block_the_internet(page, base_url: str) -> list[str]:
    """Refuse every request that does not go to Paraat itself; return what was attempted."""
    attempted: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(base_url):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    page.route("**/*", handle)
    return attempted


def coverage_cell(page, municipality: str) -> str:
    row = page.locator("table.table tbody tr", has=page.locator(f"th:text-is('{municipality}')"))
    return row.inner_text()


def test_municipal_contact_registers_a_local_point_and_sees_readiness_and_coverage(demo_site, page):
    base = demo_site.url + "/vr06/supportpoints/"
    sign_in(page, demo_site.url, "apeldoorn")
    page.goto(base + "municipalities/")
    assert_accessible(page)
    before = coverage_cell(page, "Apeldoorn")
    assert "0%" not in before

    page.goto(base)
    assert_accessible(page)
    page.click("a.button[href$='/supportpoints/new/']")
    assert_accessible(page)
    page.fill("input[name=name]", "Buurtcentrum De Kolk (test)")
    page.fill("input[name=address]", "Kolkweg 1, Apeldoorn")
    page.fill("input[name=latitude]", "52,2100")
    page.fill("input[name=longitude]", "5,9700")
    page.fill("input[name=capacity]", "75")
    for label in ("Noodstroom", "Drinkwater", "Informatiepunt"):
        page.get_by_role("checkbox", name=re.compile(rf"^{label}:?$")).check()
    page.get_by_label(re.compile(r"^Noodstroom: uren autonomie")).fill("48")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/supportpoints/\d+/$", page.url)
    assert_accessible(page)
    lead = page.locator("p.lead").inner_text()
    score = int(re.search(r"(\d+)%", lead).group(1))
    assert score > 0

    # Move it through the workflow to operational.
    for status in ("afgesproken", "ingericht", "operationeel"):
        page.select_option("select[name=to_status]", label=status)
        page.get_by_role("button", name="Status wijzigen").click()
        page.wait_for_load_state("networkidle")
    assert "operationeel" in page.locator("p.lead").inner_text()

    page.goto(base + "municipalities/")
    after = coverage_cell(page, "Apeldoorn")
    points, operational = 2, 3  # columns after the name: residents, points, operational, …
    assert int(after.split("\t")[points]) == int(before.split("\t")[points]) + 1
    assert int(after.split("\t")[operational]) == int(before.split("\t")[operational]) + 1
    readiness = 7
    assert after.split("\t")[readiness] != before.split("\t")[readiness]


def test_map_works_offline_and_the_zoomable_map_uses_only_local_files(demo_site, page):
    attempted = block_the_internet(page, demo_site.url)
    sign_in(page, demo_site.url, "bestuur")
    page.goto(demo_site.url + "/vr06/supportpoints/")
    svg = page.locator("figure.sp-map svg.sp-map__svg")
    assert svg.is_visible()
    assert page.locator("svg.sp-map__svg path.sp-map__area").count() >= 22
    assert page.locator("svg.sp-map__svg .sp-map__marker").count() >= 5
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.get_by_role("button", name="Toon zoombare kaart").click()
    page.wait_for_selector(".sp-map__leaflet .leaflet-interactive")
    assert page.locator(".sp-map__leaflet path.leaflet-interactive").count() >= 22
    # Every point is a keyboard stop: focus one and Enter opens its popup with its name.
    markers = page.locator(".sp-map__leaflet .sp-map__lmarker")
    assert markers.count() >= 5
    first = markers.first
    name = first.get_attribute("title").split(" — ")[0]
    assert first.get_attribute("tabindex") == "0"
    first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".sp-map__leaflet .leaflet-popup-content")
    popup.wait_for()
    assert name in popup.inner_text()
    # Let the popup finish fading in before axe measures its contrast.
    expect(page.locator(".sp-map__leaflet .leaflet-popup")).to_have_css("opacity", "1")
    assert_accessible(page)
    assert attempted == []
    assert errors == []


def test_broken_import_is_refused_whole_with_every_problem_listed(demo_site, page, tmp_path):
    broken = tmp_path / "punten.csv"
    broken.write_text(
        "Type;Naam;Gemeente;Adres;Status\n"
        "L-NSP;Nieuw punt;Apeldoorn;Straat 1;kandidaat\n"
        "L-NSP;;Apeldoorn;;klaar\n"
        "C-NSP;Kazerne;Apeldoorn;Weg 2;\n",
        encoding="utf-8",
    )
    sign_in(page, demo_site.url, "apeldoorn")
    page.goto(demo_site.url + "/vr06/supportpoints/import/")
    assert_accessible(page)
    page.set_input_files("input[name=file]", str(broken))
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_load_state("networkidle")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    text = summary.inner_text()
    assert "Er is niets gewijzigd" in text
    rows = summary.locator("tbody tr")
    assert rows.count() == 4  # name, address, status on row 3; a C-NSP on row 4 is the region's
    assert_accessible(page)
    page.goto(demo_site.url + "/vr06/supportpoints/")
    assert "Nieuw punt" not in page.locator("main").inner_text()


@pytest.mark.parametrize(
    "path",
    ["places/", "settings/", "settings/facilities/new/", "municipalities/gm0243/print/", "import/"],
)
def test_coordinator_pages_pass_axe(demo_site, page, path):
    sign_in(page, demo_site.url, "programma")
    response = page.goto(demo_site.url + "/vr06/supportpoints/" + path)
    assert response.status == 200
    assert_accessible(page)


def test_pilot_point_detail_is_marked_as_example_and_passes_axe(demo_site, page):
    sign_in(page, demo_site.url, "partner")
    page.goto(demo_site.url + "/vr06/supportpoints/")
    page.get_by_role("link", name="Noodsteunpunt Speuld (voorbeeld)").first.click()
    page.wait_for_load_state("networkidle")
    assert "Voorbeeld" in page.locator("main").inner_text()
    assert page.locator("a[href*='/documents/']").count() == 0  # partners do not see documents
    assert_accessible(page)


def test_filtering_updates_the_list_and_map_in_place_and_by_link(demo_site, page):
    sign_in(page, demo_site.url, "cfg")
    base = demo_site.url + "/vr06/supportpoints/"
    page.goto(base)
    page.select_option("select[name=kind]", "coordination")
    page.wait_for_url(re.compile(r"kind=coordination"))
    page.wait_for_load_state("networkidle")
    rows = page.locator("#results table.table tbody tr")
    assert rows.count() == 1
    assert "Apeldoorn" in rows.first.inner_text()
    assert page.locator("#results svg.sp-map__svg .sp-map__marker").count() == 1
    assert page.get_by_role("button", name="Toon zoombare kaart").count() == 1
    assert_accessible(page)
    # The same filter works as a plain link, without JavaScript.
    page.goto(base + "?status=operational")
    assert page.locator("#results table.table tbody tr").count() == 3


def test_two_people_edit_the_same_point_and_the_second_is_told_and_keeps_their_input(
    demo_site, browser
):
    pages = []
    for local in ("programma", "beheer"):
        context = browser.new_context(locale="nl-NL")
        pg = context.new_page()
        pg.set_default_timeout(15000)
        sign_in(pg, demo_site.url, local)
        pg.goto(demo_site.url + "/vr06/supportpoints/")
        pg.get_by_role("link", name="Noodsteunpunt Nunspeet (voorbeeld)").first.click()
        pg.get_by_role("link", name="Punt en checklist bewerken").click()
        pg.wait_for_load_state("networkidle")
        pages.append(pg)
    first, second = pages
    assert_accessible(first)
    first.fill("input[name=capacity]", "90")
    first.get_by_role("button", name="Opslaan").click()
    first.wait_for_load_state("networkidle")
    second.fill("input[name=capacity]", "120")
    second.get_by_role("button", name="Opslaan").click()
    second.wait_for_load_state("networkidle")
    warning = second.locator(".sp-compare")
    assert warning.is_visible()
    assert "90" in warning.inner_text() and "120" in warning.inner_text()
    assert second.input_value("input[name=capacity]") == "120"
    assert_accessible(second)
    second.get_by_role("button", name="Opslaan").click()  # now against the current version
    second.wait_for_load_state("networkidle")
    assert "120 personen" in second.locator("main").inner_text()
    for pg in pages:
        pg.context.close()


def test_checklist_item_edit_page_passes_axe(demo_site, page):
    sign_in(page, demo_site.url, "programma")
    page.goto(demo_site.url + "/vr06/supportpoints/settings/")
    page.get_by_role("link", name=re.compile("^Bewerken Noodstroom")).click()
    page.wait_for_load_state("networkidle")
    assert page.input_value("input[name=weight]") == "3"
    assert_accessible(page)
