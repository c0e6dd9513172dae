"""Compression and session writes (issue 19): pages, CSV and JSON go out gzipped (except a page
that shows the same secret on every visit), and a session's idle timeout slides without a
write on every request, and still expires."""

import datetime as dt
import gzip

import pytest

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from paraat.api.services import api_token_create
from paraat.core.middleware import SessionRefreshMiddleware

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def signed_in(world, persona="board"):
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_pages_are_sent_gzipped(world):
    response = signed_in(world).get(reverse("dashboard:overview", args=[world.region.slug]), **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "<html" in html and "Testland" in html
    plain = signed_in(world).get(reverse("dashboard:overview", args=[world.region.slug]))
    assert not plain.has_header("Content-Encoding")  # a client that cannot unpack gets it plain


def test_csv_and_json_are_sent_gzipped(world):
    csv = signed_in(world).get(
        reverse("dashboard:export", args=[world.region.slug, "municipalities", "csv"]), **GZIP
    )
    assert csv["Content-Encoding"] == "gzip"
    assert "Aadorp" in gzip.decompress(csv.content).decode("utf-8-sig")
    _token, secret = api_token_create(user=world.users["board"], name="BI", actor=None)
    api = Client().get("/api/v1/municipalities/", HTTP_AUTHORIZATION=f"Bearer {secret}", **GZIP)
    assert api["Content-Encoding"] == "gzip"
    assert "Aadorp" in gzip.decompress(api.content).decode()


def test_the_authenticator_key_page_is_never_compressed(world):
    response = signed_in(world).get(reverse("accounts:2fa_setup"), **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


# --- sessions -------------------------------------------------------------------------------


def session_row(client) -> Session:
    return Session.objects.get(pk=client.session.session_key)


def written_ago(client, seconds: int) -> None:
    """Make the session look as if it was last written `seconds` ago."""
    row = session_row(client)
    data = SessionStore().decode(row.session_data)
    data[SessionRefreshMiddleware.KEY] = int(timezone.now().timestamp()) - seconds
    age = dt.timedelta(seconds=SessionStore().get_expiry_age())
    Session.objects.filter(pk=row.pk).update(
        session_data=SessionStore().encode(data),
        expire_date=timezone.now() + age - dt.timedelta(seconds=seconds),
    )


def test_a_session_in_use_is_not_written_on_every_request(world, settings):
    client = signed_in(world)
    home = f"/{world.region.slug}/"
    client.get(home)
    written_ago(client, 60)  # a minute ago: within PARAAT_SESSION_REFRESH_SECONDS
    before = session_row(client).expire_date
    assert client.get(home).status_code == 200
    assert session_row(client).expire_date == before


def test_the_idle_timeout_slides_when_the_session_was_written_a_while_ago(world, settings):
    client = signed_in(world)
    home = f"/{world.region.slug}/"
    written_ago(client, settings.PARAAT_SESSION_REFRESH_SECONDS + 60)
    before = session_row(client).expire_date
    assert client.get(home).status_code == 200
    after = session_row(client).expire_date
    assert after - before >= dt.timedelta(seconds=settings.PARAAT_SESSION_REFRESH_SECONDS)
    assert after > timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_idle_session_still_expires(world):
    client = signed_in(world)
    home = f"/{world.region.slug}/"
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(home)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
