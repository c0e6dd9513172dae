"""Who may GET and POST each agreements URL (tests/test_permission_matrix.py runs these)."""

import datetime as dt

from paraat.testing import (
    BOARD,
    CFG,
    CFGS,
    CONTACT,
    COORDINATORS,
    NOBODY,
    REGION_INTERNAL,
    STAFF,
    STEERING,
    THEME_LEAD,
    Case,
    region_kwargs,
)

READERS = STAFF | {BOARD, STEERING, THEME_LEAD}
# A municipality's progress with its text (issue 17): theme table leads no longer read it.
TEXT_READERS = STAFF | {BOARD, STEERING}


def setup(world):
    """An action list, an open round and one evidence file for municipality A."""
    from django.core.files.base import ContentFile

    from paraat.agreements import services
    from paraat.agreements.factories import (
        ActionItemFactory,
        AgreementSetFactory,
        CategoryFactory,
    )
    from paraat.agreements.models import Evidence, OwnerType, Status

    agreement_set = AgreementSetFactory(region=world.region)
    category = CategoryFactory(agreement_set=agreement_set, name="Risicobeeld")
    item = ActionItemFactory(category=category, number="1.1")
    ActionItemFactory(category=category, number="R.1", owner_type=OwnerType.REGION)
    today = dt.date.today()
    round_ = services.round_create(
        region=world.region,
        name="Meetronde test",
        opens_on=today - dt.timedelta(days=3),
        deadline=today + dt.timedelta(days=20),
        actor=world.users[CFG],
    )
    update = services.status_update_record(
        item=item,
        municipality=world.mun_a,
        actor=world.users[CONTACT],
        expected_version=0,
        status=Status.STARTED,
    )
    evidence = Evidence(
        item=item,
        region=world.region,
        municipality=world.mun_a,
        status_update=update,
        original_name="besluit.pdf",
        content_type="application/pdf",
        size=20,
    )
    evidence.file.save("x", ContentFile(b"%PDF-1.4 test file\n"), save=False)
    evidence.save()
    world.extra.update(item=item, category=category, round=round_, evidence=evidence)


def setup_withdrawn(world):
    """setup, plus a withdrawn action item to restore."""
    from paraat.agreements.factories import ActionItemFactory

    setup(world)
    world.extra["withdrawn"] = ActionItemFactory(
        category=world.extra["category"], number="1.9", is_withdrawn=True, withdrawn_reason="Oud"
    )


def k(**extra):
    def build(world):
        values = {"region_code": world.region.slug}
        for key, value in extra.items():
            values[key] = value(world) if callable(value) else value
        return values

    return build


mun_a = k(municipality_code=lambda w: w.mun_a.code)
item_kwargs = k(pk=lambda w: w.extra["item"].pk)
track_kwargs = k(municipality_code=lambda w: w.mun_a.code, pk=lambda w: w.extra["item"].pk)
round_kwargs = k(pk=lambda w: w.extra["round"].pk)


def status_data(world):
    return {"status": "in_progress", "explanation": "Loopt", "version": "1"}


MATRIX = [
    Case("agreements:index", region_kwargs, get=REGION_INTERNAL, setup=setup),
    Case("agreements:export", region_kwargs, get=REGION_INTERNAL, setup=setup),
    Case("agreements:import", region_kwargs, get=COORDINATORS, post=COORDINATORS, setup=setup),
    Case("agreements:progress_import", region_kwargs, get=CFGS, post=CFGS, setup=setup),
    Case("agreements:item_create", region_kwargs, get=COORDINATORS, post=COORDINATORS, setup=setup),
    Case("agreements:item_detail", item_kwargs, get=REGION_INTERNAL, setup=setup),
    Case("agreements:item_edit", item_kwargs, get=COORDINATORS, post=COORDINATORS, setup=setup),
    Case("agreements:item_withdraw", item_kwargs, get=COORDINATORS, post=COORDINATORS, setup=setup),
    Case(
        "agreements:item_restore",
        k(pk=lambda w: w.extra["withdrawn"].pk),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup_withdrawn,
    ),
    Case("agreements:workspace", mun_a, get=TEXT_READERS | {CONTACT}, setup=setup),
    Case("agreements:workspace", k(municipality_code="regio"), get=READERS, setup=setup),
    Case("agreements:submit", mun_a, get=NOBODY, post={CONTACT}, setup=setup),
    Case(
        "agreements:track",
        track_kwargs,
        get=TEXT_READERS | {CONTACT},
        post={CONTACT},
        setup=setup,
        data=status_data,
    ),
    Case("agreements:track_confirm", track_kwargs, get=NOBODY, post={CONTACT}, setup=setup),
    Case(
        "agreements:category_confirm",
        k(municipality_code=lambda w: w.mun_a.code, pk=lambda w: w.extra["category"].pk),
        get=NOBODY,
        post={CONTACT},
        setup=setup,
    ),
    Case(
        "agreements:evidence",
        k(pk=lambda w: w.extra["evidence"].pk),
        get=TEXT_READERS | {CONTACT},
        setup=setup,
    ),
    Case("agreements:rounds", region_kwargs, get=READERS, post=CFGS, setup=setup),
    Case("agreements:round_detail", round_kwargs, get=READERS, setup=setup),
    Case("agreements:round_close", round_kwargs, get=CFGS, post=CFGS, setup=setup),
    Case(
        "agreements:submission_detail",
        k(pk=lambda w: w.extra["round"].pk, municipality_code=lambda w: w.mun_a.code),
        get=TEXT_READERS | {CONTACT},
        post=CFGS,
        setup=setup,
    ),
    Case("agreements:figures", region_kwargs, get=READERS, post=CFGS, setup=setup),
    # issue 16: a municipality's own due quarter; the follow-up log
    Case("agreements:own_planning", track_kwargs, get=STAFF, post=STAFF, setup=setup),
    Case("agreements:follow_up", mun_a, get=TEXT_READERS, post=STAFF, setup=setup),
]
