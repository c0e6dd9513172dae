"""A desk question routed or assigned to a theme table: its lead hears of it, with a link."""

import pytest

from django.core import mail
from django.urls import reverse

from paraat.knowledge import services
from paraat.knowledge.factories import QuestionFactory
from paraat.knowledge.models import QuestionStatus
from paraat.programme.factories import ThemeTableFactory

pytestmark = pytest.mark.django_db


def test_routing_a_question_mails_the_theme_table_lead_with_a_link(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://paraat.example.nl"
    table = ThemeTableFactory(region=world.region, name="Energie", lead=world.users["theme_lead"])
    question = QuestionFactory(
        region=world.region,
        status=QuestionStatus.NEW,
        asked_by=world.users["contact"],
        title="Hoe regelen we noodstroom?",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.question_route(question=question, actor=world.users["coordinator"], table=table)
    assert [m.to for m in mail.outbox] == [["theme_lead@test.paraat.nl"]]
    message = mail.outbox[0]
    assert message.subject == "Loketvraag voor Energie: Hoe regelen we noodstroom?"
    detail = reverse("knowledge:question_detail", args=[world.region.slug, question.pk])
    assert f"https://paraat.example.nl{detail}" in message.body
    # Assigning it to a person as well mails the lead and that person; saving again unchanged
    # mails nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_route(
            question=question,
            actor=world.users["coordinator"],
            table=table,
            assigned_to=world.users["admin"],
        )
    assert sorted(mail.outbox[0].to) == ["admin@test.paraat.nl", "theme_lead@test.paraat.nl"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_route(
            question=question,
            actor=world.users["coordinator"],
            table=table,
            assigned_to=world.users["admin"],
        )
    assert mail.outbox == []
