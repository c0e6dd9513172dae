"""Shared test support: named personas and the permission-matrix vocabulary.

Every app declares its URLs' access rules in `paraat/<app>/tests/access.py` as a list `MATRIX`
of `Case`s; `tests/test_permission_matrix.py` tries every role on every URL (GET and POST) and
fails for any URL that has no Case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from paraat.accounts.factories import MembershipFactory, UserFactory
from paraat.accounts.roles import Role
from paraat.regions.factories import (
    ContactFactory,
    MunicipalityFactory,
    PartnerFactory,
    RegionFactory,
)
from paraat.regions.models import PartnerKind

# Persona names, as used in MATRIX role sets.
ANONYMOUS = "anonymous"
ADMIN = "admin"
COORDINATOR = "coordinator"
CFG = "cfg"
CONTACT = "contact"  # municipal contact of municipality A
OTHER_CONTACT = "other_contact"  # municipal contact of municipality B (same region)
THEME_LEAD = "theme_lead"
STEERING = "steering"
BOARD = "board"
PARTNER = "partner"
NATIONAL = "national"
OUTSIDER = "outsider"  # administrator of another region

ALL_PERSONAS = (
    ANONYMOUS,
    ADMIN,
    COORDINATOR,
    CFG,
    CONTACT,
    OTHER_CONTACT,
    THEME_LEAD,
    STEERING,
    BOARD,
    PARTNER,
    NATIONAL,
    OUTSIDER,
)
SIGNED_IN = frozenset(ALL_PERSONAS) - {ANONYMOUS}
REGION_MEMBERS = frozenset(
    {ADMIN, COORDINATOR, CFG, CONTACT, OTHER_CONTACT, THEME_LEAD, STEERING, BOARD, PARTNER}
)
REGION_INTERNAL = REGION_MEMBERS - {PARTNER}
STAFF = frozenset({ADMIN, COORDINATOR, CFG})
COORDINATORS = frozenset({ADMIN, COORDINATOR})
CFGS = frozenset({ADMIN, CFG})
ADMINS = frozenset({ADMIN})
NOBODY: frozenset[str] = frozenset()


@dataclass
class World:
    """Two regions: `region` (municipalities A and B, a partner) and `other_region` (C)."""

    region: object
    mun_a: object
    mun_b: object
    partner_org: object
    other_region: object
    mun_c: object
    users: dict[str, object] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)


def build_world() -> World:
    region = RegionFactory(code="VR90", name="Veiligheidsregio Testland", short_name="Testland")
    other = RegionFactory(code="VR91", name="Veiligheidsregio Elders", short_name="Elders")
    mun_a = MunicipalityFactory(region=region, code="GM9001", name="Aadorp")
    mun_b = MunicipalityFactory(region=region, code="GM9002", name="Beedorp")
    mun_c = MunicipalityFactory(region=other, code="GM9003", name="Ceedorp")
    partner_org = PartnerFactory(region=region, name="GGD Testland", kind=PartnerKind.GGD)
    world = World(region, mun_a, mun_b, partner_org, other, mun_c)

    def member(persona: str, role: str, region=region, **org):
        user = UserFactory(email=f"{persona}@test.paraat.nl", full_name=persona.title())
        MembershipFactory(user=user, role=role, region=region, **org)
        world.users[persona] = user

    member(ADMIN, Role.ADMIN)
    member(COORDINATOR, Role.COORDINATOR)
    member(CFG, Role.CFG)
    member(CONTACT, Role.MUNICIPAL_CONTACT, municipality=mun_a)
    member(OTHER_CONTACT, Role.MUNICIPAL_CONTACT, municipality=mun_b)
    member(THEME_LEAD, Role.THEME_LEAD)
    member(STEERING, Role.STEERING)
    member(BOARD, Role.BOARD)
    member(PARTNER, Role.PARTNER, partner=partner_org)
    member(NATIONAL, Role.NATIONAL, region=None)
    member(OUTSIDER, Role.ADMIN, region=other)
    world.extra["contact_a"] = ContactFactory(region=region, municipality=mun_a, name="Cor A")
    world.extra["contact_region"] = ContactFactory(region=region, name="Regio R")
    return world


@dataclass(frozen=True)
class Case:
    """One URL and who may GET and POST it.

    `kwargs` builds the URL arguments from the World (use `world.extra` for objects an app's
    `setup` puts there). Roles outside `get`/`post` must be refused: 403, or for anonymous a
    redirect to sign-in (405 also counts as refused for a method the view does not accept).
    `post=None` means the URL accepts no POST at all (it must then answer 405 to everyone).
    """

    name: str
    kwargs: Callable[[World], dict] = lambda w: {}
    get: frozenset[str] = NOBODY
    post: frozenset[str] | None = None
    setup: Callable[[World], None] | None = None
    public: bool = False  # anonymous may GET it too
    data: Callable[[World], dict] | None = None  # POST body; empty by default
    ends_signed_out: bool = False  # success is a redirect to sign-in (sign-out)


def region_kwargs(world: World) -> dict:
    return {"region_code": world.region.slug}
