"""Single sign-on against a real OpenID provider (tests/oidc): Node.js runs the `oidc-provider`
package on 127.0.0.1 and chromium walks the whole flow, as a person would."""

import re

import pytest
from playwright.sync_api import expect

from paraat.accounts.factories import MembershipFactory, UserFactory
from paraat.accounts.roles import Role
from paraat.audit.models import Action, AuditEvent, Result
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


def test_person_without_a_role_asks_and_the_administrator_grants_it(site, page, settings):
    world = site.world
    _provider(site, trust_mfa=True)
    site.oidc.set_account("piet-sub", email="piet@testland.nl", email_verified=True, name="Piet")

    sso_sign_in(page, site, "piet@testland.nl", "piet-sub")
    expect(page.get_by_role("heading", level=1)).to_have_text("U hebt nog geen toegang")
    expect(page.locator("main")).to_contain_text("admin@test.paraat.nl")
    assert_accessible(page)
    sign_out(page)
    page.get_by_role("button", name=re.compile("Yes, sign me out")).click()
    page.wait_for_url(site.url + "/account/login/**")

    other = page.context.browser.new_context(locale="nl-NL")
    admin_page = other.new_page()
    password_sign_in(admin_page, site, "admin@test.paraat.nl")
    admin_page.get_by_role("link", name=re.compile("Verzoeken om toegang")).first.click()
    assert_accessible(admin_page)
    admin_page.get_by_role("link", name="Rol toekennen piet@testland.nl").click()
    admin_page.get_by_label("Rol:").select_option(Role.COORDINATOR.value)
    admin_page.get_by_role("button", name="Rol toekennen").click()
    expect(admin_page.locator("main")).to_contain_text("Geen openstaande verzoeken.")
    other.close()

    settings.PARAAT_REQUIRE_2FA = True  # coordinators need a second factor
    # With a second factor at the provider (amr) the coordinator needs no Paraat code ...
    sso_sign_in(page, site, "piet@testland.nl", "piet-sub", mfa=True)
    assert page.url == f"{site.url}/{world.region.slug}/"
    expect(page.locator("main")).to_contain_text("Programmacoördinator")
    sign_out(page)
    page.get_by_role("button", name=re.compile("Yes, sign me out")).click()
    page.wait_for_url(site.url + "/account/login/**")
    # ... without one, Paraat asks for its own.
    sso_sign_in(page, site, "piet@testland.nl", "piet-sub", mfa=False)
    assert "/account/2fa/setup/" in page.url


def _refused_with(page, reason: str, provider: str = "Testland Entra ID") -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen geweigerd")
    expect(page.locator("main")).to_contain_text(f"Code: {reason}")
    event = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("-id").first()
    assert (event.result, event.detail["reason"]) == (Result.DENIED, reason)
    assert event.detail["provider"] == provider


def test_sign_ins_the_provider_vouches_for_but_paraat_refuses(site, browser):
    world = site.world
    provider = _provider(site)
    jan = UserFactory(email="jan@testland.nl")
    MembershipFactory(user=jan, role=Role.THEME_LEAD, region=world.region)
    site.oidc.set_account("kees", email="kees@testland.nl", email_verified=False)
    site.oidc.set_account("eve", email="eve@elders.nl", email_verified=True)
    site.oidc.set_account("jan-sub", email="jan@testland.nl", email_verified=True)

    def attempt(email, account):
        context = browser.new_context(locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(15000)
        sso_sign_in(page, site, email, account)
        return context, page

    context, page = attempt("kees@testland.nl", "kees")  # e-mail not verified
    _refused_with(page, "email_unverified")
    assert_accessible(page)
    context.close()

    context, page = attempt("jan@testland.nl", "eve")  # a domain this provider does not serve
    _refused_with(page, "domain")
    context.close()

    jan.is_active = False
    jan.save()
    context, page = attempt("jan@testland.nl", "jan-sub")  # a switched-off Paraat account
    _refused_with(page, "inactive")
    context.close()

    # The administrator's mistakes: a wrong client secret, then a wrong issuer.
    provider.client_secret = "not-the-secret"
    provider.save()
    jan.is_active = True
    jan.save()
    context, page = attempt("jan@testland.nl", "jan-sub")
    _refused_with(page, "token:invalid_client")
    context.close()

    provider.issuer = site.oidc.issuer.replace("127.0.0.1", "localhost")
    provider.save()
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(site.url + "/account/login/")
    page.fill("input[name=username]", "jan@testland.nl")
    page.get_by_role("button", name="Doorgaan").click()
    _refused_with(page, "issuer")

    # Coming back without the state Paraat sent (or with another one) is refused too.
    page.goto(site.url + "/sso/callback/?code=made-up&state=made-up")
    _refused_with(page, "state", provider="")  # no flow in this session: no provider known
    context.close()
