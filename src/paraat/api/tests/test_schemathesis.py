"""Schemathesis against the OpenAPI document (SQLite only: nothing database-specific, and it
needs its own copy of the demo data): no server error, every response conforms to the schema."""

import json
import os
import subprocess
import sys

import pytest

from django.db import connection


@pytest.mark.skipif(connection.vendor != "sqlite", reason="schema testing runs on SQLite only")
def test_generated_requests_find_no_server_error_and_conform_to_the_schema(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PARAAT_ENV="demo", PARAAT_DATA_DIR=str(tmp_path), PARAAT_API_RATE="100000/minute")
    result = subprocess.run(
        [sys.executable, "-m", "paraat.api.tests.schemathesis_run", "25"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["failures"] == [], "\n\n".join(outcome["failures"])[:6000]
    assert outcome["operations"] >= 19
    # Requests really reached the API and some were answered with data.
    assert outcome["calls"]["n"] >= outcome["operations"] * 5
    assert outcome["calls"]["statuses"].get("200", 0) > 0
