"""Going live, in a real browser, on a fresh database (issue 13, "Done when"): `paraat
setup_region` for Twente, then only screens. The invited administrator chooses a password, signs
in, follows Getting started, sets the region up, adds a partner, invites a municipal contact and
more people from a spreadsheet, imports an action list and a progress list from Excel and plans
the first measurement round; a municipal contact invited from the spreadsheet follows the
invitation, fills in what the progress list left open and submits the round. axe on every page;
reflow at 320 px on the new pages."""

import datetime as dt
import io
import re
from io import StringIO

import pytest
from playwright.sync_api import expect

from django.core import mail
from django.core.management import call_command

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "Twente-veilig-2026!"
CONTACT_PASSWORD = "Almelo-paraat-2026!"


def _xlsx(rows: list[list]) -> dict:
    """A spreadsheet as Playwright uploads it (written here, as a region's Excel list would be)."""
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {
        "name": "lijst.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": buffer.getvalue(),
    }


def _invitation_path(to: str) -> str:
    (link,) = [
        found.group(0)
        for m in mail.outbox
        if m.to == [to] and (found := re.search(r"https?://\S+/account/password/reset/\S+", m.body))
    ]
    return "/account/" + link.split("/account/", 1)[1]


def _accept_invitation(page, base: str, email: str, password: str) -> None:
    """Follow the e-mailed link, choose a password, then sign in with it."""
    page.goto(base + _invitation_path(email))
    assert_accessible(page)
    page.fill("input[name=new_password1]", password)
    page.fill("input[name=new_password2]", password)
    page.locator("input[name=new_password2]").press("Enter")
    page.wait_for_load_state("networkidle")
    page.goto(base + "/account/login/")
    page.fill("input[name=username]", email)
    if not page.locator("input[name=password]").is_visible():
        page.locator("input[name=username]").press("Enter")
    page.fill("input[name=password]", password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state("networkidle")
    assert "/account/login/" not in page.url


def _upload(page, spreadsheet: dict, button: str) -> None:
    page.set_input_files("input[type=file]", files=[spreadsheet])
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")


def test_invited_administrator_sets_up_twente_and_a_contact_submits_the_first_round(
    live_server, transactional_db, page, browser
):
    base = live_server.url
    out = StringIO()
    call_command("setup_region", "VR05", "--admin", "beheer@vrtwente.nl", stdout=out)
    assert "Gemeente toegevoegd: Almelo (GM0141)" in out.getvalue()
    assert "14 municipalities ready." in out.getvalue()
    _accept_invitation(page, base, "beheer@vrtwente.nl", PASSWORD)

    page.goto(base + "/vr05/")
    page.get_by_role("link", name=re.compile("Aan de slag")).first.click()
    assert "/vr05/region/getting-started/" in page.url
    expect(page.get_by_text("1 van 7 stappen gedaan")).to_be_visible()  # municipalities loaded
    assert_accessible(page)

    # Region settings
    page.goto(base + "/vr05/region/")
    assert_accessible(page)
    page.fill("input[name=short_name]", "VRT")
    page.fill("input[name=desk_email]", "loket@vrtwente.nl")
    page.check("input[name=share_nationally]")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Instellingen van de regio opgeslagen.")).to_be_visible()

    page.goto(base + "/vr05/region/partners/new/")
    assert_accessible(page)
    page.fill("input[name=name]", "GGD Twente")
    page.select_option("select[name=kind]", "ggd")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("cell", name="GGD Twente")).to_be_visible()
    assert_accessible(page)

    page.goto(base + "/vr05/users/new/")
    assert_accessible(page)
    page.fill("input[name=email]", "weerbaarheid@enschede.nl")
    page.fill("input[name=full_name]", "Aanspreekpunt Enschede")
    page.select_option("select[name=role]", "municipal_contact")
    page.select_option("select[name=municipality]", label="Enschede")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")

    # People from a spreadsheet
    page.goto(base + "/vr05/users/import/")
    assert_accessible(page)
    people = _xlsx(
        [
            ["Uitnodigingen Twente"],
            ["Naam", "E-mail", "Organisatie", "Rol"],
            ["Aanspreekpunt Almelo", "weerbaarheid@almelo.nl", "Almelo", "aanspreekpunt"],
            ["Programmacoördinator", "programma@vrtwente.nl", "", "programmacoördinator"],
            ["GGD", "crisis@ggdtwente.nl", "GGD Twente", "crisispartner"],
        ]
    )
    _upload(page, people, "Voorbeeld bekijken")
    expect(page.get_by_role("cell", name="weerbaarheid@almelo.nl")).to_be_visible()
    expect(page.get_by_role("cell", name="crisis@ggdtwente.nl")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Uitnodigen").click()
    expect(page.get_by_text("3 rollen toegekend.")).to_be_visible()

    page.goto(base + "/vr05/municipalities/")
    assert_accessible(page)
    assert "benoemd" in page.get_by_role("row", name=re.compile("Enschede")).inner_text()
    assert "benoemd" in page.get_by_role("row", name=re.compile("Almelo")).inner_text()
    assert "geen genoemd" in page.get_by_role("row", name=re.compile("Borne")).inner_text()

    # The action list from Excel: preview first, then the same file
    page.goto(base + "/vr05/agreements/import/")
    assert_accessible(page)
    actions = _xlsx(
        [
            ["Actielijst weerbaarheid Twente"],
            ["Nr", "Thema", "Actiepunt", "Verantwoordelijk", "Gereed"],
            ["1.1", "Continuïteit", "Continuïteitsplan vastgesteld", "gemeente", "Q2 2026"],
            ["1.2", "Continuïteit", "Noodstroom gemeentehuis", "gemeente", "Q4 2026"],
            ["2.1", "Noodsteunpunten", "C-NSP's ingericht", "regio", "Q3 2026"],
        ]
    )
    _upload(page, actions, "Bestand controleren")
    preview = page.locator(".preview").inner_text()
    assert "3 nieuw" in preview, preview
    assert_accessible(page)
    page.get_by_role("button", name="Dit bestand importeren").click()
    page.wait_for_load_state("networkidle")
    assert "/vr05/agreements/" in page.url
    expect(page.get_by_text("Noodstroom gemeentehuis").first).to_be_visible()
    assert_accessible(page)

    # The first measurement round
    page.goto(base + "/vr05/agreements/rounds/")
    assert_accessible(page)
    today = dt.date.today()
    page.fill("input[name=name]", "Voorjaar 2026")
    page.fill("input[name=opens_on]", today.isoformat())
    page.fill("input[name=deadline]", (today + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Meetmoment openen").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Meetmoment Voorjaar 2026 geopend.")).to_be_visible()
    assert_accessible(page)

    # Progress from Excel: Almelo's first item, recorded in the open round
    page.goto(base + "/vr05/agreements/progress-import/")
    assert_accessible(page)
    progress = _xlsx(
        [
            ["Voortgang gemeenten"],
            ["Gemeente", "Nr", "Status", "Toelichting"],
            ["Almelo", "1.1", "gereed", "Vastgesteld door het college"],
        ]
    )
    _upload(page, progress, "Bestand controleren")
    assert "1 status" in page.locator(".preview").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Dit bestand importeren").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text(re.compile("1 status")).first).to_be_visible()

    page.goto(base + "/vr05/region/statements/")
    assert_accessible(page)
    page.get_by_role("link", name="Privacyverklaring").last.click()
    expect(page.get_by_text("loket@vrtwente.nl").first).to_be_visible()
    assert_accessible(page)
    page.goto(base + "/vr05/region/getting-started/")
    # + sharing decided, people invited, action list, first round (contacts: 2 of 14; no binder)
    expect(page.get_by_text("5 van 7 stappen gedaan")).to_be_visible()

    page.set_viewport_size({"width": 320, "height": 800})  # WCAG 1.4.10 reflow
    wide = {}
    for path in [
        "/vr05/region/",
        "/vr05/region/getting-started/",
        "/vr05/region/partners/",
        "/vr05/region/statements/",
        "/vr05/municipalities/",
        "/vr05/accessibility/",
        "/vr05/users/import/",
        "/vr05/agreements/progress-import/",
    ]:
        page.goto(base + path)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide[path] = scroll
    assert wide == {}

    # Almelo's contact, invited from the spreadsheet, fills in the rest and submits.
    context = browser.new_context(locale="nl-NL")
    contact = context.new_page()
    contact.set_default_timeout(15000)
    _accept_invitation(contact, base, "weerbaarheid@almelo.nl", CONTACT_PASSWORD)
    contact.goto(base + "/vr05/agreements/progress/GM0141/")
    assert_accessible(contact)
    expect(contact.get_by_text("Nog 1 actiepunt in te vullen of te bevestigen.")).to_be_visible()
    contact.get_by_role("link", name="Bijwerken 1.2").click()  # the form opens in place
    contact.check("input[name=status][value=in_progress]")
    contact.fill("textarea[name=explanation]", "Aggregaat besteld")
    assert_accessible(contact)
    with contact.expect_response(lambda r: r.request.method == "POST"):
        contact.get_by_role("button", name="Voortgang opslaan").click()
    contact.goto(base + "/vr05/agreements/progress/GM0141/")
    expect(contact.get_by_text("Aggregaat besteld")).to_be_visible()
    contact.get_by_role("button", name="Voorjaar 2026 indienen").click()
    contact.wait_for_load_state("networkidle")
    expect(
        contact.get_by_text("Ingediend. De CFG beoordeelt uw inzending voor Voorjaar 2026.")
    ).to_be_visible()
    assert_accessible(contact)
    context.close()

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base + "/vr05/agreements/rounds/")
    # the first round: Almelo's submission in, 14 municipalities asked
    expect(page.get_by_role("row", name=re.compile("Voorjaar 2026"))).to_contain_text("1 / 14")
