import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.core import mail
from django.test import Client
from django.urls import reverse

from paraat.audit.models import AuditEvent

PASSWORD = "correct-horse-battery"


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_sign_in_by_email_address_is_case_insensitive(world):
    client = Client()
    response = sign_in(client, "CFG@Test.Paraat.nl")
    assert response.status_code == 302
    assert client.get(reverse("start:home")).status_code == 302  # to the region start page


def test_wrong_password_shows_a_dutch_error(world):
    response = sign_in(Client(), "cfg@test.paraat.nl", "wrong-password")
    assert response.status_code == 200
    assert "Dit e-mailadres en wachtwoord horen niet bij elkaar" in response.content.decode()


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "cfg@test.paraat.nl", "wrong-password")
    response = sign_in(client, "cfg@test.paraat.nl")
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(world):
    response = Client().get(reverse("start:region_home", args=[world.region.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_sign_out_needs_post_and_ends_the_session(world):
    client = Client()
    client.force_login(world.users["board"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(world):
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "board@test.paraat.nl"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "n1euw-Wachtwoord!", "new_password2": "n1euw-Wachtwoord!"}
    )
    assert response.status_code == 302
    assert sign_in(Client(), "board@test.paraat.nl", "n1euw-Wachtwoord!").status_code == 302


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(world):
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@x.nl"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


@pytest.fixture
def two_factor_on(settings):
    settings.PARAAT_REQUIRE_2FA = True


def test_two_factor_is_required_for_the_cfg_when_switched_on(world, two_factor_on):
    client = Client()
    sign_in(client, "cfg@test.paraat.nl")
    response = client.get(reverse("start:region_home", args=[world.region.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:2fa_setup"))


def test_two_factor_is_optional_for_a_municipal_contact(world, two_factor_on):
    client = Client()
    sign_in(client, "contact@test.paraat.nl")
    assert client.get(reverse("start:region_home", args=[world.region.slug])).status_code == 200


def test_cfg_sets_up_totp_and_then_must_give_a_code_at_every_sign_in(world, two_factor_on):
    client = Client()
    sign_in(client, "cfg@test.paraat.nl")
    response = client.get(reverse("accounts:2fa_setup"))
    page = response.content.decode()
    assert "<svg" in page
    # Showing the set-up page stores nothing: the device exists once a code confirms it.
    assert not TOTPDevice.objects.exists()
    key = base64.b32decode(page.split('class="secret">')[1].split("<")[0])
    setup = page.split('name="setup" value="')[1].split('"')[0]
    response = client.post(reverse("accounts:2fa_setup"), {"token": "000000", "setup": setup})
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.exists()
    # The page offers the same key again, so the app's entry still works.
    assert base64.b32encode(key).decode() in response.content.decode()
    code = f"{totp(key):06d}"
    response = client.post(reverse("accounts:2fa_setup"), {"token": code, "setup": setup})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=world.users["cfg"])
    assert device.confirmed and device.bin_key == key
    assert AuditEvent.objects.filter(action="two_factor", actor=world.users["cfg"]).exists()
    assert client.get(reverse("start:region_home", args=[world.region.slug])).status_code == 200

    second = Client()
    sign_in(second, "cfg@test.paraat.nl")
    response = second.get(reverse("start:region_home", args=[world.region.slug]))
    assert response["Location"].startswith(reverse("accounts:2fa_verify"))
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step once more in this test
    device.save()
    response = second.post(reverse("accounts:2fa_verify"), {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    assert second.get(reverse("start:region_home", args=[world.region.slug])).status_code == 200


def test_a_set_up_key_signed_for_someone_else_stores_nothing(world, two_factor_on):
    from paraat.accounts.services import two_factor_setup_start

    device, foreign = two_factor_setup_start(user=world.users["admin"])
    client = Client()
    sign_in(client, "cfg@test.paraat.nl")
    code = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("accounts:2fa_setup"), {"token": code, "setup": foreign})
    assert response.status_code == 200
    assert "verlopen" in response.content.decode()
    assert not TOTPDevice.objects.exists()
