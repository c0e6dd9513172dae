"""Support points on the region map (`paraat.core.maps`)."""

from paraat.core.maps import MapMarker

from .models import PointKind


def points_as_markers(points, *, url_for=None) -> list[MapMarker]:
    """Support points with coordinates as markers (squares for C-NSP, circles for L-NSP)."""
    out = []
    for p in points:
        if p.latitude is None or p.longitude is None:
            continue
        out.append(
            MapMarker(
                lat=p.latitude,
                lon=p.longitude,
                label=p.name,
                symbol="square" if p.kind == PointKind.COORDINATION else "circle",
                variant=p.status,
                url=url_for(p) if url_for else "",
                detail=f"{p.get_kind_display()}, {p.get_status_display()}",
            )
        )
    return out
