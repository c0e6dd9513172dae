"""Whole pages from the cache for the session that saw them (issue 19, `core.pagecache`): a
warm page costs one query (the person, their second factor and the data version together)
and never reaches anyone else, another session of the same person, a session that has since
lost its access, or anyone after a write."""

from __future__ import annotations

import gzip
import re

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from paraat.accounts.models import Membership
from paraat.accounts.services import membership_update
from paraat.agreements.models import Status
from paraat.regions.models import Region

from . import data
from .test_caching import client_for, headline_share, record

pytestmark = pytest.mark.django_db

WARM = 1  # the person, their second factor and the region's data version, in one query


@pytest.fixture
def built(world):
    return data.build(world)


@pytest.fixture(autouse=True)
def cached_sessions(settings):
    """Sessions read through the cache, as in production with Redis."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def overview_url(world) -> str:
    return reverse("dashboard:overview", args=[world.region.slug])


def warm(client: Client, url: str) -> str:
    """A browser's first two visits: the first is given its CSRF cookie, the second is kept."""
    client.get(url)
    return client.get(url).content.decode()


def stored_pages() -> int:
    return len([k for k in cache._cache if ":paraat:page:" in k])  # local-memory cache


def tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


PAGES = [
    ("dashboard:overview", lambda w: [w.region.slug]),
    ("dashboard:municipality", lambda w: [w.region.slug, w.mun_a.code]),
    ("dashboard:municipality_print", lambda w: [w.region.slug, w.mun_a.code]),
]


@pytest.mark.parametrize("name,args", PAGES, ids=[p[0] for p in PAGES])
def test_a_warm_page_is_the_same_page_for_three_queries(
    world, built, django_assert_max_num_queries, name, args
):
    client = client_for(world, "board")
    url = reverse(name, args=args(world))
    second = warm(client, url)
    with django_assert_max_num_queries(WARM):
        third = client.get(url)
    assert third.content.decode() == second
    assert third["Cache-Control"] == "private, no-store"  # still kept by no browser
    assert third["X-Frame-Options"] == "DENY"


def test_the_national_view_is_kept_until_any_region_writes(
    world, built, django_assert_max_num_queries
):
    Region.objects.filter(pk=world.region.pk).update(share_nationally=True)
    client = client_for(world, "national")
    url = reverse("national:index")
    before = warm(client, url)
    with django_assert_max_num_queries(WARM):
        assert client.get(url).content.decode() == before
    record(world, built["i12"], world.mun_b, Status.ACHIEVED, actor="other_contact")
    after = client.get(url).content.decode()
    assert after != before


def test_a_write_is_seen_at_the_very_next_request(world, built):
    client = client_for(world)
    url = overview_url(world)
    warm(client, url)
    assert headline_share(client.get(url).content.decode()) == "43%"  # the stored page
    record(world, built["i12"], world.mun_b, Status.ACHIEVED, actor="other_contact")
    assert headline_share(client.get(url).content.decode()) == "57%"


def test_another_session_of_the_same_person_gets_its_own_page(world, built):
    url = overview_url(world)
    laptop, phone = client_for(world), client_for(world)
    on_laptop = warm(laptop, url)
    on_phone = warm(phone, url)
    assert tokens(on_laptop) and tokens(on_phone)
    assert not tokens(on_laptop) & tokens(on_phone)
    assert laptop.get(url).content.decode() == on_laptop
    assert phone.get(url).content.decode() == on_phone


def test_signing_out_ends_the_stored_page(world, built):
    client = client_for(world)
    url = overview_url(world)
    warm(client, url)
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    client.post(reverse("accounts:logout"))
    replay = Client()
    for name, value in cookies.items():
        replay.cookies[name] = value  # the old session's cookie, kept by someone
    response = replay.get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_a_new_password_elsewhere_ends_the_stored_page(world, built):
    client = client_for(world)
    url = overview_url(world)
    warm(client, url)
    user = world.users["board"]
    user.set_password("een-heel-nieuw-wachtwoord")
    user.save()
    response = client.get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_a_membership_switched_off_refuses_at_once(world, built):
    client = client_for(world)
    url = overview_url(world)
    assert "43%" in warm(client, url)
    membership = Membership.objects.get(user=world.users["board"], region=world.region)
    membership_update(
        membership=membership,
        role=membership.role,
        is_active=False,
        actor=world.users["admin"],
    )
    assert client.get(url).status_code == 403


