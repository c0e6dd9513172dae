"""Conditional reads (issue 19): a token client gets an ETag, asks again with If-None-Match and
gets 304 until a write (or a change in what it may read) changes the answer."""

import pytest

from django.test import Client

from paraat.agreements.models import Status
from paraat.agreements.services import status_update_record
from paraat.api.services import api_token_create

from .conftest import bearer

pytestmark = pytest.mark.django_db

PATHS = ["/api/v1/progress/", "/api/v1/facts/?format=csv", "/api/v1/support-points/"]


def token_for(world, persona="board"):
    _token, secret = api_token_create(user=world.users[persona], name="BI", actor=None)
    return bearer(secret)


def write(world, text="Noodstroom besteld"):
    status_update_record(
        item=world.extra["items"][0],
        municipality=world.mun_a,
        actor=world.users["contact"],
        expected_version=0,
        status=Status.IN_PROGRESS,
        explanation=text,
    )


@pytest.mark.parametrize("path", PATHS)
def test_a_token_client_gets_304_until_a_write(listed, path):
    client, auth = Client(), token_for(listed)
    first = client.get(path, **auth)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    assert first["Cache-Control"] == "private, no-cache"  # keep it, but ask again
    again = client.get(path, HTTP_IF_NONE_MATCH=etag, **auth)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    write(listed)
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag, **auth)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_etag_depends_on_the_query_and_the_reader(listed):
    client = Client()
    board, partner = token_for(listed, "board"), token_for(listed, "partner")
    etag = client.get("/api/v1/progress/", **board)["ETag"]
    assert client.get("/api/v1/progress/?region=VR90", **board)["ETag"] != etag
    other = client.get("/api/v1/progress/", HTTP_IF_NONE_MATCH=etag, **partner)
    assert other.status_code == 200 and other["ETag"] != etag


def test_a_write_shows_in_the_next_answer(listed):
    client, auth = Client(), token_for(listed)
    etag = client.get("/api/v1/status-updates/", **auth)["ETag"]
    write(listed, "Aggregaat geleverd")
    answer = client.get("/api/v1/status-updates/", HTTP_IF_NONE_MATCH=etag, **auth)
    assert answer.status_code == 200
    assert "Aggregaat geleverd" in answer.content.decode()


def test_a_signed_in_browser_keeps_nothing(listed):
    client = Client()
    client.force_login(listed.users["board"])
    response = client.get("/api/v1/progress/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_refused_reader_gets_no_304(listed):
    etag = Client().get("/api/v1/progress/", **token_for(listed))["ETag"]
    anonymous = Client().get("/api/v1/progress/", HTTP_IF_NONE_MATCH=etag)
    assert anonymous.status_code == 401
