"""`make bench`: the national data set on PostgreSQL, served by gunicorn, timed.

1. (Re)creates the database `paraat_bench` (override with BENCH_DATABASE_URL), migrates it and
   runs `paraat generate_data --regions 25 --municipalities 342` (every app's generate.py), timed
   (it is not part of `make test`, which generates 2 small regions only).
2. Creates a board member of the largest region and a national reader, each with a session.
3. Serves Paraat with gunicorn (2 workers) and requests each page REPEAT times over HTTP,
   measuring the response time on 127.0.0.1 (server time plus a loopback hop).
4. Counts SQL queries per page in-process with CaptureQueriesContext (the same pages).
5. Times a regional progress report as PDF (the steering group's, WeasyPrint), three times.
6. Writes bench/results.json and prints a table; exits 1 when the budget is not met
   (region overview p95 ≤ 150 ms; at most 15 queries on every page; regional PDF ≤ 5 s;
   the national data set generated in ≤ 180 s).
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/paraat_bench"
)
PORT = int(os.environ.get("BENCH_PORT", "8765"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
WARMUP = 5
BUDGET_P95_MS = 150
BUDGET_QUERIES = 15
BUDGET_PDF_S = 5
BUDGET_GENERATE_S = 180

ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "PARAAT_ENV": "demo",
    "DEBUG": "false",
    "PARAAT_REQUIRE_2FA": "false",
    "PYTHONPATH": str(ROOT / "src"),
    "PARAAT_DATA_DIR": str(ROOT / "var" / "bench"),
}
REUSE = os.environ.get("BENCH_REUSE") == "1"  # keep the generated database of a previous run


def run(*args: str) -> str:
    print("$", " ".join(args), flush=True)
    done = subprocess.run(args, env=ENV, cwd=ROOT, check=True, capture_output=True, text=True)
    return done.stdout


def recreate_database() -> None:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


SETUP = r"""
import json, uuid
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count
from paraat.accounts.factories import MembershipFactory, UserFactory
from paraat.accounts.roles import Role
from paraat.regions.models import Region

region = Region.objects.annotate(n=Count("municipalities")).order_by("-n", "code").first()
municipality = region.municipalities.order_by("name").first()
board = UserFactory(email=f"bench-board-{uuid.uuid4().hex[:8]}@bench.paraat.nl")
MembershipFactory(user=board, role=Role.BOARD, region=region)
national = UserFactory(email=f"bench-national-{uuid.uuid4().hex[:8]}@bench.paraat.nl")
MembershipFactory(user=national, role=Role.NATIONAL, region=None)
sessions = {}
for name, user in (("board", board), ("national", national)):
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    sessions[name] = s.session_key
print(json.dumps({"region": region.slug, "municipalities": region.n,
                  "municipality": municipality.code, "sessions": sessions,
                  "users": {"board": board.pk, "national": national.pk}}))
"""

COUNT = r"""
import json, sys, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from paraat.accounts.models import User