def test_a_second_factor_removed_elsewhere_ends_the_stored_page(world, built, settings):
    settings.PARAAT_REQUIRE_2FA = True  # the CFG must sign in with a second factor
    user = world.users["cfg"]
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    client = client_for(world, "cfg")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    url = overview_url(world)
    warm(client, url)
    assert client.get(url).status_code == 200
    device.delete()  # set up again on a new phone, from another session
    response = client.get(url)
    assert response.status_code == 302 and "/account/2fa/" in response["Location"]


def _messages_cookie(text: str) -> str:
    storage = CookieStorage(RequestFactory().get("/"))
    response = HttpResponse()
    storage._store([Message(constants.SUCCESS, text)], response)
    return response.cookies[CookieStorage.cookie_name].value


def test_a_message_waiting_is_shown_not_the_stored_page(world, built):
    client = client_for(world)
    url = overview_url(world)
    warm(client, url)
    client.cookies[CookieStorage.cookie_name] = _messages_cookie("Voortgang opgeslagen.")
    shown = client.get(url).content.decode()
    assert "Voortgang opgeslagen." in shown
    # shown once: the next visit is the stored page again, without it
    assert "Voortgang opgeslagen." not in client.get(url).content.decode()


def test_htmx_gets_its_part_not_the_stored_page(world, built):
    client = client_for(world)
    url = overview_url(world)
    warm(client, url)
    part = client.get(url, headers={"HX-Request": "true", "HX-Target": "dashboard-results"})
    assert "<html" not in part.content.decode()


def test_a_warm_page_goes_out_gzipped_once_to_who_accepts_it(world, built):
    client = client_for(world)
    url = overview_url(world)
    plain = warm(client, url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content).decode() == plain
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain) / 3
    assert not client.get(url).has_header("Content-Encoding")


def test_other_filters_are_other_pages(world, built):
    client = client_for(world)
    url = overview_url(world)
    warm(client, url)
    category = built["crisis"].pk
    filtered = client.get(f"{url}?category={category}&owner=municipality").content.decode()
    assert filtered != client.get(url).content.decode()
    assert stored_pages() == 2  # the first visit, which was given its CSRF cookie, is not kept


def test_a_warm_export_is_the_same_file_and_answers_its_etag_with_304(
    world, built, django_assert_max_num_queries
):
    client = client_for(world)
    url = reverse("dashboard:export", args=[world.region.slug, "items", "csv"])
    client.get(url)
    second = client.get(url)
    with django_assert_max_num_queries(WARM):
        third = client.get(url)
    assert third.content == second.content and b"1.1" in third.content
    assert third["Content-Disposition"] == second["Content-Disposition"]
    with django_assert_max_num_queries(WARM):
        again = client.get(url, headers={"If-None-Match": third["ETag"]})
    assert again.status_code == 304 and not again.content
    record(world, built["i12"], world.mun_b, Status.ACHIEVED, actor="other_contact")
    changed = client.get(url, headers={"If-None-Match": third["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != third["ETag"]


class _DeadConnection:
    """A reused database connection that has gone away (the database restarted)."""

    connection = object()
    health_check_enabled = True
    health_check_done = False
    closed = False

    def cursor(self):
        from django.db import OperationalError

        raise OperationalError("server closed the connection unexpectedly")

    def close(self):
        self.closed = True


def test_the_fingerprint_query_is_the_connection_check_and_a_dead_one_is_closed(monkeypatch):
    """The warm path's one query stands in for Django's own check of a reused connection
    (CONN_HEALTH_CHECKS): when it fails, the connection is closed, as Django's check would, and
    the page is not served from the cache but built anew."""
    from paraat.core import pagecache

    dead = _DeadConnection()
    monkeypatch.setattr(pagecache, "connection", dead)
    assert pagecache._fetch_one("SELECT 1", []) is None
    assert dead.closed and dead.health_check_done
