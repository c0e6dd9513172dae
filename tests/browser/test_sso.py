"""Single sign-on against a real OpenID provider (tests/oidc): Node.js runs the `oidc-provider`
package on 127.0.0.1 and chromium walks the whole flow, as a person would."""

import re

import pytest
from playwright.sync_api import expect

from paraat.accounts.factories import MembershipFactory, UserFactory
from paraat.accounts.roles import Role
from paraat.audit.models import Action, AuditEvent
from tests.oidc.provider import oidc_provider  # noqa: F401 -- the fixture

from .conftest import assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"


@pytest.fixture
def site(live_server, transactional_db, oidc_provider):  # noqa: F811
    from paraat.testing import build_world

    world = build_world()
    live_server.world = world
    live_server.oidc = oidc_provider
    return live_server


def _provider(site, **kwargs):
    from paraat.sso.services import provider_add

    values = {
        "region": site.world.region,
        "name": "Testland Entra ID",
        "issuer": site.oidc.issuer,
        "client_id": site.oidc.client_id,
        "client_secret": site.oidc.client_secret,
        "domains": "testland.nl",
        "actor": site.world.users["admin"],
    }
    return provider_add(**{**values, **kwargs})


def password_sign_in(page, site, email, password=PASSWORD):
    page.goto(site.url + "/account/login/")
    page.fill("input[name=username]", email)
    page.locator("input[name=username]").press("Enter")
    page.fill("input[name=password]", password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state("networkidle")


def sso_sign_in(page, site, email, account, *, mfa=False):
    """E-mail address at Paraat, then the provider's own sign-in page, then back."""
    page.goto(site.url + "/account/login/")
    expect(page.locator("input[name=password]")).to_be_hidden()  # e-mail address first
    page.fill("input[name=username]", email)
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url(site.oidc.issuer + "/interaction/**")
    page.fill("input[name=login]", account)
    if mfa:
        page.check("input[name=mfa]")
    page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_url(site.url + "/**")
    page.wait_for_load_state("networkidle")


def sign_out(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("networkidle")


def test_administrator_adds_a_provider_and_a_colleague_signs_in_with_it(site, page):
    world = site.world
    jan = UserFactory(email="jan@testland.nl", full_name="Jan Jansen")
    MembershipFactory(
        user=jan, role=Role.MUNICIPAL_CONTACT, region=world.region, municipality=world.mun_a
    )
    site.oidc.set_account("jan-sub", email="jan@testland.nl", email_verified=True, name="Jan")

    password_sign_in(page, site, "admin@test.paraat.nl")
    page.goto(f"{site.url}/{world.region.slug}/sso/new/")
    assert_accessible(page)
    page.get_by_label("Naam:", exact=True).fill("Testland Entra ID")
    page.get_by_label("Issuer-URL").fill(site.oidc.issuer)
    page.get_by_label("Client-ID").fill(site.oidc.client_id)
    page.get_by_label("Clientgeheim").fill(site.oidc.client_secret)
    page.get_by_label("E-maildomeinen").fill("testland.nl")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("cell", name="testland.nl")).to_be_visible()
    assert site.oidc.client_secret not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Wijzigen Testland Entra ID").click()
    assert site.oidc.client_secret not in page.content()  # never shown again
    sign_out(page)

    sso_sign_in(page, site, "jan@testland.nl", "jan-sub")
    assert page.url == f"{site.url}/{world.region.slug}/"  # the start page, with the role
    expect(page.locator("main")).to_contain_text("Aadorp")
    login = AuditEvent.objects.filter(action=Action.LOGIN, actor=jan).get()
    assert login.detail["provider"] == "Testland Entra ID"

    # Sign-out ends the session at the provider too (RP-initiated logout).
    sign_out(page)
    page.wait_for_url(site.oidc.issuer + "/**")
    page.get_by_role("button", name=re.compile("Yes, sign me out")).click()
    page.wait_for_url(site.url + "/account/login/**")
    assert page.context.request.get(site.url + "/account/").url.endswith(
        "/account/login/?next=/account/"
    )

    # Later sign-ins find the account by the provider's subject, even with a new address.
    site.oidc.set_account("jan-sub", email="j.jansen@testland.nl", email_verified=True)
    sso_sign_in(page, site, "j.jansen@testland.nl", "jan-sub")  # the provider asks again
    assert page.url == f"{site.url}/{world.region.slug}/"
    from paraat.accounts.models import User

    assert not User.objects.filter(email="j.jansen@testland.nl").exists()
    assert AuditEvent.objects.filter(action=Action.LOGIN, actor=jan).count() == 2
