"""Agreements in a real browser: a municipal contact completes and submits a round (with HTMX
inline editing and the keyboard), the CFG reviews, returns, accepts and closes; every page
passes axe-core."""

import io

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def workspace_url(site):
    return f"{site.url}/vr06/agreements/progress/GM0200/"


def test_contact_edits_inline_confirms_and_submits_the_round(demo_site, page):
    sign_in(page, demo_site.url, "apeldoorn")
    page.goto(workspace_url(demo_site))
    assert_accessible(page)
    first = page.locator(".ws-item").first
    item_id = first.get_attribute("id")
    url_before = page.url
    # Keyboard: focus the first "update" button and press Enter: the form opens in place.
    first.locator("a.button").first.focus()
    page.keyboard.press("Enter")
    form_item = page.locator(f"#{item_id}.ws-item--editing")
    form_item.wait_for()
    assert page.url == url_before  # no page load
    expect(page.locator("input:focus")).to_have_count(1)  # (no eval'd predicate: CSP)
    assert page.evaluate("document.activeElement.tagName") == "INPUT"
    assert_accessible(page)
    form_item.locator("input[name=status][value=in_progress]").check()
    form_item.locator("textarea[name=explanation]").fill("Bijgewerkt in de browsertest")
    form_item.locator("button[type=submit]").click()
    page.locator(f"#{item_id}:not(.ws-item--editing)").wait_for()
    assert "Bijgewerkt in de browsertest" in page.locator(f"#{item_id}").inner_text()
    assert page.url == url_before
    # Confirm everything else unchanged, category by category (forms without HTMX).
    while page.locator("form[action*='/categories/'] button").count():
        page.locator("form[action*='/categories/'] button").first.click()
        page.wait_for_load_state("networkidle")
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".message--success").count() >= 1
    assert page.locator("form[action$='/submit/']").count() == 0
    assert_accessible(page)
    # The history page of the item shows the update.
    page.locator(f"#{item_id} .ws-actions a").last.click()
    page.wait_for_load_state("networkidle")
    assert "Bijgewerkt in de browsertest" in page.content()
    assert_accessible(page)


def test_cfg_reviews_returns_accepts_and_closes(demo_site, page):
    sign_in(page, demo_site.url, "cfg")
    assert page.locator(".task--urgent").count() >= 1  # systematic lag on the start page
    assert_accessible(page)
    page.goto(f"{demo_site.url}/vr06/agreements/rounds/")
    assert_accessible(page)
    page.locator("table a").first.click()  # the open round (newest first)
    assert_accessible(page)
    round_url = page.url
    to_review = page.locator("tr", has=page.locator(".tag--warn")).locator("a")
    assert to_review.count() >= 2
    first_href = to_review.nth(0).get_attribute("href")
    second_href = to_review.nth(1).get_attribute("href")
    page.goto(demo_site.url + first_href)
    assert_accessible(page)
    page.locator("input[name=decision][value=return]").check()
    page.locator("main button[type=submit]").click()  # no remark: refused
    assert page.locator(".error-summary").is_visible()
    page.locator("textarea[name=remark]").fill("Graag 3.2 aanvullen")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(round_url)
    page.goto(demo_site.url + second_href)
    page.locator("input[name=decision][value=accept]").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(round_url)
    page.locator("a[href$='/close/']").click()  # the close page states the consequences
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.locator("main button[type=submit]").click()  # no confirmation: nothing closes
    assert page.locator(".error-summary").is_visible()
    if page.locator("input[name=accept_submitted]").count():
        page.locator("input[name=accept_submitted]").check()
    page.locator("textarea[name=reason]").fill("Stuurgroep vergadert eerder")
    page.locator("input[name=confirm]").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(round_url)
    assert (
        page.locator("th", has_text="Achterstallig").count()
        + page.locator("th", has_text="Overdue").count()
        >= 1
    )
    assert_accessible(page)
    page.goto(f"{demo_site.url}/vr06/agreements/figures/")
    assert_accessible(page)


def test_coordinator_sees_every_problem_of_a_broken_spreadsheet(demo_site, page, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in [
        ["Actielijst"],
        ["Nr", "Actie", "Wie", "Gereed"],
        ["Thema"],
        ["1", "Iets", "niemand", "ooit"],
        ["2", "Meer", "gemeente", "Q9 2026"],
    ]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(buffer.getvalue())
    sign_in(page, demo_site.url, "programma")
    page.goto(f"{demo_site.url}/vr06/agreements/import/")
    assert_accessible(page)
    page.set_input_files("input[type=file]", str(path))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    problems = page.locator("#problems li")
    assert problems.count() == 3
    text = page.locator("#problems").inner_text()
    assert "rij 4" in text and "niemand" in text and "Q9 2026" in text
    assert_accessible(page)
    page.goto(f"{demo_site.url}/vr06/agreements/")
    assert page.locator(".example-notice").is_visible()
    assert_accessible(page)


def test_coordinator_withdraws_and_restores_an_item_by_keyboard(demo_site, page):
    from paraat.agreements.models import ActionItem

    item = ActionItem.objects.filter(region__code="VR06", is_withdrawn=False).first()
    sign_in(page, demo_site.url, "programma")
    page.goto(f"{demo_site.url}/vr06/agreements/items/{item.pk}/")
    page.get_by_role("link", name="Intrekken").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    page.get_by_label("Waarom wordt dit actiepunt ingetrokken?").fill("Browsertest")
    with page.expect_navigation():
        page.get_by_role("button", name="Intrekken").press("Enter")
    assert "ingetrokken" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Terugzetten").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    page.get_by_label("Waarom wordt dit actiepunt teruggezet?").fill("Toch nodig")
    with page.expect_navigation():
        page.get_by_role("button", name="Terugzetten").press("Enter")
    assert page.locator(".message--success").count() == 1
    assert "Toch nodig" in page.locator("table").last.inner_text()
    assert_accessible(page)
    item.refresh_from_db()
    assert not item.is_withdrawn
