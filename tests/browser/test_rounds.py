"""The round as the CFG and a municipal contact live it, in a real browser at laptop (1366 px)
and phone (390 px) width: submit, review with what changed, return with the items concerned,
the contact's start page after the return, the status form, the close page. axe on each page."""

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def test_cfg_returns_a_submission_and_the_contact_sees_why_then_the_cfg_closes(demo_site, browser):
    site = demo_site.url
    contact = browser.new_context(locale="nl-NL", viewport=PHONE).new_page()
    cfg = browser.new_context(locale="nl-NL", viewport=LAPTOP).new_page()
    for page in (contact, cfg):
        page.set_default_timeout(15000)
    # The contact (on a phone) confirms everything and submits.
    sign_in(contact, site, "apeldoorn")
    contact.goto(f"{site}/vr06/agreements/progress/GM0200/")
    while contact.locator("form[action*='/categories/'] button").count():
        contact.locator("form[action*='/categories/'] button").first.click()
        contact.wait_for_load_state("networkidle")
    contact.locator("form[action$='/submit/'] button").click()
    contact.wait_for_load_state("networkidle")
    # The CFG (laptop) reviews Apeldoorn: per item what changed, then only what changed.
    sign_in(cfg, site, "cfg")
    cfg.goto(f"{site}/vr06/agreements/rounds/")
    assert cfg.locator("input[name=deadline]").count() == 0  # a round is open: no new-round form
    cfg.locator("table a").first.click()
    round_url = cfg.url
    cfg.goto(round_url + "submissions/GM0200/")
    assert "Sinds het vorige meetmoment" in cfg.content()
    assert_accessible(cfg)
    cfg.get_by_role("link", name="Toon alleen wat veranderde").click()
    cfg.wait_for_load_state("networkidle")
    assert_accessible(cfg)
    cfg.locator("input[name=decision][value=return]").check()
    cfg.locator("textarea[name=remark]").fill("Graag de onderbouwing bij 1.1 toevoegen")
    cfg.locator("input[name=items]").first.check()
    first_number = cfg.locator("input[name=items]").first.get_attribute("value")
    cfg.locator("main button[type=submit]").click()
    cfg.wait_for_url(round_url)
    # The contact's start page says what the CFG wants and about which item.
    contact.goto(f"{site}/vr06/")
    task = contact.locator(".task--urgent", has_text="teruggestuurd")
    assert "Graag de onderbouwing bij 1.1 toevoegen" in task.inner_text()
    assert first_number in task.inner_text()
    assert_accessible(contact)
    # The status form on the phone: only allowed moves, and it passes axe.
    contact.goto(f"{site}/vr06/agreements/progress/GM0200/")
    contact.locator(".ws-item .ws-actions a").last.click()
    contact.wait_for_load_state("networkidle")
    assert contact.locator("input[name=status]").count() >= 2
    assert_accessible(contact)
    # The CFG closes through the close page, on a phone.
    cfg.set_viewport_size(PHONE)
    cfg.goto(round_url + "close/")
    assert "Wat sluiten nu betekent" in cfg.content()
    assert "1 teruggestuurde inzending" in cfg.content() or "teruggestuurde inzendingen" in (
        cfg.content()
    )
    assert_accessible(cfg)
    cfg.locator("main button[type=submit]").click()
    assert cfg.locator(".error-summary").is_visible()
    assert_accessible(cfg)
    if cfg.locator("input[name=accept_submitted]").count():
        cfg.locator("input[name=accept_submitted]").check()
    cfg.locator("textarea[name=reason]").fill("Stuurgroep vergadert eerder")
    cfg.locator("input[name=confirm]").check()
    cfg.locator("main button[type=submit]").click()
    cfg.wait_for_url(round_url)
    assert "Stuurgroep vergadert eerder" in cfg.content()
    assert_accessible(cfg)
