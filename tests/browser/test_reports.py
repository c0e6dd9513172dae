"""Reports and the emergency binder in a real browser: a coordinator makes a report from the form
and downloads it; a municipal contact makes its own binder and opens the offline HTML file from
file:// with the network cut off, and its search box works; every page passes axe-core."""

import re

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def produce_inline(settings, tmp_path):
    """The live server runs in this process: produce reports at once, into a temporary store."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def test_coordinator_makes_a_report_from_the_form_and_downloads_it(demo_site, page):
    sign_in(page, demo_site.url, "programma")
    page.goto(demo_site.url + "/vr06/reports/")
    assert_accessible(page)
    page.get_by_role("link", name="Rapportage maken").click()
    assert_accessible(page)
    page.select_option("select[name=kind]", "factsheet")
    page.select_option("select[name=format]", "docx")
    page.select_option("select[name=municipality]", "GM0200")
    page.get_by_role("button", name="Rapportage maken").click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/reports/runs/\d+/$", page.url)
    assert "klaar" in page.locator("#run-status").inner_text()
    assert_accessible(page)
    with page.expect_download() as info:
        page.locator("#run-status a[download]").click()
    assert info.value.suggested_filename.endswith(".docx")


def test_municipal_binder_opens_offline_from_file_and_search_works(
    demo_site, page, browser, tmp_path
):
    sign_in(page, demo_site.url, "apeldoorn")
    page.goto(demo_site.url + "/vr06/reports/binder/")
    assert_accessible(page)
    page.get_by_role("button", name="Noodmap nu maken").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    link = page.locator("#run-status a[download]", has_text=".html")
    with page.expect_download() as info:
        link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    html = target.read_text(encoding="utf-8")
    for forbidden in ("http:", "https:", "//"):
        assert forbidden not in html.lower()

    context = browser.new_context(locale="nl-NL")
    context.set_offline(True)
    attempted: list[str] = []
    context.on("request", lambda r: None if r.url.startswith("file:") else attempted.append(r.url))
    offline = context.new_page()
    offline.goto(target.as_uri())
    assert offline.locator("h1").inner_text() == "Noodmap"
    assert "Apeldoorn" in offline.locator("main").inner_text()
    rows = offline.locator("table.searchable tbody tr")
    total = rows.count()
    assert total > 3
    offline.get_by_label("Zoeken in deze noodmap").fill("sleutelhouder")
    visible = offline.locator("table.searchable tbody tr:visible").count()
    assert 0 < visible < total
    assert "rijen gevonden" in offline.locator("#binder-search-status").inner_text()
    offline.get_by_label("Zoeken in deze noodmap").fill("")
    assert offline.locator("table.searchable tbody tr:visible").count() == total
    assert_accessible(offline)
    assert attempted == []
    context.close()


@pytest.mark.parametrize("local", ["beheer", "bestuur", "partner", "zutphen"])
def test_every_reports_page_a_demo_account_can_reach_passes_axe(demo_site, page, local):
    sign_in(page, demo_site.url, local)
    base = demo_site.url + "/vr06/reports/"
    page.goto(base)
    assert_accessible(page)
    links = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.href)")
    for href in links:
        if href.startswith(base) and "/download/" not in href:
            page.goto(href)
            assert_accessible(page)


def test_coordinator_records_where_a_plan_is_on_paper(demo_site, page):
    sign_in(page, demo_site.url, "programma")
    page.goto(demo_site.url + "/vr06/reports/plans/")
    assert_accessible(page)
    page.get_by_role("link", name="Plan toevoegen").click()
    assert_accessible(page)
    page.fill("input[name=title]", "Evacuatieplan Apeldoorn (test)")
    page.fill("textarea[name=paper_locations]", "Gemeentehuis, kast 3")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/vr06/reports/plans/")
    assert "Evacuatieplan Apeldoorn (test)" in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("Wijzigen Evacuatieplan")).click()
    page.fill("input[name=title]", "")
    page.get_by_role("button", name="Opslaan").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)


def test_a_failed_report_says_why_and_try_again_makes_it(demo_site, page):
    from paraat.reports.models import ReportRun, RunStatus

    run = ReportRun.objects.create(
        region=demo_site.region,
        kind="progress",
        format="xlsx",
        status=RunStatus.FAILED,
        error="Het maken is onderbroken: het proces dat eraan werkte stopte voordat het klaar was.",
    )
    sign_in(page, demo_site.url, "programma")
    page.goto(f"{demo_site.url}/vr06/reports/runs/{run.pk}/")
    status = page.locator("#run-status")
    assert "De rapportage kon niet worden gemaakt" in status.inner_text()
    assert "onderbroken" in status.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Probeer opnieuw").click()
    page.wait_for_load_state("networkidle")
    assert "klaar" in page.locator("#run-status").inner_text()
    assert page.locator("#run-status a[download]").count() == 1
    assert_accessible(page)
