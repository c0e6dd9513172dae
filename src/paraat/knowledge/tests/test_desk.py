"""The desk: asking, routing, answering (with e-mail), closing, consent and publication."""

import io
from datetime import timedelta

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from paraat.audit.models import AuditEvent
from paraat.knowledge import services
from paraat.knowledge.factories import QuestionFactory
from paraat.knowledge.models import (
    TLP,
    Kind,
    KnowledgeItem,
    QuestionEvent,
    QuestionStatus,
)
from paraat.knowledge.selectors import items_visible_to
from paraat.knowledge.tests.links import make_action_list

ALL_MOVES = [(a, b) for a in QuestionStatus.values for b in QuestionStatus.values if a != b]
# The desk's moves, stated here and not read from the table under test.
ALLOWED_MOVES = {
    ("new", "assigned"),
    ("new", "closed"),
    ("assigned", "answered"),
    ("assigned", "closed"),
    ("answered", "closed"),
    ("answered", "assigned"),
}


@pytest.mark.parametrize(("start", "to"), ALL_MOVES)
def test_each_status_move_is_allowed_only_by_the_transition_table(world, start, to):
    question = QuestionFactory(region=world.region, status=start, asked_by=world.users["contact"])
    actor = world.users["coordinator"]
    allowed = (start, to) in ALLOWED_MOVES
    with pytest.raises(ValidationError) if not allowed else _nothing():
        services._move(question, to=to, actor=actor)
    if allowed:
        assert question.status == to
        event = QuestionEvent.objects.get(question=question)
        assert (event.from_status, event.to_status) == (start, to)
    else:
        assert question.status == start
        assert not QuestionEvent.objects.filter(question=question).exists()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _client(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_asking_sets_organisation_table_target_date_and_history(world):
    links = make_action_list(world)
    QuestionFactory(region=world.region, action_category=links.nsp, table=links.own_table)
    # The most recent question of the category decides the suggested table.
    QuestionFactory(region=world.region, action_category=links.nsp, table=links.other_table)
    client = _client(world, "contact")
    response = client.post(
        reverse("knowledge:question_create", args=[world.region.slug]),
        {
            "title": "Hoeveel aggregaten?",
            "text": "Toelichting",
            "category": links.nsp.pk,
            "urgency": "high",
        },
    )
    assert response.status_code == 302
    question = world.region.questions.get(title="Hoeveel aggregaten?")
    assert question.municipality == world.mun_a
    assert question.action_category == links.nsp
    assert question.table == links.other_table  # suggested by category
    assert question.status == QuestionStatus.NEW
    assert timezone.localdate() < question.target_date <= timezone.localdate() + timedelta(4)
    assert AuditEvent.objects.filter(object_type="knowledge.question", action="create").exists()


def test_look_for_similar_button_saves_nothing(world):
    client = _client(world, "contact")
    response = client.post(
        reverse("knowledge:question_create", args=[world.region.slug]),
        {"title": "Noodsteunpunten", "text": "x", "urgency": "normal", "check": "1"},
    )
    assert response.status_code == 200
    assert not world.region.questions.exists()
    assert "Geen vergelijkbare beantwoorde vragen gevonden" in response.content.decode()


def test_a_question_goes_from_asking_to_published_qa(world):
    links = make_action_list(world)
    mail.outbox.clear()
    question = services.question_ask(
        region=world.region,
        actor=world.users["contact"],
        title="Wie betaalt de aggregaten?",
        text="Draagt de regio bij?",
        category=links.nsp,
    )
    slug = world.region.slug
    coordinator = _client(world, "coordinator")
    response = coordinator.post(
        reverse("knowledge:question_route", args=[slug, question.pk]),
        {
            "table": links.own_table.pk,
            "assigned_to": world.users["theme_lead"].pk,
            "version": question.version,
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED
    lead = _client(world, "theme_lead")
    with _capture_on_commit():
        response = lead.post(
            reverse("knowledge:question_answer", args=[slug, question.pk]),
            {"answer": "De regio draagt de helft bij.", "version": question.version},
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contact@test.paraat.nl"]
    assert "De regio draagt de helft bij." in mail.outbox[0].body
    assert f"/vr90/knowledge/desk/{question.pk}/" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Uw vraag is beantwoord")
    # Not yet consent: the coordinator cannot publish.
    url = reverse("knowledge:question_publish", args=[slug, question.pk])
    response = coordinator.post(url, {"title": "T", "summary": "S", "tlp": "GREEN"})
    assert response.status_code == 400
    assert not KnowledgeItem.objects.filter(kind=Kind.QA).exists()
    # Someone else than the asker may not give consent.
    consent = reverse("knowledge:question_consent", args=[slug, question.pk])
    assert coordinator.post(consent, {"consent": "on"}).status_code == 403
    assert _client(world, "contact").post(consent, {"consent": "on"}).status_code == 302
    response = coordinator.post(
        url, {"title": "Aggregaten", "summary": "Wie betaalt", "tlp": TLP.AMBER}
    )
    assert response.status_code == 302
    item = KnowledgeItem.objects.get(source_question=question)
    assert item.kind == Kind.QA and item.tlp == TLP.AMBER
    assert list(item.categories.all()) == [links.nsp]
    assert "De regio draagt de helft bij." in item.body
    # AMBER: the asker's municipality and the staff see it; the other municipality does not.
    for persona, sees in [("contact", True), ("cfg", True), ("other_contact", False)]:
        user = world.users[persona]
        assert items_visible_to(user, world.region).filter(pk=item.pk).exists() is sees
    # Published once only.
    with pytest.raises(ValidationError):
        services.question_publish(question=question, actor=world.users["coordinator"], tlp="GREEN")


class _capture_on_commit:
    """Run on_commit callbacks at the end of the block (tests run in one transaction)."""

    def __enter__(self):
        from django.db import connection

        self.connection = connection
        self.start = len(connection.run_on_commit)
        return self

    def __exit__(self, *exc):
        callbacks = self.connection.run_on_commit[self.start :]
        self.connection.run_on_commit[self.start :] = []
        for _sids, func, _robust in callbacks:
            func()
        return False


def test_answering_with_a_stale_version_loses_nothing(world):
    question = QuestionFactory(
        region=world.region, status=QuestionStatus.ASSIGNED, asked_by=world.users["contact"]
    )
    stale = question.version
    links = make_action_list(world)
    services.question_route(
        question=question, actor=world.users["coordinator"], table=links.own_table, version=stale
    )
    client = _client(world, "theme_lead")
    response = client.post(
        reverse("knowledge:question_answer", args=[world.region.slug, question.pk]),
        {"answer": "Mijn zorgvuldige antwoord", "version": stale},
    )
    assert response.status_code == 400
    assert "Mijn zorgvuldige antwoord" in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED
    assert question.answer == ""


def test_coordinator_sees_overdue_questions_marked(world):
    QuestionFactory(
        region=world.region,
        title="Te laat",
        target_date=timezone.localdate() - timedelta(days=1),
        asked_by=world.users["contact"],
    )
    QuestionFactory(
        region=world.region,
        title="Op tijd",
        target_date=timezone.localdate() + timedelta(days=3),
        asked_by=world.users["contact"],
    )
    html = (
        _client(world, "coordinator")
        .get(reverse("knowledge:desk", args=[world.region.slug]))
        .content.decode()
    )
    assert html.count('class="overdue"') == 1
    assert html.count('tag--urgent">over de streefdatum') == 1  # in words, not only colour


def test_municipalities_see_only_their_own_questions(world):
    QuestionFactory(
        region=world.region,
        title="Vraag A",
        municipality=world.mun_a,
        asked_by=world.users["contact"],
    )
    QuestionFactory(
        region=world.region,
        title="Vraag B",
        municipality=world.mun_b,
        asked_by=world.users["other_contact"],
    )
    url = reverse("knowledge:desk", args=[world.region.slug])
    html = _client(world, "contact").get(url).content.decode()
    assert "Vraag A" in html and "Vraag B" not in html
    html = _client(world, "coordinator").get(url).content.decode()
    assert "Vraag A" in html and "Vraag B" in html


def test_digest_mails_each_person_only_what_they_may_see(world):
    from paraat.knowledge.factories import KnowledgeItemFactory
    from paraat.knowledge.models import DigestSubscription

    KnowledgeItemFactory(
        region=world.region, title="Voor iedereen", created_by=world.users["admin"]
    )
    KnowledgeItemFactory(
        region=world.region,
        title="Alleen Aadorp",
        tlp=TLP.AMBER_STRICT,
        municipality=world.mun_a,
        created_by=world.users["contact"],
    )
    DigestSubscription.objects.create(user=world.users["board"], frequency="off")
    DigestSubscription.objects.create(user=world.users["contact"], frequency="daily")
    DigestSubscription.objects.create(user=world.users["other_contact"], frequency="daily")
    mail.outbox.clear()
    call_command("send_digest", "--frequency", "daily", stdout=io.StringIO())
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_person) == {"contact@test.paraat.nl", "other_contact@test.paraat.nl"}
    assert "Alleen Aadorp" in by_person["contact@test.paraat.nl"]
    assert "Alleen Aadorp" not in by_person["other_contact@test.paraat.nl"]
    assert "Voor iedereen" in by_person["other_contact@test.paraat.nl"]
    # Nothing new: nothing sent the second time.
    mail.outbox.clear()
    call_command("send_digest", "--frequency", "daily", stdout=io.StringIO())
    assert mail.outbox == []


def test_digest_setting_is_saved_per_person(world):
    client = _client(world, "partner")
    url = reverse("knowledge:digest_settings", args=[world.region.slug])
    assert client.post(url, {"frequency": "off"}).status_code == 302
    assert world.users["partner"].knowledge_digest.frequency == "off"


@pytest.mark.parametrize("n", [2, 20])
def test_desk_page_query_count_is_bounded(world, django_assert_max_num_queries, n):
    for i in range(n):
        QuestionFactory(
            region=world.region,
            title=f"V{i}",
            municipality=world.mun_a,
            asked_by=world.users["contact"],
        )
    client = _client(world, "coordinator")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("knowledge:desk", args=[world.region.slug])).status_code == 200


def test_question_files_go_only_to_those_who_may_see_the_question(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(world, "contact")
    upload = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\nxx", content_type="image/png")
    response = client.post(
        reverse("knowledge:question_create", args=[world.region.slug]),
        {"title": "Met foto", "text": "Zie bijlage", "urgency": "normal", "files": [upload]},
    )
    assert response.status_code == 302
    att = world.region.questions.get(title="Met foto").attachments.get()
    url = reverse("knowledge:attachment_download", args=[world.region.slug, att.pk])
    for persona, status in [
        ("contact", 200),
        ("coordinator", 200),
        ("theme_lead", 403),  # not routed to a table they lead
        ("other_contact", 403),
        ("partner", 403),
        ("board", 403),
    ]:
        assert _client(world, persona).get(url).status_code == status, persona
    question = att.question
    question.table = make_action_list(world).own_table
    question.save()
    assert _client(world, "theme_lead").get(url).status_code == 200  # now it is their table's


def test_a_theme_lead_sees_the_questions_of_their_own_table_not_the_whole_desk(world):
    links = make_action_list(world)
    ask = {"region": world.region, "asked_by": world.users["contact"]}
    theirs = QuestionFactory(title="Voor de NSP-tafel", table=links.own_table, **ask)
    assigned = QuestionFactory(title="Aan de trekker", assigned_to=world.users["theme_lead"], **ask)
    QuestionFactory(title="Voor de communicatietafel", table=links.other_table, **ask)
    QuestionFactory(title="Nog niet doorgezet", **ask)
    desk = reverse("knowledge:desk", args=[world.region.slug])
    html = _client(world, "theme_lead").get(desk).content.decode()
    assert "Voor de NSP-tafel" in html and "Aan de trekker" in html
    assert "Voor de communicatietafel" not in html and "Nog niet doorgezet" not in html
    staff = _client(world, "coordinator").get(desk).content.decode()
    assert "Voor de communicatietafel" in staff and "Nog niet doorgezet" in staff
    for question, status in [(theirs, 200), (assigned, 200)]:
        detail = reverse("knowledge:question_detail", args=[world.region.slug, question.pk])
        assert _client(world, "theme_lead").get(detail).status_code == status
    other = world.region.questions.get(title="Voor de communicatietafel")
    detail = reverse("knowledge:question_detail", args=[world.region.slug, other.pk])
    assert _client(world, "theme_lead").get(detail).status_code in (403, 404)


def test_suggestions_while_typing_come_as_an_htmx_fragment(world):
    from paraat.knowledge.factories import KnowledgeItemFactory

    KnowledgeItemFactory(
        region=world.region,
        title="Hoeveel noodsteunpunten per gemeente?",
        kind=Kind.QA,
        created_by=world.users["coordinator"],
    )
    response = _client(world, "partner").get(
        reverse("knowledge:question_suggest", args=[world.region.slug]),
        {"title": "noodsteunpunt"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.strip().startswith('<div id="suggestions"')
    assert "<mark>noodsteunpunten</mark>" in html


def test_handlers_get_a_start_task_that_is_urgent_when_a_question_is_overdue(world):
    QuestionFactory(
        region=world.region,
        target_date=timezone.localdate() - timedelta(days=1),
        asked_by=world.users["contact"],
        table=make_action_list(world).own_table,
    )
    html = (
        _client(world, "theme_lead")
        .get(reverse("start:region_home", args=[world.region.slug]))
        .content.decode()
    )
    assert "Vragen van het loket beantwoorden" in html
    assert "task--urgent" in html
    html = (
        _client(world, "contact")
        .get(reverse("start:region_home", args=[world.region.slug]))
        .content.decode()
    )
    assert "Vragen van het loket beantwoorden" not in html


def test_desk_lists_open_questions_first_with_the_overdue_on_top(world):
    today = timezone.localdate()
    QuestionFactory(
        region=world.region,
        title="Klaar",
        status=QuestionStatus.CLOSED,
        target_date=today - timedelta(days=9),
        asked_by=world.users["contact"],
    )
    QuestionFactory(
        region=world.region,
        title="Later",
        target_date=today + timedelta(days=5),
        asked_by=world.users["contact"],
    )
    QuestionFactory(
        region=world.region,
        title="Te laat",
        target_date=today - timedelta(days=2),
        asked_by=world.users["contact"],
    )
    from paraat.knowledge.selectors import desk_questions

    titles = [q.title for q in desk_questions(user=world.users["coordinator"], region=world.region)]
    assert titles == ["Te laat", "Later", "Klaar"]


def test_asker_gets_a_start_task_when_her_question_is_answered(world):
    QuestionFactory(
        region=world.region,
        status=QuestionStatus.ANSWERED,
        municipality=world.mun_a,
        asked_by=world.users["contact"],
    )
    html = (
        _client(world, "contact")
        .get(reverse("start:region_home", args=[world.region.slug]))
        .content.decode()
    )
    assert "Antwoorden van het loket lezen" in html
    assert "?status=answered" in html
