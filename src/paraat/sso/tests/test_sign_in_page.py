"""The sign-in page asks for the e-mail address first and sends organisations with single
sign-on to their provider; invitations and the second factor follow the provider's settings."""

from django.core import mail
from django.test import Client

from paraat.accounts.factories import MembershipFactory, UserFactory
from paraat.accounts.roles import Role
from paraat.accounts.services import membership_grant
from paraat.sso.factories import IdentityProviderFactory

PASSWORD = "correct-horse-battery"


def test_an_address_of_an_organisation_with_single_sign_on_goes_on_to_its_provider(world):
    IdentityProviderFactory(
        region=world.region, issuer="https://idp.aadorp.nl/t", domains=["aadorp.nl"]
    )
    response = Client().post(
        "/account/login/", {"username": "Jan@Aadorp.nl", "password": "", "next": "/vr90/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/sso/start/?email=Jan%40Aadorp.nl&next=%2Fvr90%2F"


def test_the_sign_in_page_allows_the_providers_origin_as_form_action(world):
    IdentityProviderFactory(
        region=world.region, issuer="https://idp.aadorp.nl/t", domains=["aadorp.nl"]
    )
    response = Client().get("/account/login/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    form_action = next(d for d in csp.split(";") if d.strip().startswith("form-action"))
    assert form_action.split()[1:] == ["'self'", "https://idp.aadorp.nl"]


def test_without_any_provider_both_fields_show_at_once(world):
    page = Client().get("/account/login/").content.decode()
    assert 'data-email-first="0"' in page
    assert "Liever inloggen met een wachtwoord" not in page


def test_any_other_address_gets_the_password_field_next(world):
    IdentityProviderFactory(region=world.region, domains=["aadorp.nl"])
    client = Client()
    first = client.get("/account/login/").content.decode()
    assert 'data-email-first="1"' in first
    response = client.post("/account/login/", {"username": "cfg@test.paraat.nl", "password": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-email-first="0"' in page
    assert 'value="cfg@test.paraat.nl"' in page
    assert "Iets klopt niet" not in page  # no error for the first step
    response = client.post(
        "/account/login/", {"username": "cfg@test.paraat.nl", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_password_stays_possible_where_the_administrator_allows_it(world):
    user = UserFactory(email="jan@aadorp.nl")
    MembershipFactory(user=user, role=Role.THEME_LEAD, region=world.region)
    provider = IdentityProviderFactory(region=world.region, domains=["aadorp.nl"])
    client = Client()
    page = client.get("/account/login/?password=1").content.decode()
    assert 'name="password_way"' in page
    data = {"username": "jan@aadorp.nl", "password": PASSWORD, "password_way": "1"}
    assert client.post("/account/login/", data).status_code == 302

    provider.password_allowed = False
    provider.save()
    client = Client()
    response = client.post("/account/login/", data)
    assert response.status_code == 200
    assert f"Uw organisatie logt in via {provider.name}" in response.content.decode()
    assert client.get("/account/").status_code == 302  # not signed in


def test_invitation_to_an_organisation_with_single_sign_on_asks_for_no_password(
    world, django_capture_on_commit_callbacks
):
    IdentityProviderFactory(region=world.region, name="Aadorp Entra ID", domains=["aadorp.nl"])
    for email in ("nieuw@aadorp.nl", "nieuw@elders.nl"):
        with django_capture_on_commit_callbacks(execute=True):
            membership_grant(
                email=email,
                full_name="Nieuw",
                role=Role.THEME_LEAD,
                region=world.region,
                actor=world.users["admin"],
            )
    assert [m.to for m in mail.outbox] == [["nieuw@aadorp.nl"], ["nieuw@elders.nl"]]
    sso, password = mail.outbox[0].body, mail.outbox[1].body
    assert "Uw organisatie logt in via Aadorp Entra ID" in sso
    assert "/account/login/" in sso
    assert "/password/reset/" not in sso
    assert "/password/reset/" in password
    assert "Aadorp Entra ID" not in password


def test_second_factor_at_a_trusted_provider_replaces_paraats_own(world, settings):
    settings.PARAAT_REQUIRE_2FA = True
    client = Client()
    client.force_login(world.users["coordinator"])
    assert client.get("/vr90/")["Location"].startswith("/account/2fa/setup/")
    session = client.session
    session["sso"] = {"provider": 1, "id_token": "x", "mfa": True}
    session.save()
    assert client.get("/vr90/").status_code == 200
