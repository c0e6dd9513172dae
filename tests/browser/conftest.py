"""Browser tests: Playwright drives Debian's chromium against a live server with the demo data;
axe-core checks every page it visits."""

import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "paraat-demo"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run `make test` (it installs it) or apt-get it")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _load_demo():
    from paraat.accounts.demo import load_users
    from paraat.core.extensions import app_modules
    from paraat.regions.demo import load_region

    region = load_region()
    load_users(region)
    for module in app_modules("demo"):
        skip = {"paraat.regions.demo", "paraat.accounts.demo"}
        if module.__name__ not in skip and hasattr(module, "load_demo"):
            module.load_demo(region, stdout=None)
    return region


# On SQLite (an in-memory test database, shared with the live server's thread) the demo is
# loaded once per session and copied page by page into the database before each test with
# SQLite's backup API: every test starts from the same fresh demo, in a fraction of a second
# instead of the seconds a load takes. On PostgreSQL each test loads the demo.
_snapshot: dict = {}


def _in_memory_sqlite(connection) -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The live server with the demo region loaded, as `make demo` has it (fresh for each test:
    what one test changes, the next does not see)."""
    import sqlite3

    from django.db import connection

    from paraat.regions.models import Region

    if not _in_memory_sqlite(connection):
        live_server.region = _load_demo()
        return live_server
    connection.ensure_connection()
    if "db" not in _snapshot:
        region = _load_demo()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _snapshot.update(db=copy, region=region.pk)
    else:
        _snapshot["db"].backup(connection.connection)
    live_server.region = Region.objects.get(pk=_snapshot["region"])
    return live_server


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def sign_in(page, base_url: str, local: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real form, as a person would: the e-mail address first, then (for an
    organisation without single sign-on) the password."""
    page.goto(base_url + "/account/login/")
    page.fill("input[name=username]", f"{local}@demo.paraat.nl")
    if not page.locator("input[name=password]").is_visible():
        page.locator("input[name=username]").press("Enter")
    page.fill("input[name=password]", password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state("networkidle")


_axe = None


def assert_accessible(page) -> None:
    """axe-core on the current page; fails with each violation's id, help and first targets."""
    global _axe
    from axe_playwright_python.sync_playwright import Axe

    _axe = _axe or Axe()
    result = _axe.run(page)
    violations = result.response["violations"]
    if violations:
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in violations
        ]
        pytest.fail(f"axe violations on {page.url}:\n" + "\n".join(lines))
