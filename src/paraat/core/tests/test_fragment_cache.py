"""One build per fragment after a write (core.caching.get_or_build): a reader that finds
another one building waits for its result instead of building beside it; a builder that fails
or stalls keeps nobody waiting for long."""

from __future__ import annotations

import threading

import pytest

from django.core.cache import cache

from paraat.core import caching


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_reader_waits_for_the_build_already_under_way():
    key = caching.key("test", "v1")
    assert cache.add(key + caching.BUILDING, 1)  # another request is building it
    threading.Timer(0.05, lambda: cache.set(key, "figures by the other request")).start()
    built = []
    found = caching.get_or_build(key, lambda: built.append(1) or "built here")
    assert found == "figures by the other request"
    assert built == []


def test_a_stalled_build_keeps_nobody_waiting_for_long(monkeypatch):
    monkeypatch.setattr(caching, "BUILD_WAIT_SECONDS", 0.05)
    key = caching.key("test", "v2")
    cache.add(key + caching.BUILDING, 1)  # its builder died
    assert caching.get_or_build(key, lambda: "built here") == "built here"
    assert cache.get(key) == "built here"


def test_a_failed_build_leaves_no_one_waiting():
    key = caching.key("test", "v3")

    def broken():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        caching.get_or_build(key, broken)
    assert cache.get(key + caching.BUILDING) is None
    assert caching.get_or_build(key, lambda: "built") == "built"
