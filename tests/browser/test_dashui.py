"""The dashboard a mayor reads in a minute, and the keyboard path through the workspace, in a
real browser: the matrix fits a 1,366 px laptop and reflows at 320 px; on a 390 px phone the
menu folds so the page starts in the first screen; a municipal contact reaches item 6.1 with
one Tab stop per item. axe-core on the pages."""

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_matrix_fits_a_laptop_screen_and_scrolls_in_its_own_frame_on_a_phone(demo_site, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, demo_site.url, "bestuur")
    page.goto(f"{demo_site.url}/{demo_site.region.slug}/dashboard/")
    assert page.locator("table.matrix tbody tr").count() == 22
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    wrap = page.locator(".matrix-wrap")
    widths = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] <= widths[1], widths  # the table does not scroll at all
    assert page.locator(".matrix-key li").count() >= 2  # the numbered columns' names
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the page reflows
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")  # the table scrolls itself
    assert_accessible(page)


def _main_heading_in_first_screen(page) -> bool:
    box = page.locator("main h1").first.bounding_box()
    return box is not None and box["y"] + box["height"] <= 844


def test_on_a_phone_the_menu_folds_and_each_page_starts_in_the_first_screen(demo_site, page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, demo_site.url, "apeldoorn")
    slug = demo_site.region.slug
    for path in ("/", f"/{slug}/dashboard/", f"/{slug}/agreements/progress/GM0200/"):
        page.goto(demo_site.url + path)
        assert _main_heading_in_first_screen(page), path
        assert page.locator(".main-nav a").first.is_hidden()
    summary = page.locator("details.site-menu > summary")
    summary.focus()
    page.keyboard.press("Enter")  # the menu opens with the keyboard
    assert page.locator(".main-nav a").first.is_visible()
    assert_accessible(page)


def test_without_javascript_the_menu_is_open_on_a_phone(browser, demo_site):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, demo_site.url, "apeldoorn")
    assert page.locator(".main-nav a").first.is_visible()
    context.close()


def _tabs_to(page, number: str, limit: int = 80) -> int:
    """Tab presses from the top of the page until focus is inside item `number`."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            """n => { const li = document.activeElement.closest('.ws-item');
                      return !!li && li.querySelector('.ws-number').textContent.trim() === n; }""",
            number,
        )
        if inside:
            return presses
    return limit + 1


def test_contact_reaches_item_6_1_with_one_tab_stop_per_item(demo_site, page):
    sign_in(page, demo_site.url, "apeldoorn")
    page.goto(f"{demo_site.url}/{demo_site.region.slug}/agreements/progress/GM0200/")
    items_before = page.evaluate(
        """() => [...document.querySelectorAll('.ws-number')]
                 .map(e => e.textContent.trim()).indexOf('6.1')"""
    )
    assert items_before > 10  # 6.1 is far down the list
    presses = _tabs_to(page, "6.1")
    # It was 55 with three stops per item; now one stop per item before it (the rest are the
    # header, the filters and the category links, which skip the items altogether).
    assert presses < 55, presses
    active = page.evaluate("document.activeElement.textContent")
    assert "6.1" in active  # its first action, "Bijwerken 6.1"
    # one Tab more is the next item, not another action of this one
    page.keyboard.press("Tab")
    assert "6.1" not in page.evaluate("document.activeElement.textContent")
    assert page.evaluate("document.activeElement.closest('.ws-item') !== null")
    page.keyboard.press("Shift+Tab")
    # the item's other actions are reachable from there with the arrow keys
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.closest('.ws-item') !== null")
    assert "6.1" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")  # "Bijwerken" opens the inline form
    form = page.locator(".ws-item--editing")
    form.wait_for()
    reason = form.locator("textarea[name=not_applicable_reason]")
    if form.locator("input[name=status][value=not_applicable]").is_checked():
        form.locator("input[name=status][value=in_progress]").check()
    assert reason.is_hidden()  # not a Tab stop when it does not apply
    form.locator("input[name=status][value=not_applicable]").check()
    assert reason.is_visible()
    assert_accessible(page)


def test_skip_link_per_category_jumps_to_its_items(demo_site, page):
    sign_in(page, demo_site.url, "apeldoorn")
    page.goto(f"{demo_site.url}/{demo_site.region.slug}/agreements/progress/GM0200/")
    links = page.locator(".ws-jump a")
    assert links.count() >= 6
    target = page.evaluate(
        """() => { const li = [...document.querySelectorAll('.ws-item')]
                     .find(li => li.querySelector('.ws-number').textContent.trim() === '6.1');
                   return li.closest('section').getAttribute('aria-labelledby'); }"""
    )
    link = page.locator(f'.ws-jump a[href="#{target}"]')
    link.focus()
    page.keyboard.press("Enter")
    for _n in range(3):
        page.keyboard.press("Tab")
        if "6." in page.evaluate("document.activeElement.textContent"):
            break
    assert (
        page.evaluate(
            "document.activeElement.closest('.ws-item').querySelector('.ws-number').textContent"
        )
        .strip()
        .startswith("6.")
    )
