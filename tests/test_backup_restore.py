"""Backup and restore on PostgreSQL, as docs/operations.md describes it: `pg_dump`, `pg_restore`
into a new database, `ANALYZE`; every table and a dashboard export come back identical."""

import os
import shutil
import subprocess
from io import StringIO

import pytest

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"),
    reason="PostgreSQL backup and restore (pg_dump, pg_restore) only",
)


def _env(settings_dict) -> dict:
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _tables(cursor) -> dict[str, tuple[int, str]]:
    """Every table of the public schema: (rows, md5 of its rows in a fixed order)."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    out = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) "  # noqa: S608
            f'FROM "{table}" t'
        )
        out[table] = cursor.fetchone()
    return out


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_a_new_database_has_every_row_and_the_same_export(tmp_path):
    import psycopg

    from paraat.accounts.factories import MembershipFactory, UserFactory
    from paraat.accounts.roles import Role
    from paraat.regions.models import Region

    call_command("generate_data", "--regions", "1", "--municipalities", "4", stdout=StringIO())
    region = Region.objects.get(code="VR01")
    board = UserFactory(email="bestuur@backup.paraat.invalid")
    MembershipFactory(user=board, role=Role.BOARD, region=region)
    client = Client()
    client.force_login(board)
    export_url = reverse("dashboard:export", args=[region.slug, "items", "csv"])
    before_export = client.get(export_url)
    assert before_export.status_code == 200 and len(before_export.content) > 500

    settings_dict = connection.settings_dict
    original = settings_dict["NAME"]
    restored = f"{original}_restored"
    env = _env(settings_dict)
    dump = tmp_path / "paraat.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", original],
        env=env,
        check=True,
    )
    admin = psycopg.connect(
        dbname="postgres",
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],
            env=env,
            check=True,
        )
        with connection.cursor() as cursor:
            before = _tables(cursor)
        assert before["agreements_snapshotentry"][0] > 0  # the data set is really there
        assert before["audit_auditevent"][0] > 0
        connection.close()
        settings_dict["NAME"] = restored
        try:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
                after = _tables(cursor)
            # The signed-in session is a row of the dump, so the same client is still signed in.
            after_export = client.get(export_url)
        finally:
            connection.close()
            settings_dict["NAME"] = original
        assert sorted(after) == sorted(before)
        assert [t for t in before if before[t] != after[t]] == []
        assert after_export.status_code == 200
        assert after_export.content == before_export.content
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
        admin.close()
