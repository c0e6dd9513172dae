"""The dashboard's cached fragments (issue 19): a write is visible on the very next request,
viewers who may read different progress text never share a fragment, nothing of one person
reaches another, filters in any order share one entry, exports answer conditional requests,
and a page around cached fragments costs one query of its own (the region with its data
version) and the page cache's fingerprint (test_page_cache.py) besides the three of signing
in (the user, their second factor, their memberships), whatever the size of the region; the
same page again for the same session costs one."""

from __future__ import annotations

import re

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paraat.agreements.models import ItemProgress, Status
from paraat.agreements.services import status_update_record

from . import data

pytestmark = pytest.mark.django_db

# A page around cached fragments: the signed-in person (user, second-factor check,
# memberships: every page pays these), the region with its data version and the page cache's
# fingerprint. Nothing that grows with the region.
CACHED = 5
WARM = 1  # the same page again for the same session (core.pagecache)


@pytest.fixture
def built(world):
    return data.build(world)


@pytest.fixture
def cached_sessions(settings):
    """Sessions read through the cache, as in production with Redis."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def client_for(world, persona="board"):
    client = Client()
    client.force_login(world.users[persona])
    return client


def record(world, item, municipality, status, actor="contact", **values):
    progress = ItemProgress.objects.filter(item=item, municipality=municipality).first()
    return status_update_record(
        item=item,
        municipality=municipality,
        actor=world.users[actor],
        expected_version=progress.version if progress else 0,
        status=status,
        **values,
    )


def headline_share(html: str) -> str:
    """The first headline figure (share achieved, all municipalities)."""
    return re.search(r'<dl class="headline">\s*<div><dt>[^<]*</dt><dd>([^<]*)<', html).group(1)


def test_a_write_shows_on_the_overview_at_the_very_next_request(world, built):
    client = client_for(world)
    url = reverse("dashboard:overview", args=[world.region.slug])
    assert headline_share(client.get(url).content.decode()) == "43%"  # 3 of 7, by hand
    assert headline_share(client.get(url).content.decode()) == "43%"  # now from the cache
    record(world, built["i12"], world.mun_b, Status.ACHIEVED, actor="other_contact")
    assert headline_share(client.get(url).content.decode()) == "57%"  # 4 of 7


def test_a_write_shows_on_the_municipality_page_print_and_export_at_once(world, built):
    client = client_for(world)
    args = [world.region.slug, world.mun_b.code]  # Beedorp: its round submission is a draft
    page = reverse("dashboard:municipality", args=args)
    printed = reverse("dashboard:municipality_print", args=args)
    export = reverse("dashboard:municipality_export", args=[*args, "csv"])
    for url in (page, printed, export):
        assert "Oefening verplaatst naar het najaar" not in client.get(url).content.decode()
    record(
        world,
        built["i12"],
        world.mun_b,
        Status.IN_PROGRESS,
        actor="other_contact",
        explanation="Oefening verplaatst naar het najaar",
    )
    for url in (page, printed, export):
        assert "Oefening verplaatst naar het najaar" in client.get(url).content.decode()


def test_viewers_who_may_read_different_text_never_share_a_fragment(world, built):
    url = reverse("dashboard:municipality", args=[world.region.slug, world.mun_a.code])
    # Aadorp's own contact reads its unshared explanation (and caches the page for that scope)
    assert "Vastgesteld door de raad." in client_for(world, "contact").get(url).content.decode()
    # Beedorp's contact reads the same page right after: not Aadorp's unshared text
    other = client_for(world, "other_contact").get(url).content.decode()
    assert other.count("Niet gedeeld met de regio") >= 1
    assert "Vastgesteld door de raad." not in other
    # and the board (reads all text) is not served the contact's fragment either way round
    assert "Vastgesteld door de raad." in client_for(world, "board").get(url).content.decode()


def test_the_page_around_a_fragment_belongs_to_the_person_who_asks(world, built):
    world.users["board"].full_name = "Bea Bestuurslid"
    world.users["board"].save()
    world.users["steering"].full_name = "Stef Stuurgroep"
    world.users["steering"].save()
    url = reverse("dashboard:overview", args=[world.region.slug])
    first = client_for(world, "board").get(url).content.decode()
    second = client_for(world, "steering").get(url).content.decode()  # same scope: cached
    assert "Bea Bestuurslid" in first and "Bea Bestuurslid" not in second
    assert "Stef Stuurgroep" in second
    # the same figures, yet every page its own CSRF token
    assert headline_share(first) == headline_share(second) == "43%"
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', p) for p in (first, second)]
    assert tokens[0] and tokens[1] and not set(tokens[0]) & set(tokens[1])


def test_filters_in_any_order_share_one_cached_fragment(
    world, built, cached_sessions, django_assert_max_num_queries
):
    client = client_for(world)
    base = reverse("dashboard:overview", args=[world.region.slug])
    category = built["crisis"].pk
    first = client.get(f"{base}?owner=municipality&category={category}")
    with django_assert_max_num_queries(CACHED):
        second = client.get(f"{base}?category={category}&owner=municipality")
    assert headline_share(first.content.decode()) == headline_share(second.content.decode())
    # a parameter the page does not know (yet) still keys the cache: it is never ignored
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{base}?owner=municipality&subregion=noord").status_code == 200
    assert len(queries) > CACHED


def test_htmx_gets_the_cached_results_only(world, built):
    client = client_for(world)
    url = reverse("dashboard:overview", args=[world.region.slug])
    client.get(url)
    part = client.get(url, headers={"HX-Request": "true", "HX-Target": "dashboard-results"})
    html = part.content.decode()
    assert html.lstrip().startswith('<div id="dashboard-results">')
    assert "<html" not in html and headline_share(html) == "43%"


PAGES = [
    ("dashboard:overview", lambda w: [w.region.slug]),
    ("dashboard:municipality", lambda w: [w.region.slug, w.mun_a.code]),
]


@pytest.mark.parametrize("name,args", PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("municipalities", [2, 30])
def test_query_counts_uncached_and_cached_do_not_grow_with_the_region(
    world, built, cached_sessions, django_assert_max_num_queries, name, args, municipalities
):
    if municipalities > 2:
        data.build_large(world.region, municipalities=municipalities, items=30, rounds=2)
    client = client_for(world, "board")  # the board also sees the binder's age
    url = reverse(name, args=args(world))
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(CACHED):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(WARM):
        assert client.get(url).status_code == 200


def test_national_view_follows_a_write_in_a_sharing_region(world, built):
    from paraat.regions.models import Region

    Region.objects.filter(pk=world.region.pk).update(share_nationally=True)
    client = client_for(world, "national")
    url = reverse("national:index")
    before = client.get(url).content.decode()
    assert "Testland" in before
    record(world, built["i12"], world.mun_b, Status.ACHIEVED, actor="other_contact")
    after = client.get(url).content.decode()
    assert before != after
    assert "57%" in after and "57%" not in before  # 4 of 7 municipal items achieved


# --- exports: ETag and 304 ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_answers_304_until_a_write_changes_it(world, built, fmt):
    client = client_for(world)
    url = reverse("dashboard:export", args=[world.region.slug, "municipalities", fmt])
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    assert first["Cache-Control"] == "private, no-store"  # a browser keeps nothing
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    # another filter is another answer
    other = client.get(url + "?owner=municipality", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other["ETag"] != etag
    record(world, built["i12"], world.mun_b, Status.ACHIEVED, actor="other_contact")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.content != first.content


def test_a_304_renders_nothing(world, built, cached_sessions, django_assert_max_num_queries):
    client = client_for(world)
    url = reverse("dashboard:export", args=[world.region.slug, "items", "csv"])
    etag = client.get(url)["ETag"]
    with django_assert_max_num_queries(CACHED):
        assert client.get(url, headers={"If-None-Match": f'W/"x", {etag}'}).status_code == 304


def test_viewers_with_another_scope_get_another_etag(world, built):
    url = reverse("dashboard:municipality_export", args=[world.region.slug, "GM9001", "csv"])
    mine = client_for(world, "contact").get(url)
    theirs = client_for(world, "other_contact").get(url, headers={"If-None-Match": mine["ETag"]})
    assert theirs.status_code == 200
    assert theirs["ETag"] != mine["ETag"]
    assert "Vastgesteld door de raad." in mine.content.decode("utf-8-sig")
    assert "Vastgesteld door de raad." not in theirs.content.decode("utf-8-sig")


def test_who_reads_the_same_shares_one_rendering(
    world, built, cached_sessions, django_assert_max_num_queries
):
    """The overview shows figures only, no progress text: a municipal contact is served what
    the board member's visit rendered (their scopes differ), and sees the same figures."""
    url = reverse("dashboard:overview", args=[world.region.slug])
    board = client_for(world, "board").get(url).content.decode()
    contact_client = client_for(world, "contact")
    with django_assert_max_num_queries(CACHED):
        contact = contact_client.get(url).content.decode()
    assert headline_share(board) == headline_share(contact) == "43%"
    # a municipality's page shows its text: shared by whoever reads all of it (the board and
    # Aadorp's own contact), never with another municipality's contact (who reads the shared)
    page = reverse("dashboard:municipality", args=[world.region.slug, world.mun_a.code])
    client_for(world, "board").get(page)
    own, other = client_for(world, "contact"), client_for(world, "other_contact")
    with django_assert_max_num_queries(CACHED):
        own.get(page)
    with CaptureQueriesContext(connection) as queries:
        other.get(page)
    assert len(queries) > CACHED
