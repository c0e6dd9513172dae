"""The dashboard's pages: thin views over `selectors.py`, exports through `exports.py`."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from paraat.agreements import figures
from paraat.audit.selectors import data_version, data_versions
from paraat.core import caching
from paraat.core.decorators import require
from paraat.core.pagecache import page_cached
from paraat.permissions import progress_text_scope, progress_text_scope_in
from paraat.regions.decorators import region_view

from . import exports, selectors
from .forms import DashboardFilterForm

FORMATS = ("xlsx", "csv")


def _municipality_url(region):
    def url_for(m):
        return reverse("dashboard:municipality", args=[region.slug, m.code])

    return url_for


def _export_links(name: str, region, filters) -> list[tuple[str, str]]:
    query = urlencode(filters.as_query())
    return [
        (
            fmt.upper(),
            reverse("dashboard:export", args=[region.slug, name, fmt])
            + (f"?{query}" if query else ""),
        )
        for fmt in FORMATS
    ]


# --- caching: the figures are rendered once per data version, viewer scope and filters -------


# The region overview and its exports are built from the region's figures and the filters
# alone, never from the person (`_overview_filtered` is given no viewer): once `region_view` let
# someone in, they see what everyone else let in sees, so they share one entry per filter set.
EVERYONE_ADMITTED = "region-figures"


def _key(kind: str, request, region, *, scope: str | None = None) -> str:
    """The cache key of one of the region's fragments or downloads for this request: per
    `scope`, what the viewer may read of what it shows (by default: of the region's progress
    text, `permissions.progress_text_scope`)."""
    return caching.request_key(
        kind,
        request,
        version=data_version(region=region),
        scope=scope if scope is not None else progress_text_scope(request.user, region),
        region=region.pk,
    )


def _text_scope(request, municipality) -> str:
    """A municipality's pages show only its text: keyed by what the viewer reads of it."""
    return progress_text_scope_in(request.user, municipality)


def _fragment(cache_key: str, template: str, build_context, parts=None):
    """The rendered fragment(s) of `template` (its partials `parts`, or the whole), from the
    cache or rendered from `build_context()`. Rendered without the request: nothing of the
    person or the request (CSRF token, messages, name, navigation) can end up in it."""

    def build():
        context = build_context()
        if parts is None:
            return render_to_string(template, context)
        return {part: render_to_string(f"{template}#{part}", context) for part in parts}

    found = caching.get_or_build(cache_key, build)
    if isinstance(found, dict):
        return {part: mark_safe(html) for part, html in found.items()}
    return mark_safe(found)


def _download(request, cache_key: str, build_response) -> HttpResponse:
    """An export from the cache, with an ETag; `If-None-Match` with it answers 304 without
    building anything. Browsers still get `no-store` (PrivacyHeadersMiddleware): the ETag is
    for token clients and BI tools that ask conditionally."""
    etag = caching.etag_for(cache_key)
    if caching.not_modified(request, etag):
        return caching.answer_not_modified(etag)

    def build():
        built = build_response()
        return (built.content, built["Content-Type"], built["Content-Disposition"])

    content, content_type, disposition = caching.get_or_build(cache_key, build)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["ETag"] = etag
    return response


def _line(values, *, width=560, left=40, top=10, height=180):
    """Points of a polyline for percentages (None skipped), and the dots."""
    n = len(values)
    step = (width - left - 20) / (n - 1) if n > 1 else 0
    points = []
    for i, v in enumerate(values):
        if v is not None:
            points.append((round(left + i * step, 1), round(top + (100 - v) * height / 100, 1), v))
    return {"points": " ".join(f"{x},{y}" for x, y, _v in points), "dots": points}


def trend_chart(overview) -> dict | None:
    """Geometry of the trend chart: region (all municipalities) and the region's own track."""
    if not overview.trend:
        return None
    region = [p.region.percent_achieved for p in overview.trend]
    own = [p.own.percent_achieved if p.own else None for p in overview.trend]
    labels = _line([0] * len(overview.trend))["dots"]
    return {
        "region": _line(region),
        "own": _line(own),
        "labels": [
            (x, p.round.name) for (x, _y, _v), p in zip(labels, overview.trend, strict=True)
        ],
        "grid": [(v, round(10 + (100 - v) * 1.8, 1)) for v in (0, 25, 50, 75, 100)],
    }


