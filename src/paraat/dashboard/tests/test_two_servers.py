"""Two app servers sharing one Redis (issue 19): a write through one (an API client's status
update) is visible on the very next request to the other, although both hold the overview's
fragments and the session's whole page in the shared cache.

Runs two gunicorn processes against a copy of the test database in a SQLite file; skipped when
Redis is not reachable (REDIS_URL, default redis://127.0.0.1:6379/0) or the tests run on
PostgreSQL."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from . import data

REDIS_URL = os.environ.get("PARAAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_client():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
        client.ping()
    except Exception:
        return None
    return client


GUNICORN = [sys.executable, "-m", "gunicorn", "--workers", "1", "--preload"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def headline_share(html: str) -> str:
    return re.search(r'<dl class="headline">\s*<div><dt>[^<]*</dt><dd>([^<]*)<', html).group(1)


@pytest.mark.skipif(redis_client() is None, reason="Redis is not reachable")
def test_a_write_on_one_server_is_seen_at_once_on_both(transactional_db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("runs the servers on a copy of the SQLite test database")
    import requests

    from paraat.agreements.models import ItemProgress
    from paraat.api.services import api_token_create
    from paraat.testing import build_world

    world = build_world()
    built = data.build(world)
    progress, _new = ItemProgress.objects.get_or_create(
        item=built["i12"], municipality=world.mun_b, defaults={"region": world.region}
    )
    _token, secret = api_token_create(
        user=world.users["other_contact"], name="zaaksysteem", can_write=True, actor=None
    )
    session = SessionStore()
    user = world.users["board"]
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )
    session.create()
    database = tmp_path / "paraat.sqlite3"
    with sqlite3.connect(database) as copy:
        connection.ensure_connection()
        connection.connection.backup(copy)
    prefix = f"paraat-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "PARAAT_ENV": "test",
        "PARAAT_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [*GUNICORN, "--bind", f"127.0.0.1:{port}", "paraat.wsgi:application"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        _wait_until_up(ports)
        url = f"/{world.region.slug}/dashboard/"
        browser = requests.Session()  # keeps the CSRF cookie it is given, as a browser does
        browser.cookies.set("sessionid", session.session_key)

        def share(port: int) -> str:
            response = browser.get(f"http://127.0.0.1:{port}{url}", timeout=20)
            assert response.status_code == 200, response.status_code
            return headline_share(response.text)

        assert share(ports[0]) == "43%"  # 3 of 7, worked out by hand
        assert redis_client().keys(f"{prefix}:*fragment*")  # into the shared cache
        for port in ports:  # the whole page too, for this session (core.pagecache)
            assert share(port) == "43%"
        assert redis_client().keys(f"{prefix}:*page*")
        assert share(ports[1]) == "43%"
        # Beedorp's system records item 1.2 as achieved through the first server
        written = requests.post(
            f"http://127.0.0.1:{ports[0]}/api/v1/progress/{progress.pk}/status-updates/",
            json={"status": "achieved", "version": progress.version},
            headers={"Authorization": f"Bearer {secret}"},
            timeout=20,
        )
        assert written.status_code == 201, written.text
        assert share(ports[1]) == "57%"  # 4 of 7: the very next request, on the other server
        assert share(ports[0]) == "57%"
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        client = redis_client()
        keys = client.keys(f"{prefix}:*") if client else []
        if keys:
            client.delete(*keys)


def _wait_until_up(ports: list[int], timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    for port in ports:
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the app server on port {port} did not start")
            time.sleep(0.2)
