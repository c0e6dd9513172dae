"""`make bench`'s harness (bench/run.py) on fixed inputs, and its load loop against a tiny
static server: that the figures it reports and the targets it checks are right. No data set."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import sys
import threading
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules["bench_run"]


def test_percentiles_interpolate_between_ranks(bench):
    values = [float(v) for v in range(100, 0, -1)]  # 1…100, in any order
    assert bench.percentile(values, 50) == pytest.approx(50.5)
    assert bench.percentile(values, 95) == pytest.approx(95.05)
    assert bench.percentile(values, 99) == pytest.approx(99.01)
    assert bench.percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError):
        bench.percentile([], 50)


def test_summary_gives_percentiles_and_throughput_over_the_wall_time(bench):
    summary = bench.summarise([10.0, 20.0, 30.0, 40.0], 2.0, errors=1)
    assert summary == {
        "n": 4,
        "errors": 1,
        "p50_ms": 25.0,
        "p95_ms": 38.5,
        "p99_ms": 39.7,
        "throughput_rps": 2.0,
    }


def test_ratios_are_page_over_static(bench):
    page = {"p50_ms": 30.0, "p95_ms": 90.0, "p99_ms": 100.0, "throughput_rps": 10.0}
    static = {"p50_ms": 10.0, "p95_ms": 20.0, "p99_ms": 40.0, "throughput_rps": 40.0}
    assert bench.ratios(page, static) == {"p50": 3.0, "p95": 4.5, "p99": 2.5, "throughput": 0.25}
    assert bench.ratios({}, static)["p50"] is None


def _level(p50_ratio, throughput_ratio, errors=0):
    return {
        "page": {"errors": errors},
        "static": {"errors": 0},
        "ratio": {"p50": p50_ratio, "p95": None, "throughput": throughput_ratio},
    }


def _results(**changes):
    page = {
        "queries_uncached": 12,
        "queries_cached": 2,
        "levels": {"1": _level(2.0, 0.5), "10": _level(2.9, 0.34), "50": _level(1.5, 0.9)},
    }
    results = {
        "pages": {
            "region overview": page,
            "municipality page": {**page, "levels": {"1": _level(1.0, 1.0)}},
            "API facts": {"queries_uncached": 6, "queries_cached": 6, "levels": {}},
        },
        "mixed": {
            "pages": {"region overview": {"page": {"errors": 0}, "ratio": {"p95": 9.5}}},
            "writes": {"written": 30, "stale": 0},
        },
        "growth": [
            {"municipalities": 10, "queries_uncached": 12, "queries_cached": 2},
            {"municipalities": 100, "queries_uncached": 13, "queries_cached": 2},
        ],
        "regional_progress_pdf_seconds": [1.2, 4.9, 6.0],
        "imports": {"budget_met": True},
        "data_set": {"generate_seconds": None},
    }
    results.update(changes)
    return results


def test_targets_are_met_by_figures_within_them(bench):
    rows = bench.check_targets(_results())
    assert [r["target"] for r in rows if not r["met"]] == []
    names = {r["target"] for r in rows}
    assert "region overview, 50 readers: throughput ratio" in names
    assert "mixed load, region overview: p95 ratio" in names
    assert "regional progress PDF, median s" in names
    # The API's facts have no cached-query target (token clients get ETag/304 instead).
    assert "API facts: queries uncached" in names
    assert "API facts: queries cached" not in names


def test_targets_say_which_are_not_met(bench):
    results = _results(
        growth=[
            {"municipalities": 10, "queries_uncached": 12, "queries_cached": 2},
            {"municipalities": 100, "queries_uncached": 14, "queries_cached": 2},
        ],
        regional_progress_pdf_seconds=[5.5, 5.1, 6.0],
    )
    overview = results["pages"]["region overview"]
    overview["levels"]["10"] = _level(3.1, 0.3, errors=2)
    overview["queries_cached"] = 4
    results["mixed"]["pages"]["region overview"]["ratio"]["p95"] = 10.5
    results["mixed"]["writes"] = {"written": 0, "stale": 1}
    missed = {r["target"] for r in bench.check_targets(results) if not r["met"]}
    assert missed == {
        "region overview, 10 readers: p50 ratio",
        "region overview, 10 readers: throughput ratio",
        "region overview: queries cached",
        "region overview: failed requests",
        "mixed load, region overview: p95 ratio",
        "mixed load: status updates written",
        "mixed load: stale reads after a write",
        "overview queries uncached, spread over 2 region sizes",
        "regional progress PDF, median s",
    }


def test_a_missing_figure_is_not_met(bench):
    results = _results()
    results["pages"]["region overview"]["levels"]["1"]["ratio"]["p50"] = None
    missed = {r["target"] for r in bench.check_targets(results) if not r["met"]}
    assert missed == {"region overview, 1 readers: p50 ratio"}


def test_the_load_loop_reads_a_static_file_with_concurrent_readers(bench, tmp_path):
    (tmp_path / "page.html").write_bytes(b"<p>floor</p>" * 100)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        specs = [
            {"label": "page", "path": "/page.html", "headers": {}},
            {"label": "missing", "path": "/missing.html", "headers": {}},
        ]
        result = bench.load(port, specs, readers=3, per_reader=4, timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    assert len(result.samples) == 12
    page = result.summary("page")
    assert page["n"] == 6 and page["errors"] == 0
    assert {s.nbytes for s in result.samples if s.label == "page"} == {1200}
    assert result.summary("missing") == {"n": 0, "errors": 6}
    assert result.wall_s > 0
    assert result.summary()["throughput_rps"] > 0
    assert page["p50_ms"] <= page["p95_ms"] <= page["p99_ms"]


def test_requests_per_reader_are_bounded_and_split(bench):
    assert bench.per_reader_for(1, 100, 2) == 100
    assert bench.per_reader_for(10, 100, 2) == 10
    assert bench.per_reader_for(50, 100, 2) == 2
    assert bench.per_reader_for(50, 40, 2) == 2
