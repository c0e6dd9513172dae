"""The parts of `make bench` that run inside Django, one command per call, for `bench/run.py`.

    python bench/inproc.py grow 10,22,50,100      regions of those sizes (the data generator)
    python bench/inproc.py setup                  personas, sessions, tokens, filter values
    python bench/inproc.py measure SPECS.json     queries and in-process time, uncached and
                                                  cached; writes each page's static twin
    python bench/inproc.py pdf REGION             the regional progress PDF, three times

Each prints one JSON line last; `run.py` reads it. It runs with the environment `run.py` sets
(DATABASE_URL of the bench database, PARAAT_ENV=demo, REDIS_URL when used).
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paraat.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# Regions the bench adds for "how cost grows" have codes B010, B022, …: no real code starts
# with B (the real ones are VR01…VR25), and their municipalities are GM9000 and up (the
# generator's are GM5000…GM8999).
GROWTH_PREFIX = "B"
GROWTH_FIRST_MUNICIPALITY = 9000
TIMED_RUNS = int(os.environ.get("BENCH_INPROC_RUNS", "5"))
EMAIL = "bench-{}@bench.paraat.invalid"


def growth_code(size: int) -> str:
    return f"{GROWTH_PREFIX}{size:03d}"


def grow(sizes: list[int]) -> dict:
    """One region per size, made like `paraat generate_data` makes its regions: municipalities
    here, then every app's `generate_region` hook. Kept between runs (BENCH_REUSE)."""
    import random

    from paraat.core.extensions import app_modules
    from paraat.regions.models import Municipality, Region
    from paraat.start.generated import generated_municipalities

    rng = random.Random(2026)
    made = []
    for size in sizes:
        code = growth_code(size)
        region = Region.objects.filter(code=code).first()
        if region is None:
            codes = Municipality.objects.filter(code__gte=f"GM{GROWTH_FIRST_MUNICIPALITY}")
            last = max((int(c[2:]) for c in codes.values_list("code", flat=True)), default=None)
            first = GROWTH_FIRST_MUNICIPALITY if last is None else last + 1
            with transaction.atomic():
                region = Region.objects.create(
                    code=code,
                    name=f"Benchregio met {size} gemeenten",
                    short_name=f"Bench {size}",
                    share_nationally=False,
                )
                Municipality.objects.bulk_create(
                    generated_municipalities(
                        region=region, first_number=first, count=size, name=f"Bench {size}", rng=rng
                    )
                )
            for module in app_modules("generate"):
                if hasattr(module, "generate_region"):
                    with transaction.atomic():
                        module.generate_region(region, rng=rng, options={"seed": 2026})
            made.append(code)
    return {"created": made}


def _user(key: str, role: str, region=None, municipality=None):
    from paraat.accounts.factories import UserFactory
    from paraat.accounts.models import Membership, User

    user = User.objects.filter(email=EMAIL.format(key)).first() or UserFactory(
        email=EMAIL.format(key)
    )
    Membership.objects.get_or_create(user=user, role=role, region=region, municipality=municipality)
    return user


def _csrf_secret() -> str:
    from django.middleware.csrf import _get_new_csrf_string

    return _get_new_csrf_string()


def _session(user) -> str:
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def setup() -> dict:
    """Personas of several roles and municipalities in the largest generated region, national
    readers, a board member per growth region; a session each, API tokens, filter values."""
    from paraat.accounts.roles import Role
    from paraat.agreements import figures
    from paraat.agreements.models import ActionItem, ItemProgress, OwnerType, Submission
    from paraat.agreements.services import round_open_for
    from paraat.api.services import api_token_create
    from paraat.regions.models import Region

    region = (
        Region.objects.exclude(code__startswith=GROWTH_PREFIX)
        .annotate(n=Count("municipalities"))
        .order_by("-n", "code")
        .first()
    )
    if region is None:
        raise SystemExit("no generated region: run without BENCH_REUSE=1 first")
    open_round = round_open_for(region)
    locked = set()
    if open_round is not None:
        for submission in Submission.objects.filter(round=open_round):
            if submission.is_locked_for_municipality:
                locked.add(submission.municipality_id)
    municipalities = list(region.municipalities.order_by("name"))
    # The writer's municipality must be able to write (its submission is not locked).
    municipalities.sort(key=lambda m: m.pk in locked)
    contacts = municipalities[:3]
    users = {
        "board": _user("board", Role.BOARD, region),
        "cfg": _user("cfg", Role.CFG, region),
        "national1": _user("national1", Role.NATIONAL),
        "national2": _user("national2", Role.NATIONAL),
    }
    for n, municipality in enumerate(contacts, start=1):
        users[f"contact{n}"] = _user(
            f"contact{n}-{region.code.lower()}", Role.MUNICIPAL_CONTACT, region, municipality
        )
    growth = {}
    for grown in Region.objects.filter(code__startswith=GROWTH_PREFIX).annotate(
        n=Count("municipalities")
    ):
        key = f"board-{grown.code.lower()}"
        users[key] = _user(key, Role.BOARD, grown)
        growth[grown.code] = {"slug": grown.slug, "municipalities": grown.n, "persona": key}
    sessions = {name: _session(user) for name, user in users.items()}
    # what a browser sends after its first page: the session and the CSRF cookie it was given
    # (without the second, every answer would set a new one, as for a first visit)
    cookies = {
        name: f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={_csrf_secret()}"
        for name, key in sessions.items()
    }
    tokens = {}
    for name in ("board", "cfg", "contact1"):
        _token, tokens[name] = api_token_create(
            user=users[name], name="bench (lezen)", actor=None, days=1
        )
    _token, tokens["writer"] = api_token_create(
        user=users["contact1"], name="bench (schrijven)", actor=None, days=1, can_write=True
    )
    items = ActionItem.objects.filter(region=region, is_withdrawn=False)
    categories = sorted(set(items.values_list("category_id", flat=True)))
    closed = [r.pk for r in figures.closed_rounds(region=region, limit=2)]
    tracks = list(
        ItemProgress.objects.filter(
            municipality=contacts[0],
            item__is_withdrawn=False,
            item__owner_type__in=[OwnerType.MUNICIPALITY, OwnerType.JOINT],
        )
        .order_by("pk")
        .values("pk", "version", "status")[:40]
    )
    return {
        "region": region.slug,
        "region_code": region.code,
        "municipalities_in_region": region.n,
        "contact_municipalities": [m.code for m in contacts],
        "other_municipalities": [m.code for m in municipalities[3:5]],
        "writer_locked": contacts[0].pk in locked,
        "categories": categories[:2],
        "closed_rounds": closed,
        "sessions": sessions,
        "cookies": cookies,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "tokens": tokens,
        "tracks": tracks,
        "growth": growth,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "session_engine": settings.SESSION_ENGINE,
    }


