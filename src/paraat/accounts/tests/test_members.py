from django.core import mail
from django.test import Client
from django.urls import reverse

from paraat.accounts.models import Membership, User
from paraat.accounts.roles import Role
from paraat.audit.models import AuditEvent


def admin_client(world):
    client = Client()
    client.force_login(world.users["admin"])
    return client


def test_administrator_grants_a_new_person_a_role_and_they_get_an_invitation(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client(world).post(
            reverse("members:create", args=[world.region.slug]),
            {
                "email": "nieuw@beedorp.nl",
                "full_name": "Nieuwe Collega",
                "role": Role.MUNICIPAL_CONTACT,
                "municipality": world.mun_b.pk,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@beedorp.nl")
    m = Membership.objects.get(user=user)
    assert (m.role, m.municipality, m.region) == (Role.MUNICIPAL_CONTACT, world.mun_b, world.region)
    assert len(mail.outbox) == 1
    assert "/password/reset/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(object_type="accounts.membership", action="create").exists()


def test_municipal_contact_without_municipality_is_refused_with_a_reason(world):
    response = admin_client(world).post(
        reverse("members:create", args=[world.region.slug]),
        {"email": "x@y.nl", "role": Role.MUNICIPAL_CONTACT},
    )
    assert response.status_code == 200
    assert "heeft een gemeente nodig" in response.content.decode()
    assert not User.objects.filter(email="x@y.nl").exists()


def test_administrator_cannot_pick_a_municipality_of_another_region(world):
    response = admin_client(world).post(
        reverse("members:create", args=[world.region.slug]),
        {"email": "x@y.nl", "role": Role.MUNICIPAL_CONTACT, "municipality": world.mun_c.pk},
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(municipality=world.mun_c).exists()


def test_administrator_deactivates_a_membership_and_the_person_loses_access(world):
    m = world.users["contact"].memberships.get()
    admin_client(world).post(
        reverse("members:edit", args=[world.region.slug, m.pk]),
        {"role": m.role, "municipality": world.mun_a.pk},  # is_active unticked
    )
    m.refresh_from_db()
    assert not m.is_active
    client = Client()
    client.force_login(world.users["contact"])
    response = client.get(reverse("start:region_home", args=[world.region.slug]))
    assert response.status_code == 403


def test_administrator_cannot_remove_their_own_admin_role(world):
    m = world.users["admin"].memberships.get()
    response = admin_client(world).post(
        reverse("members:edit", args=[world.region.slug, m.pk]), {"role": Role.BOARD}
    )
    assert "eigen beheerdersrol" in response.content.decode()
    m.refresh_from_db()
    assert m.role == Role.ADMIN and m.is_active


def test_administrator_of_another_region_cannot_edit_our_memberships(world):
    m = world.users["contact"].memberships.get()
    client = Client()
    client.force_login(world.users["outsider"])
    response = client.post(
        reverse("members:edit", args=[world.region.slug, m.pk]), {"role": Role.ADMIN}
    )
    assert response.status_code == 403
    m.refresh_from_db()
    assert m.role == Role.MUNICIPAL_CONTACT
