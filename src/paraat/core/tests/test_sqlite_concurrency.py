"""The embedded default holds several people at once: status updates, sign-ins and reports from
eight threads on one SQLite file, with no "database is locked" (it failed before
transaction_mode IMMEDIATE)."""

import json
import os
import subprocess
import sys

import pytest

from django.db import connection


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only")
def test_concurrent_writers_on_sqlite_see_no_lock_errors(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PARAAT_ENV="test", PARAAT_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "paraat.core.tests.sqlite_stress", "8", "6"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    # 8 workers x 6 rounds: a status update and a sign-in each round, a report every third.
    assert outcome["done"] == 8 * 6 * 2 + 8 * 2
