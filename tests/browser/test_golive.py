"""Going live, in a real browser: `paraat setup_region` for Twente, then only screens. The
invited administrator chooses a password, signs in, follows Getting started, sets the region up,
adds a partner, invites a municipal contact and more people from a spreadsheet; axe on every new
page."""

import re
from io import StringIO

import pytest

from django.core import mail
from django.core.management import call_command

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "Twente-veilig-2026!"


def test_invited_administrator_sets_up_twente_with_screens_only(
    live_server, transactional_db, page
):
    call_command("setup_region", "VR05", "--admin", "beheer@vrtwente.nl", stdout=StringIO())
    (invitation,) = mail.outbox
    link = re.search(r"https?://\S+/account/password/reset/\S+", invitation.body).group(0)
    path = link.split("/account/", 1)[1]
    page.goto(f"{live_server.url}/account/{path}")
    page.fill("input[name=new_password1]", PASSWORD)
    page.fill("input[name=new_password2]", PASSWORD)
    page.locator("input[name=new_password2]").press("Enter")
    page.wait_for_load_state("networkidle")

    page.goto(live_server.url + "/account/login/")
    page.fill("input[name=username]", "beheer@vrtwente.nl")
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state("networkidle")
    assert "/account/login/" not in page.url

    page.goto(live_server.url + "/vr05/")
    page.get_by_role("link", name=re.compile("Aan de slag")).first.click()
    assert "/vr05/region/getting-started/" in page.url
    assert page.get_by_text("1 van 7 stappen gedaan").is_visible()  # municipalities loaded
    assert_accessible(page)

    page.goto(live_server.url + "/vr05/region/")
    assert_accessible(page)
    page.fill("input[name=short_name]", "VRT")
    page.fill("input[name=desk_email]", "loket@vrtwente.nl")
    page.check("input[name=share_nationally]")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Instellingen van de regio opgeslagen.").is_visible()

    page.goto(live_server.url + "/vr05/region/partners/new/")
    assert_accessible(page)
    page.fill("input[name=name]", "GGD Twente")
    page.select_option("select[name=kind]", "ggd")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_role("cell", name="GGD Twente").is_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/vr05/users/new/")
    page.fill("input[name=email]", "weerbaarheid@enschede.nl")
    page.fill("input[name=full_name]", "Aanspreekpunt Enschede")
    page.select_option("select[name=role]", "municipal_contact")
    page.select_option("select[name=municipality]", label="Enschede")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")

    csv = (
        "Naam;E-mail;Organisatie;Rol\n"
        "Aanspreekpunt Almelo;weerbaarheid@almelo.nl;Almelo;aanspreekpunt\n"
        "Programmacoördinator;programma@vrtwente.nl;;programmacoördinator\n"
    )
    page.goto(live_server.url + "/vr05/users/import/")
    assert_accessible(page)
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "mensen.csv", "mimeType": "text/csv", "buffer": csv.encode()}],
    )
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    assert page.get_by_role("cell", name="weerbaarheid@almelo.nl").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Uitnodigen").click()
    assert page.get_by_text("2 rollen toegekend.").is_visible()

    page.goto(live_server.url + "/vr05/municipalities/")
    assert_accessible(page)
    row = page.get_by_role("row", name=re.compile("Enschede"))
    assert "benoemd" in row.inner_text()
    assert "benoemd" in page.get_by_role("row", name=re.compile("Almelo")).inner_text()
    assert "geen genoemd" in page.get_by_role("row", name=re.compile("Borne")).inner_text()

    page.goto(live_server.url + "/vr05/region/populations/")
    assert_accessible(page)
    page.goto(live_server.url + "/vr05/region/statements/")
    assert_accessible(page)
    page.get_by_role("link", name="Privacyverklaring").last.click()
    assert page.get_by_text("loket@vrtwente.nl").first.is_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/vr05/region/getting-started/")
    assert page.get_by_text("3 van 7 stappen gedaan").is_visible()  # + sharing, people

    page.set_viewport_size({"width": 320, "height": 800})  # WCAG 1.4.10 reflow
    wide = {}
    for path in [
        "/vr05/region/",
        "/vr05/region/getting-started/",
        "/vr05/region/partners/",
        "/vr05/region/statements/",
        "/vr05/municipalities/",
        "/vr05/accessibility/",
    ]:
        page.goto(live_server.url + path)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide[path] = scroll
    assert wide == {}
