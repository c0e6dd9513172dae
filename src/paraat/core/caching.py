"""Versioned caching: rendered fragments and ETags keyed by the data they show.

A key is made of everything the fragment depends on: what it is, the data version of the
region(s) it reads (`audit.services.data_changed` moves it on in the same transaction as every
write, so a key is never reused for other data), what the viewer may read (one key from the
confidentiality rule, `permissions.progress_text_scope`), the normalised query string (every
GET parameter, sorted: a filter added later is covered without touching this), the language
and today's date (figures count what is due "so far"). Old versions are never read again and
age out of the cache; nothing is deleted on a write.

Only fragments that are the same for everyone with the same key are cached: never the page
around them (CSRF token, messages, the user's name, the navigation for their roles).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils import timezone, translation

log = logging.getLogger(__name__)
T = TypeVar("T")
PREFIX = "paraat:fragment:1:"


def normalised_query(query: QueryDict) -> str:
    """Every GET parameter with all its values, sorted: the same filters give the same text,
    whatever their order in the address."""
    return "&".join(
        f"{name}={value}" for name in sorted(query) for value in sorted(query.getlist(name))
    )


def key(*parts: Any) -> str:
    """A short cache key for the parts (plus the active language and today's date)."""
    text = repr((*parts, translation.get_language(), timezone.localdate().isoformat()))
    return PREFIX + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def request_key(kind: str, request: HttpRequest, *, version: str, scope: str, **more: Any) -> str:
    """The key of one page fragment: what it is, the data version, the viewer's scope, the
    request's path and its normalised query string."""
    return key(
        kind, version, scope, request.path, normalised_query(request.GET), sorted(more.items())
    )


def get_or_build(cache_key: str, build: Callable[[], T]) -> T:
    """The cached value, or `build()` stored under the key. When the cache cannot be reached
    the page is built every time (and said in the log), never refused.

    After a write every reader of the region misses at once (the key holds the new version);
    one of them builds while the others wait a moment for its result instead of building the
    same thing beside it on the same cores (the result under a versioned key is never stale).
    Whoever waits longer than BUILD_WAIT_SECONDS builds it themselves."""
    try:
        found = cache.get(cache_key)
        if found is not None:
            return found
        building = cache.add(cache_key + BUILDING, 1, BUILD_WAIT_SECONDS)
    except Exception:  # an unreachable Redis must not take the pages down
        log.warning("cache unreachable; building %s", cache_key, exc_info=True)
        return build()
    if not building:
        found = _wait_for(cache_key)
        if found is not None:
            return found
    try:
        value = build()
        cache_write(cache_key, value)
    finally:
        if building:  # also when the build failed: the next reader need not wait for it
            _forget(cache_key + BUILDING)
    return value


def cache_read(cache_key: str) -> Any:
    """The cached value, or None, also when the cache cannot be reached (said in the log):
    an unreachable Redis must not take the pages down."""
    try:
        return cache.get(cache_key)
    except Exception:
        log.warning("cache unreachable; not read %s", cache_key, exc_info=True)
        return None


def cache_write(cache_key: str, value: Any) -> None:
    """Store for PARAAT_CACHE_SECONDS; an unreachable cache only says so in the log."""
    try:
        cache.set(cache_key, value, settings.PARAAT_CACHE_SECONDS)
    except Exception:
        log.warning("cache unreachable; not stored %s", cache_key, exc_info=True)


def _forget(cache_key: str) -> None:
    try:
        cache.delete(cache_key)
    except Exception:
        log.warning("cache unreachable; not deleted %s", cache_key, exc_info=True)


BUILDING = ":building"
BUILD_WAIT_SECONDS = 2


def _wait_for(cache_key: str) -> Any:
    """The value another request is building, polled with growing pauses; None after
    BUILD_WAIT_SECONDS (the builder failed or is slow: build it here)."""
    deadline = time.monotonic() + BUILD_WAIT_SECONDS
    pause = 0.002
    while time.monotonic() < deadline:
        time.sleep(pause)
        found = cache.get(cache_key)
        if found is not None:
            return found
        pause = min(pause * 2, 0.05)
    return None


# --- ETags ------------------------------------------------------------------------------------


def etag_for(cache_key: str) -> str:
    """A strong ETag for the answer stored (or to be stored) under `cache_key`."""
    return '"' + cache_key.removeprefix(PREFIX)[:24] + '"'


def _tags(header: str) -> Iterable[str]:
    for part in header.split(","):
        tag = part.strip()
        yield tag.removeprefix("W/")


def not_modified(request: HttpRequest, etag: str) -> bool:
    """The client already holds this version (`If-None-Match` names it, or `*`)."""
    header = request.headers.get("If-None-Match", "")
    return bool(header) and any(tag in (etag, "*") for tag in _tags(header))


def answer_not_modified(etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    return response
