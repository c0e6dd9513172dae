"""Support points' panels on other apps' pages (registered in `apps.py`)."""

from . import selectors


def municipality_points(request, *, municipality):
    """The municipality's points, readiness and coverage, for who may read the register."""

    user = getattr(request, "user", None)
    region = municipality.region
    if user is None or not user.has_perm("supportpoints.view_register", region):
        return None
    return {"sp": selectors.municipality_points(municipality=municipality), "region": region}
