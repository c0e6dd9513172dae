"""Identity providers: the administrator's screens, the command line, the rules and the audit
trail; requests for access on the start page, granted in one step."""

from io import StringIO

import pytest

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from paraat.accounts.factories import UserFactory
from paraat.accounts.models import Membership
from paraat.accounts.roles import Role
from paraat.audit.models import Action, AuditEvent
from paraat.sso import services
from paraat.sso.factories import AccessRequestFactory, IdentityProviderFactory
from paraat.sso.models import AccessRequest, IdentityProvider

SECRET = "s3cret-value-never-shown"


def _admin(world):
    client = Client()
    client.force_login(world.users["admin"])
    return client


def _form(**changes):
    data = {
        "name": "Aadorp Entra ID",
        "issuer": "https://login.microsoftonline.com/tenant-a/v2.0",
        "client_id": "paraat-aadorp",
        "client_secret": SECRET,
        "domains": "aadorp.nl, @Beedorp.nl",
        "password_allowed": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_administrator_adds_a_provider_whose_secret_is_stored_encrypted_and_never_shown(world):
    client = _admin(world)
    url = f"/{world.region.slug}/sso/new/"
    response = client.post(url, _form(trust_email="on"))
    assert response.status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.domain_list == ["aadorp.nl", "beedorp.nl"]
    assert provider.client_secret == SECRET
    assert SECRET not in provider.client_secret_encrypted
    assert (provider.trust_email, provider.trust_mfa, provider.password_allowed) == (
        True,
        False,
        True,
    )
    for page in (f"/{world.region.slug}/sso/", f"/{world.region.slug}/sso/{provider.pk}/"):
        content = client.get(page).content.decode()
        assert "Aadorp Entra ID" in content
        assert SECRET not in content
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="sso.identityprovider")
    assert event.detail["after"]["trust_email"] is True
    assert SECRET not in str(event.detail)


