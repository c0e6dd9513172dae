"""Every role × every URL × GET and POST: the refusals as well as the successes.

The rules per URL live in each app's `tests/access.py` (MATRIX). A URL without a Case fails
`test_every_url_has_a_case`, so nobody can add a page without saying who may use it.
"""

from importlib import import_module
from importlib.util import find_spec

import pytest

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from paraat.core.extensions import paraat_app_configs
from paraat.testing import ALL_PERSONAS, ANONYMOUS, Case

# The API answers 401/200-with-what-you-may-see rather than redirects and 403s: its endpoints
# have their own coverage test (paraat/api/tests/test_endpoints.py).
IGNORED_NAMESPACES = {"admin", "api"}


def all_cases() -> list[Case]:
    cases = []
    for config in paraat_app_configs():
        dotted = f"{config.name}.tests.access"
        if find_spec(dotted) is not None:
            cases.extend(import_module(dotted).MATRIX)
    return cases


def url_names() -> set[str]:
    names = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in IGNORED_NAMESPACES:
                    continue
                ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns)
    return names


CASES = all_cases()


def test_every_url_has_a_case():
    covered = {c.name for c in CASES}
    missing = sorted(url_names() - covered)
    assert not missing, f"URLs without a permission-matrix Case: {missing}"


def test_no_case_for_a_url_that_does_not_exist():
    stale = sorted({c.name for c in CASES} - url_names())
    assert not stale, f"Cases for URLs that no longer exist: {stale}"


def _refused(response, persona: str) -> bool:
    if response.status_code == 403:
        return True
    if response.status_code == 405:  # the view does not take this method from anyone
        return True
    if persona == ANONYMOUS and response.status_code == 302:
        return "/account/login/" in response["Location"]
    return False


def _allowed(response, case: Case) -> bool:
    if response.status_code >= 500 or response.status_code in (403, 404, 405):
        return False
    if response.status_code == 302 and not case.ends_signed_out:
        return "/account/login/" not in response["Location"]
    return True


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_access(case: Case, world):
    if case.setup:
        case.setup(world)
    url = reverse(case.name, kwargs=case.kwargs(world))
    problems = []
    for persona in ALL_PERSONAS:
        client = Client()
        if persona != ANONYMOUS:
            client.force_login(world.users[persona])
        everyone = set(ALL_PERSONAS) if case.public else set()
        methods = [("GET", case.get | everyone)]
        if case.post is not None:
            methods.append(("POST", case.post | everyone))
        for method, allowed in methods:
            with transaction.atomic():
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.post(url, case.data(world) if case.data else {})
                transaction.set_rollback(True)
            ok = _allowed(response, case) if persona in allowed else _refused(response, persona)
            if not ok:
                expected = "allowed" if persona in allowed else "refused"
                problems.append(f"{method} {url} as {persona}: {response.status_code}, {expected}")
    if case.post is None:
        client = Client()
        client.force_login(world.users["admin"])
        response = client.post(url)
        if response.status_code != 405:
            problems.append(f"POST {url} should answer 405, got {response.status_code}")
    assert not problems, "\n".join(problems)