def sparkline(values) -> str:
    """Polyline points for a 60×15 sparkline of percentages."""
    n = len(values)
    step = 58 / (n - 1) if n > 1 else 0
    return " ".join(
        f"{round(1 + i * step, 1)},{round(1 + (100 - v) * 0.13, 1)}"
        for i, v in enumerate(values)
        if v is not None
    )


def summaries(o) -> dict[str, str]:
    """One sentence per chart or table, saying what it shows."""
    n = len(o.municipalities)
    on_plan = sum(1 for r in o.municipalities if r.tally.level == 3)
    behind = len(o.behind)
    out = {
        "matrix": _(
            "%(on_plan)s of %(n)s municipalities are on plan and %(behind)s are behind or far "
            "behind."
        )
        % {"on_plan": on_plan, "n": n, "behind": behind},
        "map": _(
            "The map colours each municipality by how it stands against plan; %(behind)s of "
            "%(n)s are behind or far behind."
        )
        % {"behind": behind, "n": n},
    }
    tallies = []
    for i, (_cid, name) in enumerate(o.categories):
        t = selectors.Tally()
        for r in o.municipalities:
            t.merge(r.cells[i])
        if t.share_achieved is not None:
            tallies.append((t.share_achieved, name, t.percent_achieved))
    if tallies:
        weakest = min(tallies)
        out["matrix"] += " " + _("The weakest category is %(name)s (%(percent)s%% achieved).") % {
            "name": weakest[1],
            "percent": weakest[2],
        }
    if o.sub_regions:
        counted = [r for r in o.sub_regions if r.tally.share_achieved is not None]
        if counted:
            best = max(counted, key=lambda r: r.tally.share_achieved or 0)
            worst = min(counted, key=lambda r: r.tally.share_achieved or 0)
            out["sub_regions"] = _(
                "%(best)s has achieved the largest share of its items (%(a)s%%), %(worst)s the "
                "smallest (%(b)s%%)."
            ) % {
                "best": best.name,
                "a": best.tally.percent_achieved,
                "worst": worst.name,
                "b": worst.tally.percent_achieved,
            }
        else:
            out["sub_regions"] = _("No sub-region has applicable items yet.")
    if o.trend:
        first, last = o.trend[0], o.trend[-1]
        out["trend"] = _(
            "Over %(n)s closed rounds the municipalities together went from %(a)s%% to %(b)s%% "
            "of their items achieved."
        ) % {
            "n": len(o.trend),
            "a": first.region.percent_achieved if first.region.percent_achieved is not None else 0,
            "b": last.region.percent_achieved if last.region.percent_achieved is not None else 0,
        }
    else:
        out["trend"] = _("There is no closed round yet, so there is no trend to show.")
    lagging = [r for r in o.items if r.tally.share_achieved is not None]
    if lagging:
        worst = lagging[0]
        out["items"] = _(
            "Item %(number)s lags most region-wide: %(achieved)s of %(applicable)s "
            "municipalities achieved it."
        ) % {
            "number": worst.item.number,
            "achieved": worst.tally.items_achieved,
            "applicable": worst.tally.items_applicable,
        }
    else:
        out["items"] = _("There are no municipal items to show.")
    return out


def _shading(overview) -> dict:
    out = {}
    for row in overview.municipalities:
        t = row.tally
        text = (
            _("%(percent)s%% achieved, %(standing)s")
            % {"percent": t.percent_achieved, "standing": t.standing}
            if t.percent_achieved is not None
            else _("no applicable items")
        )
        out[row.municipality.pk] = (t.level, text)
    return out


def _overview_filtered(request, region, url_for=None):
    """The filter form, validated against what the overview is counted from, and the overview
    it filters. `?round=` that names no closed round of the region is a 404."""
    try:
        source = selectors.overview_source(region=region, round_id=request.GET.get("round"))
    except selectors.UnknownRound as error:
        raise Http404 from error
    form = DashboardFilterForm(request.GET, options=source.options)
    filters = form.filters
    data = selectors.region_overview(region=region, filters=filters, url_for=url_for, source=source)
    return form, filters, data


