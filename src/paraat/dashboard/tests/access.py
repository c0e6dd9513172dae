from paraat.testing import NATIONAL, REGION_MEMBERS, Case, region_kwargs


def _municipality(world):
    return {"region_code": world.region.slug, "municipality_code": world.mun_a.code}


def _export(table, fmt="xlsx"):
    return lambda w: {**region_kwargs(w), "table": table, "fmt": fmt}


MATRIX = [
    Case("national:index", get=frozenset({NATIONAL})),
    Case("national:export", kwargs=lambda w: {"fmt": "csv"}, get=frozenset({NATIONAL})),
    Case("dashboard:overview", kwargs=region_kwargs, get=REGION_MEMBERS),
    Case("dashboard:compare", kwargs=region_kwargs, get=REGION_MEMBERS),
    Case("dashboard:export", kwargs=_export("matrix"), get=REGION_MEMBERS),
    Case("dashboard:municipality", kwargs=_municipality, get=REGION_MEMBERS),
    Case("dashboard:municipality_print", kwargs=_municipality, get=REGION_MEMBERS),
    Case(
        "dashboard:municipality_export",
        kwargs=lambda w: {**_municipality(w), "fmt": "csv"},
        get=REGION_MEMBERS,
    ),
]
