"""Organisation tokens (integrations): made by the region's administrator, acting as one role
in one organisation through a service account, exactly as a person with that role, never
more; refused to everyone else and for everything the role may not do."""

import datetime as dt
import json
from io import StringIO

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from paraat.accounts.models import Membership
from paraat.agreements.models import ItemProgress
from paraat.agreements.services import status_update_record
from paraat.api.models import ApiToken
from paraat.api.services import api_token_revoke, organisation_token_create
from paraat.audit.models import AuditEvent

from .conftest import bearer
from .test_endpoints import ENDPOINTS, _world_with_progress


def _contact_token(world, **kwargs):
    return organisation_token_create(
        region=world.region,
        role="municipal_contact",
        municipality=world.mun_a,
        name="Zaaksysteem Aadorp",
        actor=world.users["admin"],
        **kwargs,
    )


def _new_token_page(world, persona, region=None, **data):
    client = Client()
    client.force_login(world.users[persona])
    region = region or world.region
    body = {"name": "Zaaksysteem", "role": "municipal_contact", "days": 90, **data}
    return client.post(f"/{region.slug}/api-tokens/new/", body)


def test_administrator_makes_one_on_the_page_shown_once_listed_and_audited(world):
    response = _new_token_page(world, "admin", municipality=world.mun_a.pk)
    assert response.status_code == 200
    body = response.content.decode()
    secret = body.split('id="new-token">')[1].split("<")[0]
    token = ApiToken.objects.get()
    assert secret.startswith("prt_") and token.digest != secret
    assert Client().get("/api/v1/regions/", **bearer(secret)).status_code == 200
    admin = Client()
    admin.force_login(world.users["admin"])
    listing = admin.get(f"/{world.region.slug}/api-tokens/").content.decode()
    assert "Zaaksysteem" in listing and "Aadorp" in listing and secret not in listing
    event = AuditEvent.objects.get(object_type="api.apitoken", action="create")
    assert event.actor == world.users["admin"] and event.region == world.region
    assert event.detail["role"] == "municipal_contact" and event.detail["organisation"] == "Aadorp"
    token.refresh_from_db()
    assert token.last_used_at is not None and token.expires_at > timezone.now()


@pytest.mark.parametrize("persona", ["coordinator", "cfg", "contact", "board", "partner"])
def test_a_non_administrator_cannot_make_one(world, persona):
    assert _new_token_page(world, persona, municipality=world.mun_a.pk).status_code == 403
    with pytest.raises(PermissionDenied):
        organisation_token_create(
            region=world.region,
            role="board",
            name="x",
            actor=world.users[persona],
        )
    assert not ApiToken.objects.exists()