@require_safe
@region_view("dashboard.view_overview")
@page_cached
def overview(request, region):
    def build_context():
        form, filters, data = _overview_filtered(request, region, url_for=_municipality_url(region))
        for row in data.municipalities:
            row.spark = sparkline([t.percent_achieved if t else None for t in row.trend])
        for sub in data.sub_regions:
            if sub.sub_region is not None:
                sub.query = urlencode({**filters.as_query(), "sub_region": sub.sub_region.pk})
        return {
            "region": region,
            "o": data,
            "form": form,
            "filters": filters,
            "query": urlencode(filters.as_query()),
            "links": {r.municipality.pk: r.url for r in data.municipalities},
            "shading": _shading(data),
            "exports": {
                name: _export_links(name, region, filters)
                for name in ("matrix", "municipalities", "sub_regions", "items", "own", "trend")
            },
            "chart": trend_chart(data),
            "summary": summaries(data),
        }

    fragment = _fragment(
        _key("overview", request, region, scope=EVERYONE_ADMITTED),
        "dashboard/fragments/overview.html",
        build_context,
        parts=("head", "body"),
    )
    template = "dashboard/overview.html"
    if request.htmx and request.htmx.target == "dashboard-results":
        template += "#results"
    return render(request, template, {"region": region, "fragment": fragment})


def _closed_round(region, value):
    return figures.closed_round(region=region, round_id=value)


@require_safe
@region_view("dashboard.view_overview")
def compare(request, region):
    closed = list(reversed(figures.closed_rounds(region=region)))
    by_pk = {r.pk: r for r in closed}

    def pick(name, default):
        try:
            return by_pk.get(int(request.GET.get(name, "")), default)
        except ValueError:
            return default

    first = pick("first", closed[-2] if len(closed) >= 2 else None)
    second = pick("second", closed[-1] if closed else None)
    comparison = None
    if first and second:
        comparison = selectors.compare_rounds(
            region=region, first=first, second=second, url_for=_municipality_url(region)
        )
    query = urlencode({"first": first.pk, "second": second.pk}) if comparison else ""
    context = {
        "region": region,
        "closed": closed,
        "first": first,
        "second": second,
        "c": comparison,
        "exports": [
            (
                fmt.upper(),
                reverse("dashboard:export", args=[region.slug, "compare", fmt]) + "?" + query,
            )
            for fmt in FORMATS
        ]
        if comparison
        else [],
    }
    template = "dashboard/compare.html"
    if request.htmx and request.htmx.target == "compare-results":
        template += "#results"
    return render(request, template, context)


@require_safe
@region_view("dashboard.view_overview")
@page_cached
def export(request, region, table, fmt):
    if fmt not in FORMATS:
        raise Http404
    if table == "compare":
        first = _closed_round(region, request.GET.get("first"))
        second = _closed_round(region, request.GET.get("second"))
        if not (first and second):
            raise Http404
        comparison = selectors.compare_rounds(region=region, first=first, second=second)
        tables = exports.compare_tables(comparison)
        return exports.respond(tables, fmt=fmt, filename=f"{region.code} {_('comparison')}")
    builders = {
        "matrix": exports.matrix_table,
        "municipalities": exports.municipalities_table,
        "sub_regions": exports.sub_regions_table,
        "items": exports.items_table,
        "own": exports.own_items_table,
        "trend": exports.trend_table,
    }
    if table not in builders:
        raise Http404

    def build():
        _form, _filters, data = _overview_filtered(request, region)
        built = builders[table](data)
        return exports.respond([built], fmt=fmt, filename=f"{region.code} {built.title}")

    return _download(request, _key("export", request, region, scope=EVERYONE_ADMITTED), build)


def _municipality(request, region, code):
    peers = caching.get_or_build(
        caching.key("municipalities", region.pk, data_version(region=region)),
        lambda: selectors.region_municipalities(region=region),
    )
    municipality = selectors.municipality_in_region(region=region, code=code, peers=peers)
    if municipality is None:
        raise Http404
    require(request, "dashboard.view_municipality", municipality)
    return municipality


