"""Spreadsheets held between an import's preview and its confirmation.

The file is kept in private storage under a random name so that "import" saves exactly the
file that was previewed. Nothing else refers to it: it is removed when the import is confirmed,
when the same person previews another file, and otherwise by `paraat prune_import_previews`
(daily cron) once it is older than a day, so action lists nobody imported do not linger.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "agreements/imports"
KEEP = dt.timedelta(days=1)


def preview_keep(*, region, data: bytes) -> tuple[str, str]:
    """Store the previewed file; returns (token, storage path)."""
    token = uuid.uuid4().hex
    return token, default_storage.save(f"{FOLDER}/{region.pk}/{token}", ContentFile(data))


def preview_read(path: str) -> bytes:
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def preview_discard(path: str | None) -> None:
    if path and path.startswith(f"{FOLDER}/") and default_storage.exists(path):
        default_storage.delete(path)


def previews_prune(*, older_than: dt.timedelta = KEEP, now: dt.datetime | None = None) -> int:
    """Delete previews older than `older_than`; returns how many were deleted."""
    cutoff = (now or timezone.now()) - older_than
    deleted = 0
    if not default_storage.exists(FOLDER):
        return 0
    regions, _files = default_storage.listdir(FOLDER)
    for region in regions:
        _dirs, names = default_storage.listdir(f"{FOLDER}/{region}")
        for name in names:
            path = f"{FOLDER}/{region}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                deleted += 1
    return deleted
