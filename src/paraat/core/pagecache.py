"""Whole pages from the cache for the session that saw them: a warm dashboard at the speed of a
static file (issue 19).

The fragment cache (`core.caching`) shares the figures between everyone with the same scope,
but every request still signs the person in again (the user, their second factor, their
memberships) and renders the page around the figures. A person who opens the same page again
(the board meeting's fifty reloads) gets the page they were shown last time, straight after
the session is read, as long as nothing it was made from has changed:

- **Who, in which state**: the key holds the session's key and its whole content (who is
  signed in, the verified second factor, the single sign-on claims, anything a page could read
  from it), the CSRF cookie, the language cookie, the path, every GET parameter and today's
  date. A page is only ever served to the session it was rendered for, in the state it was
  rendered in; the CSRF token inside it is the one that session's cookie accepts.
- **Nothing it was made from has changed**: with the page the cache keeps a fingerprint of
  everything in the database that decided whether this session could see it and what it
  showed, read just before the view rendered it: the person's user row (password, active,
  name…), the second-factor device the session was verified with and whether the person has
  a confirmed device at all, and the data version of the page's region (which moves with
  every write, memberships included: `audit.services.data_changed`). The fast path reads the
  same fingerprint again, in one query, and serves the page only when it is the same. It does
  not decide who may see what: it answers only when everything the full stack (sign-in, the
  second factor, two-factor required, the view's permission check) decided from is as it was
  when that stack said yes. A write is seen on the very next request, on every app server.
  Nothing is deleted on a write; old pages age out.
- **Not kept**: anything but a plain 200 of a view marked `page_cached`, HTMX requests,
  requests with messages waiting, and responses that set a cookie (other than the CSRF
  cookie sent again unchanged) or change the session.

Bodies are stored gzipped as well (once, with Django's random padding against BREACH), so a
warm page is not compressed again on every request. A stored body only ever answers requests
with the same key: a guess at a secret in a reflected query parameter is a new key, a new
render, a new mask of the CSRF token and new padding.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
from functools import wraps
from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY, device_classes
from django_otp.models import Device

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from paraat.audit.models import DataVersion
from paraat.audit.selectors import EVERY_REGION, NO_REGION
from paraat.core.caching import (
    answer_not_modified,
    cache_read,
    cache_write,
    normalised_query,
    not_modified,
)
from paraat.core.middleware import SessionRefreshMiddleware

log = logging.getLogger(__name__)
PREFIX = "paraat:page:3:"  # a new number whenever what is kept changes shape (rolling deploys)
# the parts of a session that say nothing about what a page shows
IGNORED_SESSION_KEYS = frozenset({SessionRefreshMiddleware.KEY})
MESSAGES_SESSION_KEY = "_messages"


# --- what a stored page was made from -----------------------------------------------------------


@functools.cache
def _device_models() -> tuple[type[Device], ...]:
    return tuple(device_classes())


def _session_device(persistent_id: str | None) -> tuple[type[Device], int] | None:
    """The device the session was verified with (django-otp's persistent id, such as
    "otp_totp.totpdevice/3"), as model and key."""
    if not persistent_id:
        return None
    try:
        label, pk = persistent_id.rsplit("/", 1)
        model = apps.get_model(label)
        number = int(pk)
    except (ValueError, LookupError):
        return None
    return (model, number) if model in _device_models() else None


def _select(what: str, table: str, where: str) -> str:
    return f"SELECT {what} FROM {table} WHERE {where}"  # noqa: S608 (names only, see below)


@functools.cache
def _fingerprint_sql(device: type[Device] | None, every_region: bool) -> str:
    """One statement for `fingerprint`, made once per shape from the models' own table and
    column names: the ORM spends longer composing its four subqueries than the database takes
    to answer them. Names only; every value is a parameter: the session's device key (when
    there is one), `True` for each "confirmed", the region (unless every region), the user."""
    q = connection.ops.quote_name
    user = get_user_model()._meta
    person = f"u.{q(user.pk.column)}"

    def confirmed(model: type[Device]) -> str:
        meta = model._meta
        return (
            f"{q(meta.db_table)}.{q(meta.get_field('confirmed').column)} = %s"
            f" AND {q(meta.db_table)}.{q(meta.get_field('user').column)} = {person}"
        )

    parts = [f"u.{q(f.column)}" for f in user.concrete_fields if f.name != "last_login"]
    if device is not None:
        table, pk = q(device._meta.db_table), q(device._meta.pk.column)
        where = f"{table}.{pk} = %s AND {confirmed(device)}"
        parts.append(f"EXISTS ({_select('1', table, where)})")
    parts += [
        f"EXISTS ({_select('1', q(model._meta.db_table), confirmed(model))})"
        for model in _device_models()
    ]
    versions = q(DataVersion._meta.db_table)
    where = "1 = 1" if every_region else f"{q('key')} IN (%s, {NO_REGION})"
    total = f"COALESCE(SUM({q('version')}), 0)"
    parts.append(f"({_select(total, versions, where)})")
    return _select(", ".join(parts), f"{q(user.db_table)} u", f"{person} = %s")


def _fetch_one(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    """One row. On a reused connection Django first checks it with a query of its own
    (CONN_HEALTH_CHECKS): here this cheap query is that check, saving a round trip on every
    warm page. A connection that fails it is closed and the answer is "no row", so the page is
    built in full, on a new connection, as after Django's own check."""
    if connection.connection is not None and connection.health_check_enabled:
        connection.health_check_done = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()
        except DatabaseError:
            log.warning("database connection failed; closed, page built anew", exc_info=True)
            connection.close()
            return None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def fingerprint(request: HttpRequest, region_key: int | str) -> str | None:
    """What the database says about this session's person and the page's data, in one query:
    the user row (all of it but the last sign-in), whether the session's second-factor device
    is still theirs and confirmed, whether they have any confirmed device (which makes
    two-factor sign-in required), and the sum of the data versions of the page's region (of
    every region for `EVERY_REGION`; counters only go up, so the sum moves with every write).
    None when the session is nobody's."""
    user_id = request.session.get(SESSION_KEY)
    if user_id is None:
        return None
    device = _session_device(request.session.get(DEVICE_ID_SESSION_KEY))
    every_region = region_key == EVERY_REGION
    params: list[Any] = []
    if device is not None:
        params += [device[1], True]
    params += [True] * len(_device_models())
    if not every_region:
        params.append(region_key)
    params.append(user_id)
    row = _fetch_one(_fingerprint_sql(device and device[0], every_region), params)
    if row is None:
        return None
    text = json.dumps([region_key, *row], default=str)
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def page_cached(view):
    """Mark a view's pages for the page cache (see the module). Goes under `region_view` (the
    page then depends on `request.region`'s data); a page without a region depends on every
    region's. The fingerprint is read here, after the permission check and before rendering,
    so a write during rendering makes the stored page miss."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        region = getattr(request, "region", None)
        region_key = region.pk if region is not None else EVERY_REGION
        before = fingerprint(request, region_key)
        response = view(request, *args, **kwargs)
        if before is not None:
            response.paraat_page = (region_key, before)
        return response

    return wrapper


# --- the middleware ---------------------------------------------------------------------------


def _messages_waiting(request: HttpRequest) -> bool:
    return CookieStorage.cookie_name in request.COOKIES or (MESSAGES_SESSION_KEY in request.session)


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and "HTTP_HX_REQUEST" not in request.META
        and bool(request.session.session_key)
        and SESSION_KEY in request.session
        and not _messages_waiting(request)
    )


def page_key(request: HttpRequest) -> str:
    """Everything a stored page may depend on besides the database (see the module)."""
    session = request.session
    state = {k: v for k, v in session.items() if k not in IGNORED_SESSION_KEYS}
    text = json.dumps(
        [
            session.session_key,
            state,
            request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
            request.path,
            normalised_query(request.GET),
            timezone.localdate().isoformat(),
        ],
        sort_keys=True,
        default=str,
    )
    return PREFIX + hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain 200 that leaves the person's state as it found it: the CSRF secret the request
    came with (Django sends the same cookie again on every page that shows a token, which
    changes nothing; a new one would not match the cookie the key was made with), no other
    cookie, no session change (the key was made from the session before the view ran)."""
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.has_header("Content-Encoding")
        and request.META.get("CSRF_COOKIE") == csrf
        and all(
            name == settings.CSRF_COOKIE_NAME and morsel.value == csrf
            for name, morsel in response.cookies.items()
        )
        and not request.session.modified
    )


