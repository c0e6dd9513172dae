"""Every permission the code asks for is registered, and registered in one place: the rules
module of the app it belongs to (docs/architecture.md, "Permissions").

django-rules answers False for a name nobody registered, so a permission lost when rules move
between modules would quietly hide a page, a button or a menu item from everyone; the matrix
test sees the pages, this test also sees templates, navigation, workflows and the API."""

import re
from pathlib import Path

import pytest
import rules

SRC = Path(__file__).resolve().parent.parent / "src" / "paraat"

APPS = (
    "core|regions|accounts|audit|sso|agreements|programme|supportpoints|knowledge|dashboard|reports"
)
# A permission name: "<app label>.<verb>_<noun>" in quotes.
PERM_NAME = re.compile(rf"[\"']((?:{APPS})\.[a-z]+_[a-z_]+)[\"']")
ADD_PERM = re.compile(r"add_perm\(\s*\"([a-z_]+)\.([a-z_]+)\"")

# The apps on the floors below the shared rules: their permissions live in paraat.permissions.
FOUNDATION = {"core", "regions", "accounts", "audit", "sso"}
DOMAIN = {"agreements", "programme", "supportpoints", "knowledge", "dashboard", "reports"}


def names_asked_for() -> dict[str, str]:
    """Permission names in the code and templates (not in tests, not in the rule modules), with
    where each was first seen. A `PermissionDenied("...")` only labels a refusal for the audit
    trail, so it is not a check."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in {".py", ".html"} or "tests" in path.parts:
            continue
        if path.name == "rules.py" or path == SRC / "permissions.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "PermissionDenied(" in line:
                continue
            for name in PERM_NAME.findall(line):
                found.setdefault(name, f"{path.relative_to(SRC)}:{number}")
    return found


def test_every_permission_the_code_asks_for_is_registered():
    asked = names_asked_for()
    assert len(asked) > 50  # the scan finds the views, templates, workflows and API
    assert "knowledge.answer_question" in asked
    missing = {name: where for name, where in asked.items() if not rules.perm_exists(name)}
    assert missing == {}


@pytest.mark.parametrize("app", sorted(DOMAIN))
def test_a_domain_app_registers_its_permissions_in_its_own_rules_module(app):
    registered = ADD_PERM.findall((SRC / app / "rules.py").read_text(encoding="utf-8"))
    assert registered, f"{app}/rules.py registers no permission"
    assert {label for label, _ in registered} == {app}


def test_the_shared_rules_register_only_the_permissions_of_the_floors_below():
    registered = ADD_PERM.findall((SRC / "permissions.py").read_text(encoding="utf-8"))
    labels = {label for label, _ in registered}
    assert labels == FOUNDATION


def test_each_permission_is_registered_once():
    modules = [SRC / "permissions.py", *sorted(SRC.glob("*/rules.py"))]
    names = [
        f"{label}.{name}"
        for module in modules
        for label, name in ADD_PERM.findall(module.read_text(encoding="utf-8"))
    ]
    assert len(names) > 60
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
