"""The region map: a server-rendered SVG schematic that needs no network and no tiles.

Usage (any app may use it: the dashboard and the support points do)::

    {% load maps %}
    {% region_map municipalities markers caption="…" summary="…" shading=shading %}
    {% region_map municipalities markers table=False interactive=True map_id="map-2" %}

Arguments:
- ``municipalities`` (required): an iterable of ``regions.Municipality``. Their ``boundary``
  (GeoJSON Polygon or MultiPolygon geometry) is drawn; a municipality without one is drawn as a
  dot at its centroid. The map's extent is the union of boundaries, centroids and markers.
- ``markers``: an iterable of ``MapMarker`` (see below); ``supportpoints.maps.points_as_markers``
  turns support points into markers (coordination points as squares, local points as circles, the
  status in the label and the shape: meaning never by colour alone).
- ``caption``: the figure's title (also the SVG's accessible name). Default "Map".
- ``summary``: one sentence that says what the map shows (shown below it, and the SVG's
  description).
- ``shading``: ``{municipality pk: (level 0–3, "text")}`` for a choropleth: the level picks a
  fill and a hatch pattern (``sp-map__area--level-N``); the text goes into the table and the
  area's tooltip.
- ``table``: render the table equivalent below the map (default True). Set False only when the
  page already shows the same data as a table, and say so in ``summary``.
- ``interactive``: offer a "zoomable map" button that swaps the SVG for Leaflet, loaded from
  Paraat's own static files (``leaflet/leaflet.js`` and ``core/map.js``; no CDN, no tile
  server). The SVG stays the fallback without JavaScript.
- ``map_id``: a unique id when a page has more than one map.
- ``links``: ``{municipality pk: url}``; each such municipality's area (and its row in the table)
  becomes a link, so clicking a municipality opens its page (the dashboard uses this).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

WIDTH = 640.0
PAD = 12.0


@dataclass(frozen=True)
class MapMarker:
    lat: float
    lon: float
    label: str
    symbol: str = "circle"  # "circle" or "square"
    variant: str = ""  # CSS modifier, e.g. the status: sp-map__marker--operational
    url: str = ""
    detail: str = ""  # shown in the table and tooltip (status, type, …)


def _rings(geometry) -> list[list[list[float]]]:
    if not geometry:
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon]
    return []


class _Projection:
    """Equirectangular, with longitude scaled by the cosine of the middle latitude."""

    def __init__(self, lons, lats):
        self.min_lon, self.max_lon = min(lons), max(lons)
        self.min_lat, self.max_lat = min(lats), max(lats)
        mid = math.radians((self.min_lat + self.max_lat) / 2)
        self.kx = math.cos(mid)
        span_x = max((self.max_lon - self.min_lon) * self.kx, 1e-6)
        span_y = max(self.max_lat - self.min_lat, 1e-6)
        self.scale = (WIDTH - 2 * PAD) / max(span_x, span_y * 0.9)
        self.width = WIDTH
        self.height = round(span_y * self.scale + 2 * PAD, 1)
        self.offset_x = (WIDTH - 2 * PAD - span_x * self.scale) / 2

    def xy(self, lon, lat) -> tuple[float, float]:
        x = PAD + self.offset_x + (lon - self.min_lon) * self.kx * self.scale
        y = PAD + (self.max_lat - lat) * self.scale
        return round(x, 1), round(y, 1)


def region_map_context(
    municipalities,
    markers=(),
    *,
    caption="",
    summary="",
    shading=None,
    table=True,
    interactive=False,
    map_id="sp-map",
    links=None,
):
    municipalities = list(municipalities)
    markers = list(markers or ())
    shading = shading or {}
    links = links or {}
    lons, lats = [], []
    for m in municipalities:
        for ring in _rings(m.boundary):
            lons.extend(c[0] for c in ring)
            lats.extend(c[1] for c in ring)
        if m.centroid_lat is not None and m.centroid_lon is not None:
            lons.append(m.centroid_lon)
            lats.append(m.centroid_lat)
    for mk in markers:
        lons.append(mk.lon)
        lats.append(mk.lat)
    areas, drawn_markers, geo = [], [], {"areas": [], "markers": []}
    projection = None
    if lons:
        projection = _Projection(lons, lats)
        for m in municipalities:
            level, text = shading.get(m.pk, (None, ""))
            paths = []
            for ring in _rings(m.boundary):
                pts = [projection.xy(c[0], c[1]) for c in ring]
                if pts:
                    paths.append("M" + " L".join(f"{x},{y}" for x, y in pts) + " Z")
            centre = (
                projection.xy(m.centroid_lon, m.centroid_lat)
                if m.centroid_lat is not None and m.centroid_lon is not None
                else None
            )
            areas.append(
                {
                    "name": m.name,
                    "d": " ".join(paths),
                    "centre": centre,
                    "level": level,
                    "text": text,
                    "url": links.get(m.pk, ""),
                }
            )
            if m.boundary:
                geo["areas"].append(
                    {
                        "name": m.name,
                        "text": text,
                        "level": level,
                        "geometry": m.boundary,
                        "url": links.get(m.pk, ""),
                    }
                )
        for mk in markers:
            x, y = projection.xy(mk.lon, mk.lat)
            drawn_markers.append({"m": mk, "x": x, "y": y, "x0": x - 5, "y0": y - 5})
            geo["markers"].append(
                {
                    "lat": mk.lat,
                    "lon": mk.lon,
                    "label": mk.label,
                    "detail": mk.detail,
                    "symbol": mk.symbol,
                    "variant": mk.variant,
                    "url": mk.url,
                }
            )
    symbols = sorted({(mk.symbol, mk.variant, mk.detail) for mk in markers})
    return {
        "map_id": map_id,
        "geo_json": json.dumps(geo, separators=(",", ":")),
        "caption": caption or _("Map"),
        "summary": summary,
        "areas": areas,
        "markers": drawn_markers,
        "has_shading": bool(shading),
        "has_links": bool(links),
        "width": projection.width if projection else WIDTH,
        "height": projection.height if projection else 200,
        "empty": projection is None,
        "table": table,
        "interactive": interactive and projection is not None,
        "geo": geo,
        "legend": symbols,
    }
