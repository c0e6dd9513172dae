"""Who may GET and POST each support-point URL (the permission matrix reads MATRIX)."""

from django.core.files.base import ContentFile

from paraat.testing import (
    CONTACT,
    COORDINATORS,
    NOBODY,
    OTHER_CONTACT,
    REGION_INTERNAL,
    REGION_MEMBERS,
    Case,
    region_kwargs,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def setup(world) -> None:
    from paraat.supportpoints.factories import FacilityFactory, SupportPointFactory
    from paraat.supportpoints.models import PointDocument, PointKind

    world.extra["sp_facility"] = FacilityFactory(region=world.region)
    world.extra["sp_coord"] = SupportPointFactory(
        municipality=world.mun_b, kind=PointKind.COORDINATION, name="Kazerne B"
    )
    local = SupportPointFactory(municipality=world.mun_a, kind=PointKind.LOCAL, name="Dorpshuis A")
    world.extra["sp_local_a"] = local
    document = PointDocument(
        point=local, original_name="plattegrond.pdf", content_type="application/pdf", size=len(PDF)
    )
    document.file.save("plattegrond.pdf", ContentFile(PDF), save=False)
    document.save()
    world.extra["sp_document"] = document


def _point(key):
    return lambda w: {"region_code": w.region.slug, "pk": w.extra[key].pk}


EDITORS_OF_LOCAL_A = COORDINATORS | {CONTACT}
MUNICIPAL_AND_REGION = COORDINATORS | {CONTACT, OTHER_CONTACT}

MATRIX = [
    Case("supportpoints:point_list", region_kwargs, get=REGION_MEMBERS, setup=setup),
    Case(
        "supportpoints:point_create",
        region_kwargs,
        get=MUNICIPAL_AND_REGION,
        post=MUNICIPAL_AND_REGION,
        setup=setup,
    ),
    Case(
        "supportpoints:point_export",
        lambda w: {"region_code": w.region.slug, "fmt": "xlsx"},
        get=REGION_MEMBERS,
        setup=setup,
    ),
    Case(
        "supportpoints:point_import",
        region_kwargs,
        get=MUNICIPAL_AND_REGION,
        post=MUNICIPAL_AND_REGION,
        setup=setup,
    ),
    Case("supportpoints:municipality_overview", region_kwargs, get=REGION_MEMBERS, setup=setup),
    Case(
        "supportpoints:municipality_print",
        lambda w: {"region_code": w.region.slug, "municipality_code": w.mun_a.slug},
        get=REGION_MEMBERS,
        setup=setup,
    ),
    Case("supportpoints:places", region_kwargs, get=REGION_MEMBERS, post=COORDINATORS, setup=setup),
    Case("supportpoints:settings", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case("supportpoints:facility_create", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case(
        "supportpoints:facility_edit",
        _point("sp_facility"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup,
    ),
    Case("supportpoints:point_detail", _point("sp_local_a"), get=REGION_MEMBERS, setup=setup),
    # A municipality edits its own local points; the region edits all points.
    Case(
        "supportpoints:point_edit",
        _point("sp_local_a"),
        get=EDITORS_OF_LOCAL_A,
        post=EDITORS_OF_LOCAL_A,
        setup=setup,
    ),
    # A coordination point is the region's, even though it lies in municipality B.
    Case(
        "supportpoints:point_edit",
        _point("sp_coord"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup,
    ),
    Case(
        "supportpoints:point_transition",
        _point("sp_local_a"),
        get=NOBODY,
        post=EDITORS_OF_LOCAL_A,
        setup=setup,
    ),
    Case(
        "supportpoints:point_transition",
        _point("sp_coord"),
        get=NOBODY,
        post=COORDINATORS,
        setup=setup,
    ),
    Case(
        "supportpoints:document_upload",
        _point("sp_local_a"),
        get=NOBODY,
        post=EDITORS_OF_LOCAL_A,
        setup=setup,
    ),
    # Documents (key arrangements, floor plans) stay within the region's own organisations.
    Case(
        "supportpoints:document_download",
        lambda w: {
            "region_code": w.region.slug,
            "pk": w.extra["sp_local_a"].pk,
            "doc_pk": w.extra["sp_document"].pk,
        },
        get=REGION_INTERNAL,
        setup=setup,
    ),
]
