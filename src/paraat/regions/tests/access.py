from paraat.testing import (
    ADMINS,
    ALL_PERSONAS,
    CONTACT,
    NOBODY,
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
]


def _partner_kwargs(w):
    return {"region_code": w.region.slug, "pk": w.partner_org.pk}


def _population_kwargs(w):
    return {"region_code": w.region.slug, "municipality_code": w.mun_a.slug}


MATRIX += [
    Case("region:settings", region_kwargs, get=ADMINS, post=ADMINS),
    Case("region:getting_started", region_kwargs, get=ADMINS),
    Case("region:statements_edit", region_kwargs, get=ADMINS, post=ADMINS),
    Case("region:partner_list", region_kwargs, get=REGION_MEMBERS),
    Case("region:partner_create", region_kwargs, get=ADMINS, post=ADMINS),
    Case("region:partner_edit", _partner_kwargs, get=ADMINS, post=ADMINS),
    Case("region:export", region_kwargs, get=NOBODY, post=ADMINS),
    Case("region:population_import", region_kwargs, get=ADMINS, post=ADMINS),
    Case("region:population_edit", _population_kwargs, get=ADMINS, post=ADMINS),
    # The statements are public (linked from every page's footer, also before signing in).
    Case("statements:accessibility", get=frozenset(ALL_PERSONAS), public=True),
    Case("statements:privacy", get=frozenset(ALL_PERSONAS), public=True),
    Case(
        "statements:region_accessibility",
        region_kwargs,
        get=frozenset(ALL_PERSONAS),
        public=True,
    ),
    Case("statements:region_privacy", region_kwargs, get=frozenset(ALL_PERSONAS), public=True),
]