class PageCacheMiddleware:
    """Serves a stored page when nothing it was made from has changed; stores the pages of
    views marked `page_cached`. Directly after the session and language middleware: before the
    sign-in, second-factor and access middleware, whose decision a stored page repeats only
    while everything they decided from is unchanged (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        stored = cache_read(key)
        if stored is not None and fingerprint(request, stored["region"]) == stored["fingerprint"]:
            return self._answer(request, stored)
        response = self.get_response(request)
        marked = getattr(response, "paraat_page", None)
        if marked is not None and _keepable(request, response):
            stored = self._stored(marked, response)
            cache_write(key, stored)
            if stored["gzipped"] and _accepts_gzip(request):
                # send what was compressed for the cache instead of compressing it again
                _send(request, response, stored["body"], gzipped=True)
        return response

    @staticmethod
    def _stored(marked: tuple[Any, str], response: HttpResponse) -> dict[str, Any]:
        """The page as kept: gzipped when that is smaller (most pages: a tenth of the bytes to
        fetch from the cache on every visit), with its headers but not its length."""
        body = response.content
        compressed = compress_string(body, max_random_bytes=100)
        gzipped = len(compressed) < len(body)
        return {
            "region": marked[0],
            "fingerprint": marked[1],
            "headers": [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in ("content-length", "content-encoding")
            ],
            "body": compressed if gzipped else body,
            "gzipped": gzipped,
        }

    @staticmethod
    def _answer(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
        response = HttpResponse()
        for name, value in stored["headers"]:
            response.headers[name] = value
        etag = response.get("ETag")
        if etag and not_modified(request, etag):  # an export the client already holds
            return answer_not_modified(etag)
        _send(request, response, stored["body"], gzipped=stored["gzipped"])
        return response


def _accepts_gzip(request: HttpRequest) -> bool:
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _send(request: HttpRequest, response: HttpResponse, body: bytes, *, gzipped: bool) -> None:
    """Put a kept body into the response: as it is to a client that accepts gzip (marked as
    Django's GZip middleware marks what it compresses), unpacked for one that does not."""
    if gzipped:
        patch_vary_headers(response, ("Accept-Encoding",))
        if _accepts_gzip(request):
            response.headers["Content-Encoding"] = "gzip"
            etag = response.get("ETag")
            if etag and etag.startswith('"'):
                response.headers["ETag"] = "W/" + etag
        else:
            body = gzip.decompress(body)
    response.content = body
    response.headers["Content-Length"] = str(len(body))
