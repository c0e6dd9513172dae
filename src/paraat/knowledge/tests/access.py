"""Who may use which knowledge URL. The item and file cases use a TLP:AMBER item of
municipality A: its organisation and the region's staff only; everyone else gets the same 403
as for an item that does not exist."""

from django.core.files.base import ContentFile

from paraat.testing import (
    ADMIN,
    CONTACT,
    COORDINATORS,
    PARTNER,
    REGION_MEMBERS,
    STAFF,
    THEME_LEAD,
    Case,
    region_kwargs,
)

SHARERS = STAFF | {CONTACT, "other_contact", THEME_LEAD, PARTNER}
# The question's table is led by the theme_lead persona (a lead of another table may not).
ANSWERERS = COORDINATORS | {THEME_LEAD}
AMBER_A = STAFF | {CONTACT}


def make_objects(world):
    from paraat.knowledge.factories import KnowledgeItemFactory, QuestionFactory
    from paraat.knowledge.models import TLP, Attachment, QuestionStatus

    item = KnowledgeItemFactory(
        region=world.region,
        municipality=world.mun_a,
        tlp=TLP.AMBER,
        created_by=world.users[CONTACT],
    )
    att = Attachment(
        region=world.region,
        item=item,
        name="plan.txt",
        content_type="text/plain",
        size=5,
        uploaded_by=world.users[CONTACT],
    )
    att.file.save("plan.txt", ContentFile(b"hallo"), save=False)
    att.save()
    clear = KnowledgeItemFactory(region=world.region, tlp=TLP.CLEAR, created_by=world.users[ADMIN])
    from paraat.knowledge.tests.links import make_action_list

    links = make_action_list(world)
    question = QuestionFactory(
        region=world.region,
        municipality=world.mun_a,
        asked_by=world.users[CONTACT],
        action_category=links.nsp,
        table=links.own_table,  # led by the theme_lead persona, who may therefore answer it
        status=QuestionStatus.ANSWERED,
        answer="Zo.",
        publish_consent=True,
    )
    world.region.public_page_enabled = True
    world.region.save()
    world.extra.update(item=item, attachment=att, clear=clear, question=question, links=links)


def item_kwargs(world):
    return {"region_code": world.region.slug, "pk": world.extra["item"].pk}


def question_kwargs(world):
    return {"region_code": world.region.slug, "pk": world.extra["question"].pk}


MATRIX = [
    Case("knowledge:index", region_kwargs, get=REGION_MEMBERS, setup=make_objects),
    Case(
        "knowledge:item_create",
        region_kwargs,
        get=SHARERS,
        post=SHARERS,  # an empty form answers 200 with errors
    ),
    Case("knowledge:item_detail", item_kwargs, get=AMBER_A, setup=make_objects),
    Case(
        "knowledge:item_edit",
        item_kwargs,
        get=COORDINATORS | {CONTACT},
        post=COORDINATORS | {CONTACT},
        setup=make_objects,
    ),
    Case(
        "knowledge:attachment_download",
        lambda w: {"region_code": w.region.slug, "pk": w.extra["attachment"].pk},
        get=AMBER_A,
        setup=make_objects,
    ),
    Case("knowledge:public_index", region_kwargs, public=True, setup=make_objects),
    Case(
        "knowledge:public_item",
        lambda w: {"region_code": w.region.slug, "pk": w.extra["clear"].pk},
        public=True,
        setup=make_objects,
    ),
    Case("knowledge:desk", region_kwargs, get=SHARERS),
    Case("knowledge:question_create", region_kwargs, get=SHARERS, post=SHARERS),
    Case("knowledge:question_suggest", region_kwargs, get=SHARERS),
    Case(
        "knowledge:question_detail",
        question_kwargs,
        get=STAFF | {CONTACT, THEME_LEAD},
        setup=make_objects,
    ),
    Case(
        "knowledge:question_route",
        question_kwargs,
        post=COORDINATORS,
        setup=make_objects,
        data=lambda w: {
            "table": w.extra["links"].other_table.pk,
            "version": w.extra["question"].version,
        },
    ),
    Case(
        "knowledge:question_answer",
        question_kwargs,
        post=ANSWERERS,
        setup=make_objects,
        data=lambda w: {"answer": "Antwoord", "version": w.extra["question"].version},
    ),
    Case("knowledge:question_close", question_kwargs, post=ANSWERERS, setup=make_objects),
    Case(
        "knowledge:question_consent",
        question_kwargs,
        post=frozenset({CONTACT}),
        setup=make_objects,
    ),
    Case(
        "knowledge:question_publish",
        question_kwargs,
        post=COORDINATORS,
        setup=make_objects,
        data=lambda w: {"title": "T", "summary": "S", "tlp": "GREEN"},
    ),
    Case("knowledge:digest_settings", region_kwargs, get=REGION_MEMBERS, post=REGION_MEMBERS),
]