def test_editing_keeps_the_secret_when_left_empty_and_audits_the_change(world):
    client = _admin(world)
    client.post(f"/{world.region.slug}/sso/new/", _form())
    provider = IdentityProvider.objects.get()
    response = client.post(
        f"/{world.region.slug}/sso/{provider.pk}/",
        _form(client_secret="", domains="aadorp.nl", trust_mfa="on", password_allowed=None),
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.client_secret == SECRET
    assert provider.domain_list == ["aadorp.nl"]
    assert (provider.trust_mfa, provider.password_allowed) == (True, False)
    event = AuditEvent.objects.get(action=Action.UPDATE, object_type="sso.identityprovider")
    assert event.detail["before"]["domains"] == ["aadorp.nl", "beedorp.nl"]
    assert event.detail["after"]["password_allowed"] is False
    assert "client_secret" not in event.detail


def test_an_email_domain_belongs_to_one_provider_in_the_whole_installation(world):
    IdentityProviderFactory(region=world.other_region, domains=["aadorp.nl"])
    response = _admin(world).post(f"/{world.region.slug}/sso/new/", _form())
    assert response.status_code == 200
    assert "Een andere identity provider bedient al aadorp.nl." in response.content.decode()
    assert IdentityProvider.objects.filter(region=world.region).count() == 0


@pytest.mark.parametrize(
    "issuer", ["http://login.example.org/t", "ftp://x.nl", "https://x.nl/?a=1"]
)
def test_issuer_must_be_https(world, issuer):
    with pytest.raises(ValidationError):
        services.provider_add(
            region=world.region,
            name="X",
            issuer=issuer,
            client_id="c",
            client_secret="s",
            domains="x.nl",
            actor=world.users["admin"],
        )


def test_plain_http_on_this_machine_only_outside_production(world, settings):
    values = {
        "region": world.region,
        "issuer": "http://127.0.0.1:9000",
        "client_id": "c",
        "client_secret": "s",
        "actor": world.users["admin"],
    }
    services.provider_add(name="Local", domains="local.nl", **values)
    settings.IS_PRODUCTION = True
    with pytest.raises(ValidationError):
        services.provider_add(name="Local 2", domains="local2.nl", **values)


def test_removing_a_provider_is_audited(world):
    provider = IdentityProviderFactory(region=world.region, domains=["aadorp.nl"])
    response = _admin(world).post(f"/{world.region.slug}/sso/{provider.pk}/remove/")
    assert response.status_code == 302
    assert not IdentityProvider.objects.exists()
    event = AuditEvent.objects.get(action=Action.DELETE)
    assert event.detail["provider"] == provider.name


def test_administrator_of_another_region_cannot_touch_this_regions_provider(world):
    provider = IdentityProviderFactory(region=world.region, domains=["aadorp.nl"])
    client = Client()
    client.force_login(world.users["outsider"])
    assert client.get(f"/{world.other_region.slug}/sso/{provider.pk}/").status_code == 404
    assert client.post(f"/{world.region.slug}/sso/{provider.pk}/remove/").status_code == 403
    assert IdentityProvider.objects.exists()


def test_command_line_adds_lists_and_removes_without_printing_the_secret(world, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET + "\n")
    out = StringIO()
    call_command(
        "sso",
        "add",
        "--region",
        world.region.code,
        "--name",
        "VNOG Entra ID",
        "--issuer",
        "https://login.microsoftonline.com/t/v2.0",
        "--client-id",
        "paraat",
        "--client-secret-file",
        str(secret_file),
        "--domains",
        "vnog.nl,apeldoorn.nl",
        "--mfa-from-provider",
        "--no-password",
        stdout=out,
    )
    provider = IdentityProvider.objects.get()
    assert provider.client_secret == SECRET
    assert (provider.trust_mfa, provider.password_allowed) == (True, False)
    call_command("sso", "list", "--region", world.region.code.lower(), stdout=out)
    assert "VNOG Entra ID" in out.getvalue()
    assert "apeldoorn.nl, vnog.nl" in out.getvalue()
    assert SECRET not in out.getvalue()
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="sso.identityprovider")
    assert event.actor_label == "paraat sso (command line)"
    with pytest.raises(CommandError, match=r"vnog\.nl"):
        call_command(
            "sso",
            "add",
            *["--region", "VR91", "--name", "Other", "--issuer", "https://x.nl"],
            *["--client-id", "c", "--client-secret-file", str(secret_file)],
            *["--domains", "vnog.nl"],
            stdout=out,
        )
    call_command("sso", "remove", "--region", world.region.code, "--name", "VNOG Entra ID")
    assert not IdentityProvider.objects.exists()


def test_open_requests_show_on_the_administrators_start_page_and_are_granted_in_one_step(world):
    person = UserFactory(email="nieuw@aadorp.nl")
    request = AccessRequestFactory(
        provider=IdentityProviderFactory(region=world.region, domains=["aadorp.nl"]),
        user=person,
        region=world.region,
    )
    client = _admin(world)
    home = client.get(f"/{world.region.slug}/").content.decode()
    assert "Verzoeken om toegang" in home
    assert "1 persoon is ingelogd met het account van de eigen organisatie" in home
    other = Client()
    other.force_login(world.users["coordinator"])
    assert "Verzoeken om toegang" not in other.get(f"/{world.region.slug}/").content.decode()

    url = f"/{world.region.slug}/sso/requests/{request.pk}/"
    response = client.post(url, {"role": Role.MUNICIPAL_CONTACT, "municipality": world.mun_a.pk})
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert (membership.role, membership.municipality) == (Role.MUNICIPAL_CONTACT, world.mun_a)
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.GRANTED
    assert request.handled_by == world.users["admin"]
    assert "Verzoeken om toegang" not in client.get(f"/{world.region.slug}/").content.decode()
    assert client.get(url).status_code == 404  # handled


def test_a_request_can_be_dismissed(world):
    request = AccessRequestFactory(
        provider=IdentityProviderFactory(region=world.region, domains=["aadorp.nl"]),
        region=world.region,
    )
    response = _admin(world).post(f"/{world.region.slug}/sso/requests/{request.pk}/dismiss/")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.DISMISSED
    assert not Membership.objects.filter(user=request.user).exists()
