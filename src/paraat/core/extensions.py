"""Extension points the apps fill in, so that no app has to edit another app's files.

An AppConfig may define:
- `nav_items(request, region) -> list[NavItem]`: entries in the main navigation;
- `start_tasks(request, region) -> list[Task]`: what this person should do next (start page);
- `panels() -> list[Panel]`: pieces this app adds to another app's page (see `Panel`);
and an app may have a module `demo` with `load_demo(region, *, stdout)` and a module `generate`
with `generate_region(region, *, rng, options)`; `paraat demo` and `paraat generate_data` call
them in INSTALLED_APPS order.
"""

from collections.abc import Callable
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


@dataclass(frozen=True)
class Panel:
    """A piece of one app's page that another app fills in ("other apps add a panel here").

    The host page names a slot and what it is about: ``{% load panels %}{% panels
    "item_detail.side" item=item %}``. For each panel registered for that slot, in `order`,
    core calls ``context(request, **what)``: the owning app checks permission and asks its own
    selectors, and returns the template's context, or None to show nothing. The template is
    then rendered with that context alone (like an inclusion tag). So the host imports
    nothing of the apps that fill its slots, and each panel's queries are its app's own.

    Slots in use: ``base.notices`` (region), ``item_detail.side`` (item),
    ``track.side`` (item), ``municipality_detail.panels`` (municipality),
    ``overview.headline`` (region: entries in the dashboard's headline list).
    """

    slot: str
    template: str
    context: Callable[..., dict | None]
    order: int = 50


def paraat_app_configs():
    return [c for c in apps.get_app_configs() if c.name.startswith("paraat.")]


def collect(hook: str, *args) -> list:
    """Everything the Paraat apps' AppConfigs give for `hook(*args)`, one list (unsorted)."""
    found: list = []
    for config in paraat_app_configs():
        method = getattr(config, hook, None)
        if method:
            found.extend(method(*args))
    return found


def collect_nav(request, region) -> list[NavItem]:
    return sorted(collect("nav_items", request, region), key=lambda i: i.order)


def collect_tasks(request, region) -> list[Task]:
    return sorted(collect("start_tasks", request, region), key=lambda t: (not t.urgent, t.order))


def collect_panels(slot: str) -> list[Panel]:
    return sorted((p for p in collect("panels") if p.slot == slot), key=lambda p: p.order)


def app_modules(name: str):
    """Yield each Paraat app's module `name` (e.g. "demo") where it exists."""
    for config in paraat_app_configs():
        dotted = f"{config.name}.{name}"
        if find_spec(dotted) is not None:
            yield import_module(dotted)
