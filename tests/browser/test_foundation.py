"""A newcomer's first minutes, in a real browser: every demo account signs in, sees its start
page, and every page it can reach from the navigation passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

DEMO_ACCOUNTS = [
    "beheer",
    "programma",
    "cfg",
    "apeldoorn",
    "zutphen",
    "trekker",
    "stuurgroep",
    "bestuur",
    "partner",
    "landelijk",
]


def test_login_page_is_accessible_and_shows_demo_banner(demo_site, page):
    page.goto(demo_site.url + "/")
    assert "/account/login/" in page.url
    assert page.locator(".demo-banner").is_visible()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)


@pytest.mark.parametrize("local", DEMO_ACCOUNTS)
def test_every_demo_account_signs_in_and_every_page_passes_axe(demo_site, page, local):
    sign_in(page, demo_site.url, local)
    assert "/account/login/" not in page.url, f"{local} could not sign in"
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    seen = {page.url}
    links = page.eval_on_selector_all(
        "nav.main-nav a[href], main a[href]", "els => els.map(e => e.href)"
    )
    for href in links:
        if not href.startswith(demo_site.url) or href in seen:
            continue
        if re.search(r"\.(pdf|xlsx|docx|csv|zip|html)$|logout|/download", href):
            continue
        seen.add(href)
        response = page.goto(href)
        assert response.status < 500, f"{href}: {response.status}"
        assert_accessible(page)


def test_skip_link_is_first_and_moves_focus_to_main(demo_site, page):
    sign_in(page, demo_site.url, "apeldoorn")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "hoofdinhoud" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_in_by_keyboard_only_and_audit_trail_shows_it(demo_site, page):
    page.goto(demo_site.url + "/account/login/")
    # expect() polls with Playwright's own script: a string predicate (wait_for_function) is
    # eval'd in the page when it has to wait, which the Content-Security-Policy refuses
    expect(page.locator("input[name=username]")).to_be_focused()
    page.keyboard.type("cfg@demo.paraat.nl")  # the e-mail field has focus on load
    page.keyboard.press("Enter")  # e-mail address first; the password field follows, focused
    expect(page.locator("input[name=password]")).to_be_focused()
    page.keyboard.type("paraat-demo")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "/account/login/" not in page.url
    page.context.clear_cookies()
    sign_in(page, demo_site.url, "beheer")
    page.goto(demo_site.url + "/vr06/audit/?action=login")
    assert_accessible(page)
    body = page.locator("main").inner_text()
    assert "cfg@demo.paraat.nl" in body
    assert "beheer@demo.paraat.nl" in body


def test_wrong_password_is_refused_in_dutch(demo_site, page):
    sign_in(page, demo_site.url, "cfg", password="fout-wachtwoord")
    assert "/account/login/" in page.url
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)


REFLOW_PAGES = {
    "beheer": [
        "/vr06/dashboard/",
        "/vr06/dashboard/municipality/GM0200/",
        "/vr06/programme/",
        "/vr06/supportpoints/",
        "/vr06/knowledge/",
        "/vr06/municipalities/contacts/",
        "/vr06/users/",
        "/vr06/audit/",
    ],
    "apeldoorn": ["/vr06/agreements/progress/GM0200/"],
}


@pytest.mark.parametrize("local", sorted(REFLOW_PAGES))
def test_pages_reflow_on_a_phone_without_sideways_scrolling(demo_site, page, local):
    """WCAG 1.4.10: at 320 CSS pixels the page itself never scrolls sideways; wide data tables
    scroll inside their own frame."""
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, demo_site.url, local)
    paths = REFLOW_PAGES[local] + (
        [f"/vr06/supportpoints/{demo_site.region.supportpoints.first().pk}/"]
        if local == "beheer"
        else []
    )
    wide = {}
    for path in paths:
        page.goto(demo_site.url + path)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide[path] = scroll
    assert wide == {}