pages = json.loads(sys.argv[1])
out = {}
for page in pages:
    client = Client()
    client.force_login(User.objects.get(pk=page["user"]))
    client.get(page["path"])  # first request of the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page["path"])
    assert response.status_code == 200, (page["path"], response.status_code)
    queries = len(ctx.captured_queries)  # read now: the next request resets the log
    cpu = []
    for _ in range(15):
        start = time.thread_time()
        client.get(page["path"])
        cpu.append((time.thread_time() - start) * 1000)
    cpu.sort()
    out[page["name"]] = {
        "queries": queries,
        "cpu_median_ms": round(cpu[len(cpu) // 2], 1),
    }
print(json.dumps(out))
"""


PDF = r"""
import json, sys, time
from paraat.regions.models import Region
from paraat.reports.models import ReportRun
from paraat.reports.services import report_generate

region = Region.objects.get(code__iexact=sys.argv[1])
seconds = []
for _ in range(3):
    start = time.perf_counter()
    run = report_generate(
        region=region, kind="progress", fmt="pdf", parameters={"audience": "steering"}, actor=None
    )
    seconds.append(round(time.perf_counter() - start, 2))
    assert run.status == "done", run.status
print(json.dumps(seconds))
"""


def django_python(code: str, *args: str) -> str:
    prelude = "import django, os; django.setup()\n"
    return run(
        str(BIN / "python"),
        "-c",
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'paraat.settings');"
        + prelude
        + code,
        *args,
    )


def wait_for_server() -> None:
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def measure(path: str, session: str) -> tuple[list[float], int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Cookie": f"sessionid={session}", "Host": "127.0.0.1"}
    times, status, size = [], 0, 0
    for n in range(WARMUP + REPEAT):
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        status, size = response.status, len(body)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
        if n >= WARMUP:
            times.append(elapsed)
    conn.close()
    return times, status, size


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    started = time.time()
    generated_s = None
    if not REUSE:
        recreate_database()
        run(str(BIN / "paraat"), "migrate", "--noinput", "-v", "0")
        t0 = time.time()
        run(str(BIN / "paraat"), "generate_data", "--regions", "25", "--municipalities", "342")
        generated_s = round(time.time() - t0, 1)
        import psycopg

        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            conn.execute("ANALYZE")  # fresh statistics, as autovacuum would have them in use
    run(str(BIN / "paraat"), "collectstatic", "--noinput", "-v", "0")
    info = json.loads(django_python(SETUP).strip().splitlines()[-1])
    region, code = info["region"], info["municipality"]
    pages = [
        ("region overview", f"/{region}/dashboard/", "board"),
        ("municipality page", f"/{region}/dashboard/municipality/{code}/", "board"),
        ("national view", "/national/", "national"),
        ("XLSX export (items)", f"/{region}/dashboard/export/items.xlsx", "board"),
    ]
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "paraat.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=ENV,
        cwd=ROOT,
    )
    try:
        wait_for_server()
        timings = {}
        for name, path, who in pages:
            times, _status, size = measure(path, info["sessions"][who])
            timings[name] = (times, size)
    finally:
        server.terminate()
        server.wait(timeout=20)
    counts = json.loads(
        django_python(
            COUNT,
            json.dumps([{"name": n, "path": p, "user": info["users"][w]} for n, p, w in pages]),
        )
        .strip()
        .splitlines()[-1]
    )
    pdf_seconds = json.loads(django_python(PDF, region).strip().splitlines()[-1])
    results = {
        "regional_progress_pdf_seconds": pdf_seconds,
        "data_set": {
            "regions": 25,
            "municipalities": 342,
            "largest_region": region,
            "municipalities_in_region": info["municipalities"],
            "generate_seconds": generated_s,
        },
        "database": DATABASE_URL.rsplit("@", 1)[-1],
        "server": "gunicorn, 2 sync workers",
        "repeat": REPEAT,
        "budget": {
            "region_overview_p95_ms": BUDGET_P95_MS,
            "max_queries": BUDGET_QUERIES,
            "regional_pdf_s": BUDGET_PDF_S,
            "generate_s": BUDGET_GENERATE_S,
        },
        "pages": {},
    }
    ok = True
    load = os.getloadavg()[0]
    results["load_average_1min"] = round(load, 2)
    print(
        f"\n{'page':24} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'cpu ms':>7} {'bytes':>9}"
    )
    for name, path, _who in pages:
        times, size = timings[name]
        row = {
            "path": path,
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(p95(times), 1),
            "queries": counts[name]["queries"],
            "python_cpu_median_ms": counts[name]["cpu_median_ms"],
            "bytes": size,
        }
        results["pages"][name] = row
        print(
            f"{name:24} {row['median_ms']:>10} {row['p95_ms']:>8} {row['queries']:>8} "
            f"{row['python_cpu_median_ms']:>7} {row['bytes']:>9}"
        )
        if row["queries"] > BUDGET_QUERIES:
            ok = False
    if results["pages"]["region overview"]["p95_ms"] > BUDGET_P95_MS:
        ok = False
    pdf_median = statistics.median(pdf_seconds)
    print(f"{'regional progress PDF':24} {pdf_median * 1000:>10.0f} ms (3 runs: {pdf_seconds} s)")
    if pdf_median > BUDGET_PDF_S:
        ok = False
    results["imports"] = json.loads(run(str(BIN / "python"), "bench/imports.py").splitlines()[-1])
    ok = ok and results["imports"]["budget_met"]
    if generated_s is not None:
        print(f"{'national data set':24} {generated_s:>10} s (generate_data, 25 regions, 342)")
        if generated_s > BUDGET_GENERATE_S:
            ok = False
    results["budget_met"] = ok
    results["total_seconds"] = round(time.time() - started, 1)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nLoad average during the run: {load:.1f} on {os.cpu_count()} cores.")
    print(f"Budget {'met' if ok else 'NOT met'}; results in bench/results.json")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
