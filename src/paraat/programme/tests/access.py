import datetime

from paraat.testing import (
    BOARD,
    COORDINATORS,
    REGION_INTERNAL,
    REGION_MEMBERS,
    STAFF,
    STEERING,
    THEME_LEAD,
    Case,
    region_kwargs,
)

EDIT_OWN = COORDINATORS | {THEME_LEAD}
READERS = STAFF | {STEERING, BOARD}  # steering group meetings
COMMENTERS = COORDINATORS | {STEERING}


def setup(world):
    from paraat.programme import services
    from paraat.programme.factories import (
        ActivityFactory,
        DeferredWorkFactory,
        RiskFactory,
        ThemeTableFactory,
    )
    from paraat.programme.models import Activity, DocumentStatus

    own = ThemeTableFactory(region=world.region, name="Eigen tafel", lead=world.users[THEME_LEAD])
    other = ThemeTableFactory(region=world.region, name="Andere tafel")
    coordinator = world.users["coordinator"]
    services.startdoc_save(table=own, fields={"goal": "Doel"}, expected_number=0, actor=coordinator)
    services.startdoc_save(
        table=own, fields={"goal": "Doel 2"}, expected_number=1, actor=coordinator
    )
    services.startdoc_save(
        table=other, fields={"goal": "Doel"}, expected_number=0, actor=coordinator
    )
    services.startdoc_transition(
        document=other.startdoc, to_status=DocumentStatus.FOR_DECISION, actor=coordinator
    )
    world.extra.update(
        own_table=own,
        other_table=other,
        own_activity=ActivityFactory(table=own),
        other_activity=ActivityFactory(table=other),
        team_activity=Activity.objects.create(region=world.region, title="Programmateam"),
        own_deferred=DeferredWorkFactory(table=own),
        other_deferred=DeferredWorkFactory(table=other),
        risk=RiskFactory(region=world.region),
        own_risk=RiskFactory(region=world.region, table=own),
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    update = services.activity_add_update(
        activity=world.extra["own_activity"],
        date=datetime.date(2026, 3, 1),
        status="started",
        text="Gestart",
        actor=coordinator,
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    world.extra["attachment"] = update.attachments.get()
    from paraat.programme.models import Meeting, MeetingAction

    meeting = Meeting.objects.create(region=world.region, date=datetime.date(2026, 3, 1))
    world.extra["meeting"] = meeting
    from paraat.programme.models import Handover

    world.extra["handover"] = Handover.objects.create(
        region=world.region,
        table=own,
        to_part="rot",
        contact="Hoofd",
        what="Werk",
        handed_over_on=datetime.date(2026, 3, 1),
    )
    world.extra["meeting_action"] = MeetingAction.objects.create(
        region=world.region, meeting=meeting, text="Actie", owner="Secretaris"
    )


def setup_evaluations(world):
    """A written evaluation in concept, and one waiting for the steering group's decision."""
    import datetime as dt

    from paraat.programme import services
    from paraat.programme.models import DocumentStatus, Evaluation

    coordinator = world.users["coordinator"]
    for name, title in (("evaluation", "Evaluatie 2026"), ("evaluation_decision", "Eind 2027")):
        evaluation = services.evaluation_create(
            evaluation=Evaluation(
                region=world.region,
                title=title,
                period_start=dt.date(2026, 1, 1),
                period_end=dt.date(2026, 6, 30),
            ),
            actor=coordinator,
        )
        services.evaluation_save(
            evaluation=evaluation, fields={"conclusions": "x"}, expected_number=0, actor=coordinator
        )
        world.extra[name] = evaluation
    services.document_transition(
        document=world.extra["evaluation_decision"],
        to_status=DocumentStatus.FOR_DECISION,
        actor=coordinator,
    )


def k(**names):
    def build(world):
        kwargs = {"region_code": world.region.slug}
        for key, extra in names.items():
            kwargs[key] = world.extra[extra].pk
        return kwargs

    return build


MATRIX = [
    Case("programme:overview", region_kwargs, get=REGION_INTERNAL),
    Case("programme:programme_edit", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case("programme:ambitions_edit", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case("programme:bodies_edit", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case("programme:phase", region_kwargs, get=REGION_MEMBERS, post=COORDINATORS),
    Case("programme:table_create", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case("programme:table_detail", k(pk="own_table"), get=REGION_INTERNAL, setup=setup),
    Case("programme:table_edit", k(pk="own_table"), get=EDIT_OWN, post=EDIT_OWN, setup=setup),
    Case(
        "programme:table_edit",
        k(pk="other_table"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup,
    ),
    Case("programme:table_members", k(pk="own_table"), get=EDIT_OWN, post=EDIT_OWN, setup=setup),
    Case(
        "programme:table_members",
        k(pk="other_table"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup,
    ),
    Case("programme:startdoc", k(pk="own_table"), get=REGION_INTERNAL, setup=setup),
    Case(
        "programme:startdoc_version",
        lambda w: {**k(pk="own_table")(w), "number": 1},
        get=REGION_INTERNAL,
        setup=setup,
    ),
    Case("programme:startdoc_edit", k(pk="own_table"), get=EDIT_OWN, post=EDIT_OWN, setup=setup),
    Case(
        "programme:startdoc_edit",
        k(pk="other_table"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup,
    ),
    # POST only, per move of the transition table: leads and coordinators send for decision,
    # only the steering group adopts; coordinators and the steering group may return it.
    Case(
        "programme:startdoc_transition",
        k(pk="own_table"),
        post=EDIT_OWN,
        setup=setup,
        data=lambda w: {"to_status": "for_decision"},
    ),
    Case(
        "programme:startdoc_transition",
        k(pk="other_table"),
        post=frozenset({STEERING}),
        setup=setup,
        data=lambda w: {"to_status": "adopted"},
    ),
    Case(
        "programme:startdoc_transition",
        k(pk="other_table"),
        post=COORDINATORS | {STEERING},
        setup=setup,
        data=lambda w: {"to_status": "concept"},
    ),
    Case("programme:startdoc_compare", k(pk="own_table"), get=REGION_INTERNAL, setup=setup),
    Case("programme:startdoc_docx", k(pk="own_table"), get=REGION_INTERNAL, setup=setup),
    Case("programme:startdoc_pdf", k(pk="own_table"), get=REGION_INTERNAL, setup=setup),
    Case(
        "programme:table_activity_create",
        k(table_pk="own_table"),
        get=EDIT_OWN,
        post=EDIT_OWN,
        setup=setup,
    ),
    Case(
        "programme:table_activity_create",
        k(table_pk="other_table"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup,
    ),
    Case(
        "programme:table_deferred_create",
        k(table_pk="own_table"),
        get=EDIT_OWN,
        post=EDIT_OWN,
        setup=setup,
    ),
    Case(
        "programme:table_deferred_create",
        k(table_pk="other_table"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup,
    ),
    Case("programme:activity_list", region_kwargs, get=REGION_INTERNAL),
    Case("programme:activity_create", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case("programme:timeline", region_kwargs, get=REGION_INTERNAL, setup=setup),
    Case("programme:dashboard", region_kwargs, get=REGION_INTERNAL, setup=setup),
    Case("programme:attachment_download", k(pk="attachment"), get=REGION_INTERNAL, setup=setup),
    Case("programme:activity_detail", k(pk="own_activity"), get=REGION_INTERNAL, setup=setup),
    Case("programme:activity_edit", k(pk="own_activity"), get=EDIT_OWN, post=EDIT_OWN, setup=setup),
    Case(
        "programme:activity_edit",
        k(pk="other_activity"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup,
    ),
    Case(
        "programme:activity_edit",
        k(pk="team_activity"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup,
    ),
    Case("programme:activity_update", k(pk="own_activity"), post=EDIT_OWN, setup=setup),
    Case("programme:activity_update", k(pk="other_activity"), post=COORDINATORS, setup=setup),
    Case("programme:deferred_list", region_kwargs, get=REGION_INTERNAL, setup=setup),
    Case("programme:deferred_create", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case("programme:deferred_edit", k(pk="own_deferred"), get=EDIT_OWN, post=EDIT_OWN, setup=setup),
    Case(
        "programme:deferred_edit",
        k(pk="other_deferred"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup,
    ),
    Case("programme:risk_list", region_kwargs, get=REGION_INTERNAL, setup=setup),
    Case("programme:risk_create", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case("programme:risk_changes", region_kwargs, get=REGION_INTERNAL, setup=setup),
    Case("programme:risk_edit", k(pk="risk"), get=COORDINATORS, post=COORDINATORS, setup=setup),
    Case("programme:risk_edit", k(pk="own_risk"), get=EDIT_OWN, post=EDIT_OWN, setup=setup),
    Case("programme:meeting_list", region_kwargs, get=READERS),
    Case("programme:meeting_create", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case("programme:meeting_detail", k(pk="meeting"), get=READERS, setup=setup),
    Case(
        "programme:meeting_edit", k(pk="meeting"), get=COORDINATORS, post=COORDINATORS, setup=setup
    ),
    Case("programme:agenda_item_add", k(pk="meeting"), post=COORDINATORS, setup=setup),
    Case("programme:decision_add", k(pk="meeting"), post=COORDINATORS, setup=setup),
    Case("programme:meeting_action_add", k(pk="meeting"), post=COORDINATORS, setup=setup),
    Case("programme:meeting_comment_add", k(pk="meeting"), post=COMMENTERS, setup=setup),
    Case(
        "programme:meeting_action_state",
        k(pk="meeting_action"),
        post=COORDINATORS,
        setup=setup,
        data=lambda w: {"state": "done"},
    ),
    Case("programme:handover_add", region_kwargs, post=COORDINATORS),
    Case("programme:handover_take_back", k(pk="handover"), post=COORDINATORS, setup=setup),
    Case("programme:cycle_pause", region_kwargs, post=COORDINATORS),
    Case("programme:schedules", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    # the yearly and final evaluation (issue 18): the programme team writes and proposes, the
    # steering group adopts, staff, steering group and board read
    Case("programme:evaluation_list", region_kwargs, get=READERS),
    Case("programme:evaluation_create", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case("programme:evaluation_detail", k(pk="evaluation"), get=READERS, setup=setup_evaluations),
    Case(
        "programme:evaluation_version",
        lambda w: {**k(pk="evaluation")(w), "number": 1},
        get=READERS,
        setup=setup_evaluations,
    ),
    Case(
        "programme:evaluation_edit",
        k(pk="evaluation"),
        get=COORDINATORS,
        post=COORDINATORS,
        setup=setup_evaluations,
    ),
    Case("programme:evaluation_compare", k(pk="evaluation"), get=READERS, setup=setup_evaluations),
    Case(
        "programme:evaluation_transition",
        k(pk="evaluation"),
        post=COORDINATORS,
        setup=setup_evaluations,
        data=lambda w: {"to_status": "for_decision"},
    ),
    Case(
        "programme:evaluation_transition",
        k(pk="evaluation_decision"),
        post=frozenset({STEERING}),
        setup=setup_evaluations,
        data=lambda w: {"to_status": "adopted"},
    ),
    Case(
        "programme:evaluation_transition",
        k(pk="evaluation_decision"),
        post=COORDINATORS | {STEERING},
        setup=setup_evaluations,
        data=lambda w: {"to_status": "concept"},
    ),
]
