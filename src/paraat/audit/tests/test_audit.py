import pytest

from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.urls import reverse

from paraat.audit.models import Action, AppendOnlyError, AuditEvent, Result
from paraat.audit.services import audit_log


@pytest.fixture
def event(world):
    return audit_log(actor=world.users["admin"], action=Action.UPDATE, obj=world.mun_a)


def test_an_event_cannot_be_changed_through_the_model(event):
    event.object_repr = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_event_cannot_be_deleted_through_the_model_or_queryset(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(object_repr="x")
    assert AuditEvent.objects.filter(pk=event.pk, object_repr="Aadorp").exists()


def test_the_database_refuses_an_update_behind_the_applications_back(event):
    with (
        pytest.raises((IntegrityError, DatabaseError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["x", event.pk]
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger on PostgreSQL")
def test_postgresql_refuses_a_delete_behind_the_applications_back(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def test_event_records_actor_object_region_and_origin(world):
    client = Client(REMOTE_ADDR="192.0.2.7")
    client.force_login(world.users["admin"])
    client.post(
        reverse("regions:contact_edit", args=[world.region.slug, world.extra["contact_a"].pk]),
        {
            "name": "Cor Aangepast",
            "function": "Adviseur",
            "email": "",
            "phone": "1",
            "outage_reachability": "via de bode",
        },
    )
    e = AuditEvent.objects.filter(action=Action.UPDATE).latest("id")
    assert e.actor == world.users["admin"]
    assert e.region == world.region
    assert e.origin == "192.0.2.7"
    assert e.object_repr.startswith("Cor Aangepast")
    assert e.detail["changes"]["name"] == ["Cor A", "Cor Aangepast"]


def test_refused_access_is_recorded(world):
    client = Client()
    client.force_login(world.users["contact"])
    response = client.get(reverse("audit:list", args=[world.region.slug]))
    assert response.status_code == 403
    e = AuditEvent.objects.filter(action=Action.ACCESS_DENIED).latest("id")
    assert e.result == Result.DENIED
    assert e.actor == world.users["contact"]
    assert e.region == world.region


def test_sign_in_and_failed_sign_in_are_recorded(world):
    client = Client()
    client.post(reverse("accounts:login"), {"username": "cfg@test.paraat.nl", "password": "nope"})
    world.users["cfg"].set_password("correct-horse-battery")
    world.users["cfg"].save()
    client.post(
        reverse("accounts:login"),
        {"username": "cfg@test.paraat.nl", "password": "correct-horse-battery"},
    )
    actions = list(
        AuditEvent.objects.filter(region=world.region)
        .order_by("id")
        .values_list("action", "result")
    )
    assert (Action.LOGIN_FAILED, Result.FAILED) in actions
    assert (Action.LOGIN, Result.OK) in actions


def test_administrator_filters_the_trail_and_sees_only_their_region(world):
    audit_log(actor=world.users["admin"], action=Action.EXPORT, obj=world.mun_a)
    audit_log(actor=world.users["outsider"], action=Action.EXPORT, obj=world.mun_c)
    client = Client()
    client.force_login(world.users["admin"])
    response = client.get(reverse("audit:list", args=[world.region.slug]), {"action": "export"})
    body = response.content.decode()
    assert "Aadorp" in body
    assert "Ceedorp" not in body
    assert "1 regel" in body


def test_changes_lists_only_the_fields_that_changed_as_plain_values():
    import datetime as dt
    from decimal import Decimal

    from paraat.audit.services import changes

    before = {"name": "Dorpshuis", "opened": dt.date(2026, 3, 14), "hours": Decimal("72.5")}
    after = {"name": "Dorpshuis", "opened": dt.date(2026, 4, 1), "hours": Decimal("72.5")}
    assert changes(before, after) == {"opened": ["2026-03-14", "2026-04-01"]}
    assert changes({}, {"hours": Decimal("8")}) == {"hours": [None, "8"]}
    assert changes(before, {"name": "Dorpshuis"}, every_field=True) == {
        "name": ["Dorpshuis", "Dorpshuis"]
    }
    assert changes({"goals": (1, 2)}, {"goals": [1, 2]}) == {}


def test_the_trail_is_in_the_navigation_of_who_may_read_it_only(world):
    url = reverse("audit:list", args=[world.region.slug])
    home = reverse("start:region_home", args=[world.region.slug])
    admin = Client()
    admin.force_login(world.users["admin"])
    assert f'href="{url}"' in admin.get(home).content.decode()
    contact = Client()
    contact.force_login(world.users["contact"])
    page = contact.get(home)
    assert page.status_code == 200 and f'href="{url}"' not in page.content.decode()
