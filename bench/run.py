"""`make bench`: Paraat measured against the floor — the same server sending a static file.

One run, on the national data set on PostgreSQL, served as in production (gunicorn, sync
workers, WhiteNoise in the same process):

1. (Re)creates the database (BENCH_DATABASE_URL), migrates it, runs `paraat generate_data`
   (every app's generate.py; timed) and adds regions of 10, 22, 50 and 100 municipalities made
   by the same generator (`bench/inproc.py grow`), for "how cost grows".
2. Personas of several roles in the largest region (board member, CFG, municipal contacts of
   three municipalities) and two national readers, each with a session; API tokens.
3. In-process (Django's test client, CaptureQueriesContext): per page the queries and time
   with the cache cleared (uncached) and again (cached), its bytes and what gzip would make of
   them. The page's bytes are written to STATIC_ROOT/bench/ (with WhiteNoise's compressed
   variants) before gunicorn starts: that file is the page's floor.
4. gunicorn serves Paraat; per page every persona × filter combination is requested once
   (the cache warms with many keys), then at 1, 10 and 50 concurrent readers the static file
   and the page, each a bounded loop, all with `Accept-Encoding: gzip`: p50, p95, p99 and
   throughput, and the ratios page / static.
   Pages: region overview, municipality page, national view, a CSV export, the API's facts
   (with a token).
5. Mixed load: readers of the overview and municipality pages with one status update a
   second through the API (If-Match; each on its own connection, so a slow answer does not
   slow the pace), each followed by a read of the municipality page that must show it (never
   stale); p95 of the readers against the static files' at the same concurrency.
6. How cost grows: the overview's queries and time, uncached and cached, per region size.
7. The regional progress PDF three times, and the import benchmark (bench/imports.py).
8. Writes bench/results.json, prints a table and the targets, exits 1 when one is not met.

collectstatic (WhiteNoise's manifest and compressed variants) runs only when a source static
file is newer than the bench's manifest: it takes minutes. Run with the environment that has
Paraat installed (`make bench` uses .venv): paraat, gunicorn and python come from beside it.

Targets (ratios to the static file in the same run; absolute times on a shared machine are
noise): overview and municipality page, cache warm, p50 ≤ 3× and throughput ≥ 1/3 of the
static file's at every concurrency; mixed load p95 ≤ 10× the static file's; queries ≤ 15
uncached on every page and ≤ 3 cached on the cached pages; the overview's queries flat in
the number of municipalities; the regional PDF ≤ 5 s; no failed request, no stale read;
imports within their budget; the national data set generated in ≤ 180 s.

Environment (all optional):
  BENCH_DATABASE_URL   postgres://postgres@127.0.0.1:5432/paraat_bench
  BENCH_REUSE=1        keep the database of a previous run (skips generating)
  BENCH_REGIONS        25    regions for generate_data
  BENCH_MUNICIPALITIES 342   municipalities for generate_data
  BENCH_GROWTH         10,22,50,100  region sizes for "how cost grows" (empty: skip)
  BENCH_REDIS_URL      redis://127.0.0.1:6379/13  the cache gunicorn uses (REDIS_URL);
                       empty, or Redis not answering: local memory per worker
  BENCH_PORT           8765
  BENCH_WORKERS        3     gunicorn workers (as README "Production"), BENCH_THREADS 1
  BENCH_READERS        1,10,50  concurrent readers
  BENCH_REQUESTS       100   requests per page and concurrency, split over the readers
                             (at least BENCH_MIN_PER_READER = 2 each)
  BENCH_MIXED_READERS  10    readers in the mixed load, BENCH_MIXED_REQUESTS 20 each
  BENCH_WRITES_PER_S   1     status updates per second in the mixed load
  BENCH_INPROC_RUNS    5     in-process timings per page (median)
  BENCH_SKIP_PDF=1, BENCH_SKIP_IMPORTS=1   leave those parts out (while developing)
"""

from __future__ import annotations

import http.client
import json
import math
import os
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The environment that runs this file (make bench: .venv) runs paraat, gunicorn and the rest.
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"