def _client(spec: dict, cookie_name: str) -> tuple[Client, dict]:
    client = Client()
    headers = {}
    for name, value in spec["headers"].items():
        if name == "Cookie":
            for pair in value.split("; "):
                cookie, _, cookie_value = pair.partition("=")
                client.cookies[cookie] = cookie_value
        elif name == "Authorization":
            headers[name] = value
    return client, headers


def _time_ms(client: Client, path: str, headers: dict, *, clear: bool) -> float:
    runs = []
    for _ in range(TIMED_RUNS):
        if clear:
            cache.clear()
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        runs.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return round(statistics.median(runs), 1)


def measure_one(spec: dict, cookie_name: str) -> tuple[dict, bytes]:
    """Queries and time of one request, with the cache cleared (uncached) and again (cached).
    The first request of the session comes before, so that its one-off work is not counted."""
    client, headers = _client(spec, cookie_name)
    path = spec["path"]
    first = client.get(path, headers=headers)
    if first.status_code != 200:
        raise SystemExit(f"{spec['label']}: {path} answered HTTP {first.status_code}")
    cache.clear()
    with CaptureQueriesContext(connection) as uncached:
        response = client.get(path, headers=headers)
    body = response.content
    with CaptureQueriesContext(connection) as cached:
        client.get(path, headers=headers)
    row = {
        "queries_uncached": len(uncached.captured_queries),
        "queries_cached": len(cached.captured_queries),
        "ms_uncached": _time_ms(client, path, headers, clear=True),
        "ms_cached": _time_ms(client, path, headers, clear=False),
        "bytes": len(body),
        "gzip_bytes": len(gzip.compress(body, compresslevel=6)),
        "content_type": response.get("Content-Type", ""),
    }
    return row, body


def write_static(name: str, body: bytes, extension: str) -> str:
    """The page's bytes as a static file under STATIC_ROOT/bench/, compressed beside it as
    WhiteNoise's own storage compresses collected files; served by the same gunicorn."""
    from whitenoise.compress import Compressor

    folder = Path(settings.STATIC_ROOT) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.{extension}"
    for old in folder.glob(f"{name}.{extension}*"):
        old.unlink()
    target.write_bytes(body)
    list(Compressor(quiet=True).compress(str(target)))
    return f"{settings.STATIC_URL}bench/{target.name}"


def measure(specs_file: str) -> dict:
    plan = json.loads(Path(specs_file).read_text())
    cookie_name = plan["session_cookie"]
    pages = {}
    for page in plan["pages"]:
        row, body = measure_one(page["specs"][0], cookie_name)
        row["static_path"] = write_static(page["slug"], body, page["extension"])
        pages[page["name"]] = row
    growth = []
    for spec in plan["growth"]:
        row, _body = measure_one(spec, cookie_name)
        growth.append({"municipalities": spec["municipalities"], "path": spec["path"], **row})
    return {"pages": pages, "growth": growth}


def pdf(region_code: str) -> list[float]:
    from paraat.regions.models import Region
    from paraat.reports.services import report_generate

    region = Region.objects.get(code__iexact=region_code)
    seconds = []
    for _ in range(3):
        start = time.perf_counter()
        run = report_generate(
            region=region,
            kind="progress",
            fmt="pdf",
            parameters={"audience": "steering"},
            actor=None,
        )
        seconds.append(round(time.perf_counter() - start, 2))
        assert run.status == "done", run.status
    return seconds


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "grow":
        out = grow([int(s) for s in args[0].split(",") if s.strip()])
    elif command == "setup":
        out = setup()
    elif command == "measure":
        out = measure(args[0])
    elif command == "pdf":
        out = pdf(args[0])
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(out))
