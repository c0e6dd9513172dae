"""The yearly evaluation in a real browser (issue 18): the programme secretary writes the
conclusions in the demo's draft evaluation, compares the versions and sends it for decision; a
steering group member adopts it with the keyboard; the secretary makes the Word report and
downloads it. Every page passes axe-core and reflows at 320 px."""

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


def reflows(page) -> bool:
    page.set_viewport_size({"width": 320, "height": 640})
    fits = page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})
    return fits


def test_write_propose_adopt_and_download_the_evaluation(demo_site, page):
    base = demo_site.url
    sign_in(page, base, "programma")
    page.goto(base + "/vr06/programme/")
    page.locator("nav.sub-nav").get_by_role("link", name="Evaluaties").click()
    assert_accessible(page)
    assert reflows(page)
    page.get_by_role("link", name=re.compile(r"Jaarevaluatie \d{4} \(voorbeeld\)")).click()
    assert "concept" in page.locator("main").inner_text()
    assert_accessible(page)
    assert reflows(page)
    evaluation_url = page.url

    page.get_by_role("link", name="Conclusies en aanbevelingen wijzigen").click()
    assert_accessible(page)
    page.get_by_label("Conclusies").fill("Oefenen met de noodmap werkt.")
    page.get_by_label("Aanbevelingen").fill("Oefen jaarlijks met de noodmap.")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    assert "Versie 2" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Wijzigingen in versie 2").click()
    added = " ".join(page.locator("main ins").all_inner_texts())
    assert "Oefenen met de noodmap werkt." in added and "Oefen jaarlijks" in added
    assert "Voorbeeld: de gemeenten" in " ".join(page.locator("main del").all_inner_texts())
    assert_accessible(page)
    assert reflows(page)
    page.goto(evaluation_url)
    page.get_by_role("button", name="Ter besluitvorming naar de stuurgroep").click()
    assert "ter besluitvorming" in page.locator("main").inner_text()

    page.context.clear_cookies()
    sign_in(page, base, "stuurgroep")
    page.goto(evaluation_url)
    assert_accessible(page)
    page.get_by_label("Toelichting (optioneel)").first.fill("Akkoord")
    page.get_by_role("button", name="Vaststellen (stuurgroep)").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    main = page.locator("main").inner_text()
    assert "vastgesteld" in main and "Demo Lid stuurgroep" in main
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, base, "programma")
    page.goto(evaluation_url)
    page.get_by_role("link", name="Rapport maken of downloaden (PDF, Word)").click()
    assert_accessible(page)
    assert reflows(page)
    page.select_option("select[name=format]", "docx")
    page.get_by_role("button", name="Rapportage maken").click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/reports/runs/\d+/$", page.url)
    assert "klaar" in page.locator("#run-status").inner_text()
    assert_accessible(page)
    with page.expect_download() as info:
        page.locator("#run-status a[download]").click()
    assert info.value.suggested_filename.endswith(".docx")
    from docx import Document

    word = Document(info.value.path())
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Oefenen met de noodmap werkt." in text
    assert "Vastgesteld door de stuurgroep" in text
