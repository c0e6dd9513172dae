"""The administrators' page for an organisation's API token: by keyboard, axe-clean, reflows
at 320 px; the token is shown once."""

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_administrator_makes_an_organisation_token_by_keyboard(demo_site, page):
    region = demo_site.region
    sign_in(page, demo_site.url, "beheer")
    page.goto(f"{demo_site.url}/{region.slug}/api-tokens/")
    assert_accessible(page)
    page.get_by_role("link", name="Token voor een organisatie maken").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    page.locator("input[name=name]").focus()
    page.keyboard.type("Zaaksysteem Apeldoorn")
    page.locator("select[name=role]").select_option("municipal_contact")
    page.locator("select[name=municipality]").select_option(label="Apeldoorn")
    page.locator("input[name=days]").focus()
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_load_state("networkidle")
    token = page.locator("#new-token").inner_text()
    assert token.startswith("prt_")
    assert_accessible(page)

    page.goto(f"{demo_site.url}/{region.slug}/api-tokens/")
    listing = page.locator("main").inner_text()
    assert "Zaaksysteem Apeldoorn" in listing and token not in listing
