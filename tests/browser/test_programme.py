"""The programme in a real browser: a theme table lead writes the start document and sends it
for decision, a steering group member adopts it, Word and PDF come out; every programme page
passes axe-core; the phase switch puts the binder link on every page."""

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_lead_writes_start_document_steering_adopts_and_exports_come_out(demo_site, page):
    base = demo_site.url
    sign_in(page, base, "trekker")
    page.get_by_role("link", name="Programma").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Continuïteit bevolkingszorg").click()
    assert_accessible(page)
    page.get_by_role("link", name="Startdocument schrijven").first.click()
    assert_accessible(page)
    page.get_by_label("Hoofddoel").fill("Gemeenten zijn 72 uur zonder stroom paraat.")
    page.get_by_label("Vraagstukken, projecten, activiteiten en acties").fill(
        "- Loket voor gemeenten\n- Platform voor goede voorbeelden"
    )
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    assert "Versie 1" in page.locator(".messages").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Ter besluitvorming naar de stuurgroep").click()
    assert "ter besluitvorming" in page.locator("main").inner_text()
    doc_url = page.url

    page.context.clear_cookies()
    page.goto(base + "/account/login/")
    page.fill("input[name=username]", "stuurgroep@demo.paraat.nl")
    page.fill("input[name=password]", "paraat-demo")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state("networkidle")
    page.goto(doc_url)
    page.get_by_label("Toelichting (optioneel)").first.fill("Akkoord in de stuurgroep")
    page.get_by_role("button", name="Vaststellen (stuurgroep)").click()
    main = page.locator("main").inner_text()
    assert "vastgesteld" in main and "Demo Lid stuurgroep" in main
    assert_accessible(page)
    with page.expect_download() as docx:
        page.get_by_role("link", name="Downloaden als Word (DOCX)").click()
    assert docx.value.suggested_filename.endswith(".docx")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Downloaden als PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")


def test_every_programme_page_passes_axe_and_phase_switch_shows_binder_link(demo_site, page):
    base = demo_site.url
    sign_in(page, base, "programma")
    page.goto(base + "/vr06/programme/")
    assert_accessible(page)
    for name in ["Activiteiten", "Tijdlijn", "Werk dat blijft liggen", "Risico's en kansen"]:
        page.locator("nav.sub-nav").get_by_role("link", name=name).click()
        assert_accessible(page)
    page.get_by_role("link", name="Wijzigingen sinds de vorige rapportage").click()
    assert_accessible(page)
    page.goto(base + "/vr06/programme/risks/")
    page.get_by_role("link", name="Wijzigen B2").click()
    assert_accessible(page)
    page.goto(base + "/vr06/programme/activities/")
    page.locator("main table a").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Activiteit wijzigen").click()
    assert_accessible(page)
    page.goto(base + "/vr06/programme/tables/new/")
    assert_accessible(page)
    page.goto(base + "/vr06/programme/edit/")
    assert_accessible(page)

    page.goto(base + "/vr06/programme/phase/")
    assert_accessible(page)
    page.check("input[name=phase][value=lukewarm]")
    page.get_by_label("Reden").fill("Dreiging neemt toe (oefening)")
    page.get_by_role("button", name="Fase wisselen").click()
    assert_accessible(page)
    page.goto(base + "/vr06/municipalities/")
    notice = page.locator(".phase-notice")
    assert notice.is_visible()
    binder = notice.get_by_role("link", name="Noodmap").get_attribute("href")
    # the reports app's emergency binder once it is there, else the programme's phase page
    assert binder.startswith(("/vr06/reports/binder/", "/vr06/programme/phase/"))
    notice.get_by_role("link", name="Wat er in deze fase verandert").click()
    assert "/programme/phase/" in page.url
    assert "Dreiging neemt toe (oefening)" in page.locator("main").inner_text()


def test_every_programme_form_passes_axe(demo_site, page):
    from paraat.programme.models import DeferredWork, ThemeTable

    base = demo_site.url + "/vr06/programme"
    table = ThemeTable.objects.get(name="Informatievoorziening")
    deferred = DeferredWork.objects.first()
    sign_in(page, demo_site.url, "programma")
    for path in [
        f"/tables/{table.pk}/edit/",
        f"/tables/{table.pk}/members/",
        f"/tables/{table.pk}/startdocument/compare/",
        f"/tables/{table.pk}/startdocument/versions/1/",
        f"/tables/{table.pk}/deferred/new/",
        f"/tables/{table.pk}/activities/new/",
        f"/deferred/{deferred.pk}/edit/",
        "/risks/new/",
        "/ambitions/edit/",
        "/bodies/edit/",
    ]:
        response = page.goto(base + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    # a form with errors is accessible too, and says what is wrong in Dutch
    page.goto(base + "/risks/new/")
    page.get_by_role("button", name="Opslaan").click()
    summary = page.locator(".error-summary")
    assert summary.count() == 1  # the untouched empty measure rows are not refused
    assert "Dit veld is verplicht" in summary.inner_text()
    assert_accessible(page)


def test_programme_dashboard_meeting_and_progress_update_pass_axe(demo_site, page):
    """Issue 18: the dashboard says what is overdue, a steering group member reads a meeting
    and comments, the coordinator adds a progress update with a bottleneck; axe on each."""
    base = demo_site.url
    sign_in(page, base, "programma")
    page.goto(base + "/vr06/programme/dashboard/")
    assert "Programmadashboard" in page.locator("h1").inner_text()
    assert "over tijd" in page.locator("main").inner_text().lower()
    assert_accessible(page)
    page.locator("main h3 + ul a[href*='/activities/']").first.click()
    page.locator("#id_text").fill("Tweede werksessie gehouden.")
    page.locator("#id_bottleneck").fill("Wacht op gegevens van de provincie.")
    page.locator("#id_bottleneck_owner").fill("Provincie")
    page.get_by_role("button", name="Voortgangsupdate toevoegen").click()
    page.get_by_text("Wacht op gegevens van de provincie.").wait_for()
    assert_accessible(page)
    page.goto(base + "/vr06/programme/meetings/")
    assert_accessible(page)
    page.goto(base + "/vr06/programme/meetings/new/")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, base, "stuurgroep")
    page.goto(base + "/vr06/programme/meetings/")
    page.locator("main table a").first.click()
    assert_accessible(page)
    page.locator("#id_text").fill("Graag een toelichting op de capaciteit.")
    page.get_by_role("button", name="Opmerking toevoegen").click()
    assert "Graag een toelichting op de capaciteit." in page.locator("main").inner_text()
    assert_accessible(page)