# Targets: one place. Ratios are page / static file in the same run.
TARGET_P50_RATIO = 3.0  # cache warm, overview and municipality page, every concurrency
TARGET_THROUGHPUT_RATIO = 1 / 3  # page throughput / static throughput, same pages
TARGET_MIXED_P95_RATIO = 10.0
TARGET_QUERIES_UNCACHED = 15  # every page
TARGET_QUERIES_CACHED = 3  # the cached pages
TARGET_FLAT_SPREAD = 1  # "flat": the overview's queries differ by at most this over sizes
TARGET_PDF_S = 5.0
TARGET_GENERATE_S = 180.0
RATIO_PAGES = ("region overview", "municipality page")
CACHED_PAGES = ("region overview", "municipality page", "national view", "CSV export")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_ints(name: str, default: str) -> list[int]:
    return [int(v) for v in os.environ.get(name, default).split(",") if v.strip()]


# --- statistics ----------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), linear between the closest ranks (as numpy's default)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(times_ms: list[float], wall_s: float, errors: int = 0) -> dict[str, Any]:
    """p50/p95/p99 of the successful requests' times, and throughput over the wall time."""
    if not times_ms:
        return {"n": 0, "errors": errors}
    return {
        "n": len(times_ms),
        "errors": errors,
        "p50_ms": round(percentile(times_ms, 50), 2),
        "p95_ms": round(percentile(times_ms, 95), 2),
        "p99_ms": round(percentile(times_ms, 99), 2),
        "throughput_rps": round(len(times_ms) / wall_s, 1) if wall_s > 0 else None,
    }


def ratios(page: dict[str, Any], static: dict[str, Any]) -> dict[str, float | None]:
    """Page / static for the times (how many times slower) and for throughput (the share of
    the static file's throughput the page reaches)."""

    def div(a: float | None, b: float | None) -> float | None:
        return round(a / b, 2) if a is not None and b else None

    return {
        "p50": div(page.get("p50_ms"), static.get("p50_ms")),
        "p95": div(page.get("p95_ms"), static.get("p95_ms")),
        "p99": div(page.get("p99_ms"), static.get("p99_ms")),
        "throughput": div(page.get("throughput_rps"), static.get("throughput_rps")),
    }


def check(name: str, value: float | None, limit: float, *, at_least: bool = False) -> dict:
    met = value is not None and (value >= limit if at_least else value <= limit)
    return {"target": name, "value": value, "limit": limit, "at_least": at_least, "met": met}


