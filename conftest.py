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
