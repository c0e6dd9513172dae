"""Extension points the apps fill in, so that no app has to edit another app's files.

An AppConfig may define:
- `nav_items(request, region) -> list[NavItem]`: entries in the main navigation;
- `start_tasks(request, region) -> list[Task]`: what this person should do next (start page);
and an app may have a module `demo` with `load_demo(region, *, stdout)` and a module `generate`
with `generate_region(region, *, rng, options)`; `paraat demo` and `paraat generate_data` call
them in INSTALLED_APPS order.
"""

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 50


@dataclass(frozen=True)
class Task:
    title: str
    text: str
    url: str = ""
    urgent: bool = False
    order: int = 50


def paraat_app_configs():
    return [c for c in apps.get_app_configs() if c.name.startswith("paraat.")]


def collect_nav(request, region) -> list[NavItem]:
    items: list[NavItem] = []
    for config in paraat_app_configs():
        hook = getattr(config, "nav_items", None)
        if hook:
            items.extend(hook(request, region))
    return sorted(items, key=lambda i: i.order)


def collect_tasks(request, region) -> list[Task]:
    tasks: list[Task] = []
    for config in paraat_app_configs():
        hook = getattr(config, "start_tasks", None)
        if hook:
            tasks.extend(hook(request, region))
    return sorted(tasks, key=lambda t: (not t.urgent, t.order))


def app_modules(name: str):
    """Yield each Paraat app's module `name` (e.g. "demo") where it exists."""
    for config in paraat_app_configs():
        dotted = f"{config.name}.{name}"
        if find_spec(dotted) is not None:
            yield import_module(dotted)