def check_targets(results: dict[str, Any]) -> list[dict]:
    """Every target as a row {target, value, limit, met}; reads only `results`."""
    rows = []
    for name in RATIO_PAGES:
        page = results["pages"].get(name)
        if not page:
            continue
        for level, figures in page["levels"].items():
            rows.append(
                check(
                    f"{name}, {level} readers: p50 ratio", figures["ratio"]["p50"], TARGET_P50_RATIO
                )
            )
            rows.append(
                check(
                    f"{name}, {level} readers: throughput ratio",
                    figures["ratio"]["throughput"],
                    round(TARGET_THROUGHPUT_RATIO, 3),
                    at_least=True,
                )
            )
    for name, page in results["pages"].items():
        rows.append(
            check(f"{name}: queries uncached", page["queries_uncached"], TARGET_QUERIES_UNCACHED)
        )
        if name in CACHED_PAGES:
            rows.append(
                check(f"{name}: queries cached", page["queries_cached"], TARGET_QUERIES_CACHED)
            )
        failed = sum(f["page"]["errors"] + f["static"]["errors"] for f in page["levels"].values())
        rows.append(check(f"{name}: failed requests", failed, 0))
    mixed = results.get("mixed")
    if mixed:
        for name, figures in mixed["pages"].items():
            rows.append(
                check(
                    f"mixed load, {name}: p95 ratio",
                    figures["ratio"]["p95"],
                    TARGET_MIXED_P95_RATIO,
                )
            )
            rows.append(check(f"mixed load, {name}: failed requests", figures["page"]["errors"], 0))
        writes = mixed["writes"]
        rows.append(
            check("mixed load: status updates written", writes["written"], 1, at_least=True)
        )
        rows.append(check("mixed load: stale reads after a write", writes["stale"], 0))
    growth = results.get("growth") or []
    if len(growth) > 1:
        for kind in ("uncached", "cached"):
            counts = [g[f"queries_{kind}"] for g in growth]
            rows.append(
                check(
                    f"overview queries {kind}, spread over {len(growth)} region sizes",
                    max(counts) - min(counts),
                    TARGET_FLAT_SPREAD,
                )
            )
    pdf = results.get("regional_progress_pdf_seconds")
    if pdf:
        rows.append(
            check("regional progress PDF, median s", sorted(pdf)[len(pdf) // 2], TARGET_PDF_S)
        )
    imports = results.get("imports")
    if imports is not None:
        rows.append(
            check("imports within budget", 1 if imports.get("budget_met") else 0, 1, at_least=True)
        )
    generated = results.get("data_set", {}).get("generate_seconds")
    if generated is not None:
        rows.append(check("national data set generated, s", generated, TARGET_GENERATE_S))
    return rows


# --- load ----------------------------------------------------------------------------------


@dataclass
class Sample:
    label: str
    ms: float
    status: int
    nbytes: int
    encoding: str


@dataclass
class Load:
    samples: list[Sample] = field(default_factory=list)
    wall_s: float = 0.0

    def summary(self, label: str | None = None) -> dict[str, Any]:
        chosen = [s for s in self.samples if label is None or s.label == label]
        ok = [s.ms for s in chosen if s.status == 200]
        return summarise(ok, self.wall_s, errors=len(chosen) - len(ok))


def request(
    conn: http.client.HTTPConnection, method: str, path: str, headers: dict, body=None
) -> tuple[int, bytes, http.client.HTTPResponse]:
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.getheader("Connection", "").lower() == "close":
        conn.close()  # gunicorn's sync workers close every connection; the next one reopens
    return response.status, data, response


def load(
    port: int,
    specs: list[dict],
    *,
    readers: int,
    per_reader: int,
    host: str = HOST,
    timeout: float = 120.0,
) -> Load:
    """`readers` threads start together and each sends `per_reader` GETs, one after another,
    taking the specs ({label, path, headers}) in turn so that every combination is asked."""
    barrier = threading.Barrier(readers + 1)
    result = Load()
    lock = threading.Lock()

    def reader(index: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        mine = []
        barrier.wait()
        for k in range(per_reader):
            spec = specs[(index * per_reader + k) % len(specs)]
            start = time.perf_counter()
            try:
                status, body, response = request(conn, "GET", spec["path"], spec["headers"])
                encoding = response.getheader("Content-Encoding", "") or "identity"
            except (OSError, http.client.HTTPException):
                status, body, encoding = 0, b"", ""
                conn.close()
            mine.append(
                Sample(
                    spec["label"], (time.perf_counter() - start) * 1000, status, len(body), encoding
                )
            )
        conn.close()
        with lock:
            result.samples.extend(mine)

    threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(readers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    result.wall_s = time.perf_counter() - started
    return result


def per_reader_for(readers: int, total: int, minimum: int) -> int:
    return max(minimum, math.ceil(total / readers))


class Writer(threading.Thread):
    """`rate` status updates a second through the API with If-Match, each on its own
    connection (a slow answer does not slow the pace), alternating a track between "started"
    and "in progress"; after each, the contact's municipality page must show the new
    explanation (a stale cache would not). A track is not written again while in flight."""

    def __init__(
        self,
        port: int,
        *,
        token: str,
        tracks: list[dict],
        check_path: str,
        check_headers: dict,
        rate: float,
    ):
        super().__init__(daemon=True)
        self.port, self.token, self.rate = port, token, rate
        self.state = {t["pk"]: (t["version"], t["status"]) for t in tracks}
        self.order = [t["pk"] for t in tracks]
        self.busy: set[int] = set()
        self.check_path, self.check_headers = check_path, check_headers
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.counts = {"started": 0, "written": 0, "refused": 0, "stale": 0, "fresh": 0}
        self.write_ms: list[float] = []
        self.problems: list[str] = []
        self.run_id = uuid.uuid4().hex[:8]
        self.threads: list[threading.Thread] = []

    def run(self) -> None:
        n = 0
        while not self.stop.is_set() and self.order:
            began = time.perf_counter()
            with self.lock:
                free = [pk for pk in self.order if pk not in self.busy]
                pk = free[n % len(free)] if free else None
                if pk is not None:
                    self.busy.add(pk)
                    self.counts["started"] += 1
            n += 1
            if pk is not None:
                thread = threading.Thread(target=self.write, args=(pk, n), daemon=True)
                thread.start()
                self.threads.append(thread)
            self.stop.wait(max(0.0, 1 / self.rate - (time.perf_counter() - began)))
        for thread in self.threads:
            thread.join(timeout=120)

    def note(self, count: str, problem: str = "") -> None:
        with self.lock:
            self.counts[count] += 1
            if problem and len(self.problems) < 5:
                self.problems.append(problem)

    def write(self, pk: int, n: int) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
        api = {"Authorization": f"Bearer {self.token}", "Host": HOST}
        version, status = self.state[pk]
        new = "started" if status == "in_progress" else "in_progress"
        marker = f"bench-write-{self.run_id}-{n}"
        began = time.perf_counter()
        try:
            code, body, response = request(
                conn,
                "POST",
                f"/api/v1/progress/{pk}/status-updates/",
                {**api, "Content-Type": "application/json", "If-Match": f'"{version}"'},
                json.dumps({"status": new, "explanation": marker}),
            )
            with self.lock:
                self.write_ms.append((time.perf_counter() - began) * 1000)
            if code == 201:
                self.state[pk] = (int(response.getheader("ETag", '"0"').strip('"')), new)
                self.note("written")
                code, page, _r = request(conn, "GET", self.check_path, self.check_headers)
                self.note("fresh" if code == 200 and marker.encode() in page else "stale")
            else:
                self.note("refused", f"{pk}: HTTP {code} {body[:200]!r}")
                code, body, _r = request(conn, "GET", f"/api/v1/progress/{pk}/", api)
                if code == 200:
                    data = json.loads(body)
                    self.state[pk] = (data["version"], data["status"])
                else:
                    with self.lock:
                        self.order.remove(pk)
        except (OSError, http.client.HTTPException) as error:
            self.note("refused", f"{pk}: {error}")
        finally:
            conn.close()
            with self.lock:
                self.busy.discard(pk)


# --- the run -------------------------------------------------------------------------------


@dataclass
class Config:
    database_url: str = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/paraat_bench"
    )
    reuse: bool = os.environ.get("BENCH_REUSE") == "1"
    regions: int = env_int("BENCH_REGIONS", 25)
    municipalities: int = env_int("BENCH_MUNICIPALITIES", 342)
    growth: list[int] = field(default_factory=lambda: env_ints("BENCH_GROWTH", "10,22,50,100"))
    redis_url: str = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    port: int = env_int("BENCH_PORT", 8765)
    workers: int = env_int("BENCH_WORKERS", 3)
    threads: int = env_int("BENCH_THREADS", 1)
    readers: list[int] = field(default_factory=lambda: env_ints("BENCH_READERS", "1,10,50"))
    requests: int = env_int("BENCH_REQUESTS", 100)
    min_per_reader: int = env_int("BENCH_MIN_PER_READER", 2)
    mixed_readers: int = env_int("BENCH_MIXED_READERS", 10)
    mixed_requests: int = env_int("BENCH_MIXED_REQUESTS", 20)
    writes_per_s: float = float(os.environ.get("BENCH_WRITES_PER_S", "1"))
    skip_pdf: bool = os.environ.get("BENCH_SKIP_PDF") == "1"
    skip_imports: bool = os.environ.get("BENCH_SKIP_IMPORTS") == "1"


def redis_answers(url: str) -> bool:
    if not url:
        return False
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def django_env(config: Config, redis_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": config.database_url,
        "PARAAT_ENV": "demo",
        "DEBUG": "false",
        "PARAAT_REQUIRE_2FA": "false",
        "PYTHONPATH": str(ROOT / "src"),
        "PARAAT_DATA_DIR": str(ROOT / "var" / "bench"),
        "DJANGO_SETTINGS_MODULE": "paraat.settings",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def run(env: dict, *args: str) -> str:
    print("$", " ".join(args), flush=True)
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-5000:])
        raise SystemExit(f"failed: {' '.join(args)}")
    return done.stdout


def inproc(env: dict, *args: str) -> Any:
    out = run(env, str(BIN / "python"), str(ROOT / "bench" / "inproc.py"), *args)
    return json.loads(out.strip().splitlines()[-1])


def recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def analyse(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")  # fresh statistics, as autovacuum would have them in use


def static_is_current() -> bool:
    """collectstatic (manifest, compressed variants) takes minutes on a busy machine: skip it
    when the bench's manifest is newer than every source static file."""
    manifest = ROOT / "var" / "bench" / "static" / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    sources = (ROOT / "src" / "paraat").glob("**/static/**/*")
    return all(f.stat().st_mtime < collected for f in sources if f.is_file())


def build_pages(info: dict) -> list[dict]:
    """Each page with its persona × filter combinations; the first is the canonical one (its
    bytes become the static twin, its queries are counted)."""
    region = info["region"]
    gzip_ok = {"Accept-Encoding": "gzip", "Host": HOST}

    def browser(persona: str) -> dict:
        return {**gzip_ok, "Cookie": info["cookies"][persona]}

    def token(persona: str) -> dict:
        return {**gzip_ok, "Authorization": f"Bearer {info['tokens'][persona]}"}

    categories = info["categories"] or [None]
    closed = info["closed_rounds"]
    people = ["board", "cfg", "contact1", "contact2", "contact3"]
    people = [p for p in people if p in info["sessions"]]
    filters = [
        "",
        "?owner=municipality",
        f"?category={categories[0]}",
        "?due=2026-4",
        f"?category={categories[-1]}&owner=municipality",
    ] + ([f"?round={closed[0]}"] if closed else [])
    municipalities = info["contact_municipalities"] + info["other_municipalities"]
    pages = [
        {
            "name": "region overview",
            "slug": "overview",
            "extension": "html",
            "specs": [
                {"path": f"/{region}/dashboard/{f}", "headers": browser(p)}
                for f in filters
                for p in people
            ],
        },
        {
            "name": "municipality page",
            "slug": "municipality",
            "extension": "html",
            "specs": [
                {"path": f"/{region}/dashboard/municipality/{m}/{f}", "headers": browser(p)}
                for m in municipalities[:4]
                for f in ("", f"?category={categories[0]}")
                for p in people
            ],
        },
        {
            "name": "national view",
            "slug": "national",
            "extension": "html",
            "specs": [
                {"path": "/national/", "headers": browser(p)} for p in ("national1", "national2")
            ],
        },
        {
            "name": "CSV export",
            "slug": "export",
            "extension": "csv",
            "specs": [
                {"path": f"/{region}/dashboard/export/{t}.csv{f}", "headers": browser(p)}
                for t in ("items", "matrix", "municipalities")
                for f in ("", f"?category={categories[0]}")
                for p in people[:4]
            ],
        },
        {
            "name": "API facts",
            "slug": "facts",
            "extension": "json",
            "specs": [
                {"path": f"/api/v1/facts/?region={info['region_code']}{q}", "headers": token(p)}
                for q in [f"&round={r}" for r in closed] + [f"&round={closed[0]}&format=csv"]
                for p in ("board", "cfg", "contact1")
            ]
            if closed
            else [
                {"path": f"/api/v1/facts/?region={info['region_code']}", "headers": token(p)}
                for p in ("board", "cfg", "contact1")
            ],
        },
    ]
    for page in pages:
        for spec in page["specs"]:
            spec["label"] = page["name"]
    return pages


def build_growth(info: dict) -> list[dict]:
    return sorted(
        (
            {
                "label": f"overview {g['municipalities']}",
                "municipalities": g["municipalities"],
                "region": code,
                "path": f"/{g['slug']}/dashboard/",
                "headers": {"Host": HOST, "Cookie": info["cookies"][g["persona"]]},
            }
            for code, g in info["growth"].items()
        ),
        key=lambda g: g["municipalities"],
    )


def wait_for_server(port: int, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def static_spec(label: str, path: str) -> dict:
    return {"label": label, "path": path, "headers": {"Accept-Encoding": "gzip", "Host": HOST}}


def warm(port: int, page: dict) -> dict:
    """Every combination once (fills the cache with many keys); fails on any refusal. Returns
    what the server sent for the canonical one with gzip accepted."""
    result = load(port, page["specs"], readers=1, per_reader=len(page["specs"]))
    bad = [s for s in result.samples if s.status != 200]
    if bad:
        raise SystemExit(f"{page['name']}: HTTP {bad[0].status} while warming up")
    first = result.samples[0]
    out = {"sent_bytes": first.nbytes, "content_encoding": first.encoding}
    # Token clients and exports may answer a conditional request with 304 (ETag).
    spec = page["specs"][0]
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    _status, _body, response = request(conn, "GET", spec["path"], spec["headers"])
    etag = response.getheader("ETag")
    out["etag"] = etag
    if etag:
        start = time.perf_counter()
        status, body, _r = request(
            conn, "GET", spec["path"], {**spec["headers"], "If-None-Match": etag}
        )
        out["conditional"] = {
            "status": status,
            "bytes": len(body),
            "ms": round((time.perf_counter() - start) * 1000, 1),
        }
    conn.close()
    return out


def measure_levels(config: Config, page: dict, row: dict) -> dict:
    levels = {}
    static = [static_spec(page["name"], row["static_path"])]
    for readers in config.readers:
        each = per_reader_for(readers, config.requests, config.min_per_reader)
        floor = load(config.port, static, readers=readers, per_reader=each)
        measured = load(config.port, page["specs"], readers=readers, per_reader=each)
        s, p = floor.summary(), measured.summary()
        levels[str(readers)] = {"page": p, "static": s, "ratio": ratios(p, s)}
        print(
            f"  {page['name']:18} {readers:>3} readers: page p50 {p.get('p50_ms')} ms, "
            f"{p.get('throughput_rps')} req/s; static p50 {s.get('p50_ms')} ms, "
            f"{s.get('throughput_rps')} req/s",
            flush=True,
        )
        if readers == config.readers[0]:
            row["static_sent_bytes"] = floor.samples[0].nbytes
            row["static_content_encoding"] = floor.samples[0].encoding
    return levels


def mixed_load(config: Config, info: dict, pages: list[dict], rows: dict) -> dict:
    chosen = [p for p in pages if p["name"] in RATIO_PAGES]
    specs = [s for pair in zip(*(p["specs"] for p in chosen), strict=False) for s in pair]
    statics = [static_spec(p["name"], rows[p["name"]]["static_path"]) for p in chosen]
    each = config.mixed_requests
    floor = load(config.port, statics, readers=config.mixed_readers, per_reader=each)
    writer = Writer(
        config.port,
        token=info["tokens"]["writer"],
        tracks=info["tracks"],
        check_path=f"/{info['region']}/dashboard/municipality/{info['contact_municipalities'][0]}/",
        check_headers={"Host": HOST, "Cookie": info["cookies"]["contact1"]},
        rate=config.writes_per_s,
    )
    writer.start()
    measured = load(config.port, specs, readers=config.mixed_readers, per_reader=each)
    writer.stop.set()
    writer.join(timeout=180)
    out: dict[str, Any] = {"readers": config.mixed_readers, "requests_per_reader": each}
    out["pages"] = {}
    for page in chosen:
        p, s = measured.summary(page["name"]), floor.summary(page["name"])
        out["pages"][page["name"]] = {"page": p, "static": s, "ratio": ratios(p, s)}
    out["writes"] = {
        **writer.counts,
        "seconds": round(measured.wall_s, 1),
        "per_second": round(writer.counts["written"] / measured.wall_s, 2),
        "write_p50_ms": round(percentile(writer.write_ms, 50), 1) if writer.write_ms else None,
        "problems": writer.problems,
    }
    return out


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    return str(value)


def print_report(results: dict, targets: list[dict]) -> None:
    print(
        "\nPer page (in-process: queries and ms, uncached/cached; bytes: page, gzip would "
        "give, sent with Accept-Encoding: gzip; static file sent)"
    )
    print(
        f"{'page':18} {'queries':>9} {'ms':>13} {'bytes':>9} {'gzip':>8} {'sent':>9} "
        f"{'static sent':>11}"
    )
    for name, row in results["pages"].items():
        print(
            f"{name:18} {row['queries_uncached']:>4}/{row['queries_cached']:<4} "
            f"{fmt(row['ms_uncached']):>6}/{fmt(row['ms_cached']):<6} {row['bytes']:>9} "
            f"{row['gzip_bytes']:>8} {fmt(row.get('sent_bytes')):>9} "
            f"{fmt(row.get('static_sent_bytes')):>11}"
        )
    for name, row in results["pages"].items():
        c = row.get("conditional")
        if c:
            print(f"{name}: ETag; If-None-Match answered HTTP {c['status']}, {c['bytes']} bytes")
        elif "etag" in row:
            print(f"{name}: no ETag")
    print(
        "\nUnder load, cache warm: page vs static file of the same size (ratio = page/static; "
        "for throughput the page's share)"
    )
    print(
        f"{'page':18} {'readers':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'req/s':>7} | "
        f"{'static p50':>10} {'p95':>7} {'p99':>7} {'req/s':>7} | {'×p50':>6} {'×p95':>6} "
        f"{'thr':>5}"
    )
    for name, row in results["pages"].items():
        for level, f in row["levels"].items():
            p, s, r = f["page"], f["static"], f["ratio"]
            print(
                f"{name:18} {level:>7} {fmt(p.get('p50_ms')):>8} {fmt(p.get('p95_ms')):>8} "
                f"{fmt(p.get('p99_ms')):>8} {fmt(p.get('throughput_rps')):>7} | "
                f"{fmt(s.get('p50_ms')):>10} {fmt(s.get('p95_ms')):>7} {fmt(s.get('p99_ms')):>7} "
                f"{fmt(s.get('throughput_rps')):>7} | {fmt(r['p50']):>6} {fmt(r['p95']):>6} "
                f"{fmt(r['throughput']):>5}"
            )
    mixed = results.get("mixed")
    if mixed:
        w = mixed["writes"]
        print(
            f"\nMixed load: {mixed['readers']} readers, {w['written']} status updates in "
            f"{w['seconds']} s ({w['refused']} refused, {w['stale']} stale reads)"
        )
        for name, f in mixed["pages"].items():
            print(
                f"{name:18} p95 {fmt(f['page'].get('p95_ms'))} ms vs static "
                f"{fmt(f['static'].get('p95_ms'))} ms: {fmt(f['ratio']['p95'])}×"
            )
    if results.get("growth"):
        print("\nHow cost grows: region overview (in-process)")
        print(f"{'municipalities':>14} {'queries':>9} {'ms uncached':>12} {'ms cached':>10}")
        for g in results["growth"]:
            print(
                f"{g['municipalities']:>14} {g['queries_uncached']:>4}/{g['queries_cached']:<4} "
                f"{fmt(g['ms_uncached']):>12} {fmt(g['ms_cached']):>10}"
            )
    if results.get("regional_progress_pdf_seconds"):
        print(f"\nRegional progress PDF: {results['regional_progress_pdf_seconds']} s")
    print("\nTargets")
    for t in targets:
        sign = "≥" if t["at_least"] else "≤"
        print(
            f"  {'met    ' if t['met'] else 'NOT MET'}  {t['target']}: {fmt(t['value'])} "
            f"({sign} {fmt(t['limit'])})"
        )


def main() -> int:
    config = Config()
    started = time.time()
    phases: dict[str, float] = {}
    lap = [time.time()]

    def phase(name: str) -> None:
        now = time.time()
        phases[name] = round(now - lap[0], 1)
        lap[0] = now

    redis_url = config.redis_url if redis_answers(config.redis_url) else ""
    env = django_env(config, redis_url)
    generated_s = None
    if not config.reuse:
        recreate_database(config.database_url)
    # also on reuse: a database kept from an older checkout gets the newer migrations
    run(env, str(BIN / "paraat"), "migrate", "--noinput", "-v", "0")
    if not config.reuse:
        t0 = time.time()
        run(
            env,
            str(BIN / "paraat"),
            "generate_data",
            "--regions",
            str(config.regions),
            "--municipalities",
            str(config.municipalities),
        )
        generated_s = round(time.time() - t0, 1)
        phase("database")
    grown = inproc(env, "grow", ",".join(map(str, config.growth))) if config.growth else {}
    if not config.reuse or grown.get("created"):
        analyse(config.database_url)
    phase("growth regions")
    if static_is_current():
        print("static files collected after their last change: collectstatic skipped")
    else:
        run(env, str(BIN / "paraat"), "collectstatic", "--noinput", "-v", "0")
    phase("collectstatic")
    info = inproc(env, "setup")
    phase("personas")
    pages = build_pages(info)
    growth = build_growth(info)
    growth = [g for g in growth if g["municipalities"] in config.growth]
    plan = ROOT / "var" / "bench" / "plan.json"
    plan.parent.mkdir(parents=True, exist_ok=True)
    plan.write_text(
        json.dumps({"session_cookie": info["session_cookie"], "pages": pages, "growth": growth})
    )
    measured = inproc(env, "measure", str(plan))
    phase("in-process measurement")
    rows = measured["pages"]
    for page in pages:
        rows[page["name"]]["path"] = page["specs"][0]["path"]
        rows[page["name"]]["combinations"] = len(page["specs"])
    command = [
        str(BIN / "gunicorn"),
        "paraat.wsgi:application",
        "--workers",
        str(config.workers),
        "--threads",
        str(config.threads),
        "--bind",
        f"{HOST}:{config.port}",
        "--log-level",
        "warning",
    ]
    print("$", " ".join(command), flush=True)
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    load_average = []
    try:
        wait_for_server(config.port, server)
        for page in pages:
            rows[page["name"]].update(warm(config.port, page))
            rows[page["name"]]["levels"] = measure_levels(config, page, rows[page["name"]])
            load_average.append(os.getloadavg()[0])
            phase(f"load: {page['name']}")
        mixed = mixed_load(config, info, pages, rows) if config.mixed_readers else None
        load_average.append(os.getloadavg()[0])
        phase("mixed load")
    finally:
        server.terminate()
        server.wait(timeout=30)
    results: dict[str, Any] = {
        "data_set": {
            "regions": config.regions,
            "municipalities": config.municipalities,
            "largest_region": info["region"],
            "municipalities_in_region": info["municipalities_in_region"],
            "generate_seconds": generated_s,
        },
        "server": f"gunicorn, {config.workers} workers × {config.threads} threads, WhiteNoise",
        "cache": "Redis " + redis_url if redis_url else info["cache"],
        "session_engine": info["session_engine"],
        "database": config.database_url.rsplit("@", 1)[-1],
        "readers": config.readers,
        "requests_per_level": config.requests,
        "pages": rows,
        "mixed": mixed,
        "growth": measured["growth"],
    }
    if not config.skip_pdf:
        results["regional_progress_pdf_seconds"] = inproc(env, "pdf", info["region_code"])
        phase("PDF")
    if not config.skip_imports:
        out = run(env, str(BIN / "python"), "bench/imports.py")
        results["imports"] = json.loads(out.strip().splitlines()[-1])
        phase("imports")
    targets = check_targets(results)
    results["targets"] = targets
    results["targets_met"] = all(t["met"] for t in targets)
    results["load_average_1min"] = [round(v, 2) for v in load_average]
    results["cpus"] = os.cpu_count()
    results["total_seconds"] = round(time.time() - started, 1)
    results["phase_seconds"] = phases
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print_report(results, targets)
    print(
        f"\nLoad average during the run: {results['load_average_1min']} on {os.cpu_count()} "
        f"cores; {results['total_seconds']} s in all."
    )
    print("Seconds per phase: " + ", ".join(f"{k} {v}" for k, v in phases.items()))
    missed = [t["target"] for t in targets if not t["met"]]
    print(
        f"Targets {'met' if not missed else 'NOT met: ' + '; '.join(missed)}; "
        "results in bench/results.json"
    )
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