def _municipality_filtered(request, municipality):
    """A municipality page's filter form (category and owner: the page is always live) and the
    page it filters."""
    source = selectors.municipality_source(municipality=municipality)
    form = DashboardFilterForm(request.GET, options=source.options, rounds=False, due=False)
    filters = form.filters
    page = selectors.municipality_page(
        municipality=municipality, filters=filters, viewer=request.user, source=source
    )
    return form, filters, page


def _municipality_context(request, region, municipality):
    form, filters, page = _municipality_filtered(request, municipality)
    query = urlencode(filters.as_query())
    return {
        "region": region,
        "m": municipality,
        "page": page,
        "form": form,
        "filters": filters,
        "query": query,
        "figure_rows": [
            (municipality.name, page.tally),
            (_("Regional average"), page.region_average),
        ],
        "can_view_follow_up": request.user.has_perm("agreements.view_follow_up", municipality),
        "exports": [
            (
                fmt.upper(),
                reverse("dashboard:municipality_export", args=[region.slug, municipality.code, fmt])
                + (f"?{query}" if query else ""),
            )
            for fmt in FORMATS
        ],
    }


@require_safe
@region_view("dashboard.view_overview")
@page_cached
def municipality(request, region, municipality_code):
    m = _municipality(request, region, municipality_code)

    def build_context():
        context = _municipality_context(request, region, m)
        context["categories"] = context["page"].categories
        return context

    template = "dashboard/municipality.html"
    fragment = _fragment(
        _key("municipality", request, region, scope=_text_scope(request, m)),
        "dashboard/fragments/municipality.html#results",
        build_context,
    )
    if request.htmx and request.htmx.target == "municipality-results":
        return HttpResponse(fragment)
    return render(request, template, _municipality_shell(request, region, m, fragment))


def _municipality_shell(request, region, m, fragment) -> dict:
    """The page around the cached fragment: what belongs to this person (the follow-up link)."""
    query = request.GET.copy()
    query.pop("round", None)  # the municipality page is always live
    return {
        "region": region,
        "m": m,
        "query": query.urlencode(),
        "on": timezone.localdate(),
        "can_view_follow_up": request.user.has_perm("agreements.view_follow_up", m),
        "fragment": fragment,
    }


@require_safe
@region_view("dashboard.view_overview")
@page_cached
def municipality_print(request, region, municipality_code):
    m = _municipality(request, region, municipality_code)
    fragment = _fragment(
        _key("municipality-print", request, region, scope=_text_scope(request, m)),
        "dashboard/fragments/municipality.html#body",
        lambda: _municipality_context(request, region, m),
    )
    return render(
        request,
        "dashboard/municipality_print.html",
        _municipality_shell(request, region, m, fragment),
    )


@require_safe
@region_view("dashboard.view_overview")
@page_cached
def municipality_export(request, region, municipality_code, fmt):
    if fmt not in FORMATS:
        raise Http404
    m = _municipality(request, region, municipality_code)

    def build():
        _form, _filters, page = _municipality_filtered(request, m)
        return exports.respond([exports.municipality_table(page)], fmt=fmt, filename=m.name)

    key = _key("municipality-export", request, region, scope=_text_scope(request, m))
    return _download(request, key, build)


def _national_key(request, kind: str) -> str:
    """National figures read every region that shares them: one version over all regions; the
    same for every national reader (no municipal detail, no progress text)."""
    return caching.request_key(kind, request, version=data_versions(), scope="national")


@require_safe
@page_cached
def national(request):
    """Figures per region, only of regions that share nationally; never municipal detail."""
    require(request, "dashboard.view_national")
    fragment = _fragment(
        _national_key(request, "national"),
        "dashboard/fragments/national.html",
        lambda: {
            "figures": selectors.national_figures(),
            "exports": [(f.upper(), reverse("national:export", args=[f])) for f in FORMATS],
        },
    )
    return render(request, "dashboard/national.html", {"fragment": fragment})


@require_safe
@page_cached
def national_export(request, fmt):
    require(request, "dashboard.view_national")
    if fmt not in FORMATS:
        raise Http404
    return _download(
        request,
        _national_key(request, "national-export"),
        lambda: exports.respond(
            [exports.national_table(selectors.national_figures())],
            fmt=fmt,
            filename=_("national figures"),
        ),
    )