def test_an_administrator_cannot_make_one_for_another_region(world):
    # Not on the other region's page, and not for the other region's municipality.
    response = _new_token_page(
        world, "admin", region=world.other_region, municipality=world.mun_c.pk
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        organisation_token_create(
            region=world.other_region, role="board", name="x", actor=world.users["admin"]
        )
    response = _new_token_page(world, "admin", municipality=world.mun_c.pk)
    assert response.status_code == 200 and "new-token" not in response.content.decode()
    with pytest.raises(ValidationError):
        organisation_token_create(
            region=world.region,
            role="municipal_contact",
            municipality=world.mun_c,
            name="x",
            actor=world.users["admin"],
        )
    assert not ApiToken.objects.exists()


def test_only_roles_an_administrator_may_grant_and_with_their_organisation(world):
    for role, org in [("national", {}), ("municipal_contact", {}), ("partner", {})]:
        with pytest.raises(ValidationError):
            organisation_token_create(
                region=world.region, role=role, name="x", actor=world.users["admin"], **org
            )
    assert not ApiToken.objects.exists()


def test_the_token_cannot_exceed_its_role(listed):
    world = _world_with_progress(listed)
    item = world.extra["items"][0]
    status_update_record(
        item=item,
        municipality=world.mun_b,
        actor=world.users["other_contact"],
        expected_version=0,
        status="started",
    )
    own = ItemProgress.objects.get(item=item, municipality=world.mun_a)
    other = ItemProgress.objects.get(item=item, municipality=world.mun_b)
    _t, contact_rw = _contact_token(world, can_write=True)
    _t, board_rw = organisation_token_create(
        region=world.region, role="board", name="BI", can_write=True, actor=world.users["admin"]
    )
    _t, contact_ro = _contact_token(world)

    def post(progress, secret):
        return Client().post(
            f"/api/v1/progress/{progress.pk}/status-updates/",
            {"status": "achieved", "explanation": "Klaar"},
            content_type="application/json",
            HTTP_IF_MATCH=f'"{progress.version}"',
            **bearer(secret),
        )

    assert post(other, contact_rw).status_code == 403  # another municipality
    assert post(own, board_rw).status_code == 403  # a board member records nothing
    assert post(own, contact_ro).status_code == 403  # a read-only token
    assert ItemProgress.objects.get(pk=own.pk).version == own.version
    # Its own municipality, with a write token: recorded, and the token named in the trail.
    assert post(own, contact_rw).status_code == 201
    assert AuditEvent.objects.filter(detail__api_token__startswith="Zaaksysteem Aadorp").exists()
    # No rounds for a municipal contact (as on the pages).
    rounds = Client().get("/api/v1/rounds/", **bearer(contact_ro)).json()["results"]
    assert rounds == []


def test_revoked_and_expired_tokens_get_401_and_the_account_cannot_sign_in(world):
    token, secret = _contact_token(world)
    assert Client().get("/api/v1/regions/", **bearer(secret)).status_code == 200
    api_token_revoke(token=token, actor=world.users["admin"])
    assert Client().get("/api/v1/regions/", **bearer(secret)).status_code == 401
    expired, expired_secret = _contact_token(world)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert Client().get("/api/v1/regions/", **bearer(expired_secret)).status_code == 401
    account = token.user
    assert not account.has_usable_password()
    assert account.email.endswith(".invalid")
    client = Client()
    response = client.post("/account/login/", {"username": account.email, "password": "x"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    events = AuditEvent.objects.filter(object_type="api.apitoken", object_id=str(token.pk))
    assert sorted(e.action for e in events) == ["create", "delete"]
    # the service account's role ended with its token (and said so in the trail)
    role = Membership.objects.get(user=account)
    assert not role.is_active
    assert AuditEvent.objects.filter(
        object_type="accounts.membership", object_id=str(role.pk), action="update"
    ).exists()


def test_revoking_by_command_ends_the_role_too(world):
    token, _secret = _contact_token(world)
    api_token_revoke(token=token, actor="paraat api_token")
    assert not Membership.objects.get(user=token.user).is_active


@pytest.mark.parametrize("path", sorted(ENDPOINTS))
def test_a_municipalitys_token_sees_exactly_what_its_contact_sees(listed, path):
    world = _world_with_progress(listed)
    from paraat.api.services import api_token_create

    _t, person = api_token_create(user=world.users["contact"], name="p", actor=None)
    _t, organisation = _contact_token(world)
    as_person = Client().get(path, **bearer(person))
    as_organisation = Client().get(path, **bearer(organisation))
    assert as_person.status_code == as_organisation.status_code == 200
    assert json.loads(as_organisation.content) == json.loads(as_person.content)


def test_partner_token_sees_what_the_partner_sees(listed):
    world = _world_with_progress(listed)
    from paraat.api.services import api_token_create

    _t, person = api_token_create(user=world.users["partner"], name="p", actor=None)
    _t, organisation = organisation_token_create(
        region=world.region,
        role="partner",
        partner=world.partner_org,
        name="GGD-systeem",
        actor=world.users["admin"],
    )
    for path in ("/api/v1/knowledge-items/", "/api/v1/activities/", "/api/v1/progress/"):
        as_person = Client().get(path, **bearer(person)).json()
        assert Client().get(path, **bearer(organisation)).json() == as_person, path


def test_a_write_token_in_the_interface_needs_the_second_step(world, settings):
    settings.PARAAT_REQUIRE_2FA = True
    response = _new_token_page(world, "admin", municipality=world.mun_a.pk, can_write="on")
    assert response.status_code == 302 and "/account/2fa/" in response["Location"]
    assert not ApiToken.objects.exists()


def test_command_makes_lists_and_revokes_an_organisation_token(world):
    out = StringIO()
    call_command(
        "api_token",
        "create",
        "--region",
        "vr90",
        "--role",
        "municipal_contact",
        "--municipality",
        "GM9001",
        "--name",
        "Zaaksysteem",
        "--write",
        stdout=out,
    )
    secret = out.getvalue().strip().splitlines()[-1]
    assert "Aadorp" in out.getvalue()
    rows = Client().get("/api/v1/municipalities/", **bearer(secret)).json()["results"]
    assert {r["code"] for r in rows} == {"GM9001", "GM9002"}
    listing = StringIO()
    call_command("api_token", "list", stdout=listing)
    assert "municipal_contact@Aadorp" in listing.getvalue() and secret not in listing.getvalue()
    token = ApiToken.objects.get()
    call_command("api_token", "revoke", str(token.pk), stdout=StringIO())
    assert Client().get("/api/v1/regions/", **bearer(secret)).status_code == 401
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "api_token", "create", "--region", "vr90", "--role", "municipal_contact",
            "--municipality", "GM9003", "--name", "x", stdout=StringIO(),
        )  # fmt: skip
