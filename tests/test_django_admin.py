"""The Django admin at /beheer/django/ is for emergencies: read-only, superusers only."""

import pytest

from django.test import Client

from paraat.accounts.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@test.paraat.nl", is_staff=True, is_superuser=True)


def test_superuser_reads_a_region_but_cannot_change_or_add(world, superuser):
    client = Client()
    client.force_login(superuser)
    index = client.get("/beheer/django/")
    assert index.status_code == 200
    assert "/beheer/django/regions/region/" in index.content.decode()
    page = client.get(f"/beheer/django/regions/region/{world.region.pk}/change/")
    assert page.status_code == 200
    assert "Veiligheidsregio Testland" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert client.get("/beheer/django/regions/region/add/").status_code == 403
    response = client.post(
        f"/beheer/django/regions/region/{world.region.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    world.region.refresh_from_db()  # still there


def test_user_page_never_shows_the_password_hash(world, superuser):
    client = Client()
    client.force_login(superuser)
    user = world.users["admin"]
    page = client.get(f"/beheer/django/accounts/user/{user.pk}/change/").content.decode()
    assert user.email in page
    assert user.password not in page and "pbkdf2" not in page and "argon2" not in page


def test_region_administrator_is_refused(world):
    user = world.users["admin"]
    user.is_staff = True  # even with the staff flag
    user.save()
    client = Client()
    client.force_login(user)
    response = client.get("/beheer/django/regions/region/")
    assert response.status_code in (302, 403)
    assert "result_list" not in response.content.decode()  # no change list shown
