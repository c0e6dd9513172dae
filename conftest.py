"""Fixtures for every test: personas in two regions, and the demo region for browser tests."""

import pytest


@pytest.fixture
def world(db):
    from paraat.testing import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads in tests go to a temporary folder, never into var/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def db_queue(settings):
    """Jobs go into the database as in production (tests run them at once otherwise) and wait
    for the real worker: `paraat.core.tests.queue.run_worker()`."""
    from paraat.core.tests.queue import DB_QUEUE

    settings.TASKS = DB_QUEUE


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the database is rolled back after every test, so
    data versions start again and a fragment cached by an earlier test must not be found."""
    from django.core.cache import cache

    cache.clear()
    yield
