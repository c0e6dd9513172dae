from paraat.testing import (
    ADMINS,
    CONTACT,
    OTHER_CONTACT,
    PARTNER,
    REGION_MEMBERS,
    STAFF,
    Case,
    region_kwargs,
)

MATRIX = [
    Case("regions:municipality_list", region_kwargs, get=REGION_MEMBERS),
    Case(
        "regions:municipality_detail",
        lambda w: {"region_code": w.region.slug, "municipality_code": w.mun_a.slug},
        get=REGION_MEMBERS,
    ),
    Case("regions:contact_list", region_kwargs, get=REGION_MEMBERS),
    Case(
        "regions:contact_create",
        region_kwargs,
        get=STAFF | {CONTACT, OTHER_CONTACT, PARTNER},
        post=STAFF | {CONTACT, OTHER_CONTACT, PARTNER},
    ),
    Case(
        "regions:contact_edit",
        lambda w: {"region_code": w.region.slug, "pk": w.extra["contact_a"].pk},
        get=STAFF | {CONTACT},
        post=STAFF | {CONTACT},
    ),
    Case("regions:sub_regions", region_kwargs, get=ADMINS, post=ADMINS),
]
