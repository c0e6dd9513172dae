"""The yearly and final evaluation's written part (issue 18): versions kept, comparison,
adoption by the steering group through the one document workflow, refusals, audit, pages."""

import datetime as dt

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from paraat.audit.models import AuditEvent
from paraat.core.concurrency import StaleEdit
from paraat.programme import services
from paraat.programme.models import DocumentStatus, Evaluation, EvaluationVersion

from .conftest import login

pytestmark = pytest.mark.django_db

C, D, A = DocumentStatus.CONCEPT, DocumentStatus.FOR_DECISION, DocumentStatus.ADOPTED


@pytest.fixture
def evaluation(world):
    return services.evaluation_create(
        evaluation=Evaluation(
            region=world.region,
            title="Evaluatie 2026",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 6, 30),
        ),
        actor=world.users["coordinator"],
    )


def url(world, name, evaluation, *extra):
    return reverse(f"programme:{name}", args=[world.region.slug, evaluation.pk, *extra])


def write(client, world, evaluation, number, **fields):
    return client.post(url(world, "evaluation_edit", evaluation), {"number": number, **fields})


def test_coordinator_starts_an_evaluation_for_a_period_audited(client, world):
    login(client, world, "coordinator")
    response = client.post(
        reverse("programme:evaluation_create", args=[world.region.slug]),
        {
            "title": "Evaluatie 2026",
            "kind": "yearly",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "tlp": "AMBER",
        },
    )
    evaluation = Evaluation.objects.get(region=world.region)
    assert response.status_code == 302
    assert (evaluation.period_start, evaluation.period_end) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
    )
    assert evaluation.status == C and evaluation.current_number == 0
    event = AuditEvent.objects.get(object_type="programme.evaluation", action="create")
    assert event.actor == world.users["coordinator"]


def test_a_period_that_ends_before_it_starts_is_refused_in_the_form(client, world):
    login(client, world, "coordinator")
    response = client.post(
        reverse("programme:evaluation_create", args=[world.region.slug]),
        {
            "title": "Evaluatie",
            "kind": "yearly",
            "period_start": "2026-06-30",
            "period_end": "2026-01-01",
            "tlp": "AMBER",
        },
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_versions_are_kept_and_each_version_is_shown(client, world, evaluation):
    login(client, world, "coordinator")
    assert write(client, world, evaluation, 0, conclusions="Eerste conclusie").status_code == 302
    assert write(client, world, evaluation, 1, conclusions="Tweede conclusie").status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.current_number == 2
    texts = list(
        EvaluationVersion.objects.filter(document=evaluation)
        .order_by("number")
        .values_list("content__conclusions", flat=True)
    )
    assert texts == ["Eerste conclusie", "Tweede conclusie"]
    old = client.get(url(world, "evaluation_version", evaluation, 1)).content.decode()
    assert "Eerste conclusie" in old and "Tweede conclusie" not in old
    current = client.get(url(world, "evaluation_detail", evaluation)).content.decode()
    assert "Tweede conclusie" in current
    saved = AuditEvent.objects.filter(object_type="programme.evaluation", action="update")
    assert saved.count() == 2


def test_comparison_marks_removed_and_added_words(client, world, evaluation):
    login(client, world, "coordinator")
    write(client, world, evaluation, 0, recommendations="Oefen met de noodmap")
    write(client, world, evaluation, 1, recommendations="Oefen jaarlijks met de noodmap")
    html = client.get(url(world, "evaluation_compare", evaluation), {"a": 1, "b": 2}).content
    html = html.decode()
    inserted = html.split("<ins>")[1].split("</ins>")[0]
    assert "jaarlijks" in inserted
    assert "Aanbevelingen" in html


def test_second_writer_is_told_and_keeps_their_text(client, world, evaluation):
    login(client, world, "coordinator")
    write(client, world, evaluation, 0, conclusions="Versie een")
    other = login(type(client)(), world, "admin")
    assert write(other, world, evaluation, 1, conclusions="Versie van de beheerder").status_code
    response = write(client, world, evaluation, 1, conclusions="Mijn late wijziging")
    assert response.status_code == 200
    assert "Mijn late wijziging" in response.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).current_number == 2
    with pytest.raises(StaleEdit):
        services.evaluation_save(
            evaluation=evaluation,
            fields={"conclusions": "x"},
            expected_number=1,
            actor=world.users["coordinator"],
        )


def test_programme_team_proposes_and_steering_group_adopts_with_name_and_date(
    client, world, evaluation
):
    login(client, world, "coordinator")
    write(client, world, evaluation, 0, conclusions="Conclusie")
    status = url(world, "evaluation_transition", evaluation)
    assert client.post(status, {"to_status": "for_decision"}).status_code == 302
    # no edits while it is with the steering group
    assert write(client, world, evaluation, 1, conclusions="Stiekem").status_code == 200
    assert Evaluation.objects.get(pk=evaluation.pk).current_number == 1
    # the coordinator cannot adopt it
    client.post(status, {"to_status": "adopted"})
    assert Evaluation.objects.get(pk=evaluation.pk).status == D
    steering = login(type(client)(), world, "steering")
    steering.post(status, {"to_status": "adopted", "note": "Akkoord"})
    evaluation.refresh_from_db()
    assert evaluation.status == A
    assert evaluation.adopted_by == world.users["steering"]
    assert evaluation.adopted_number == 1 and evaluation.adopted_at is not None
    moves = list(
        evaluation.transitions.order_by("at", "id").values_list("from_status", "to_status")
    )
    assert moves == [(C, D), (D, A)]
    page = steering.get(url(world, "evaluation_detail", evaluation)).content.decode()
    assert "vastgesteld" in page and "Akkoord" in page


@pytest.mark.parametrize(
    "start,to,persona,allowed",
    [
        (C, D, "coordinator", True),
        (C, D, "admin", True),
        (C, D, "theme_lead", False),  # a lead writes their table's start document, not this
        (C, D, "steering", False),
        (C, A, "steering", False),  # not a move: first sent for decision
        (D, A, "steering", True),
        (D, A, "coordinator", False),
        (D, A, "board", False),
        (D, C, "coordinator", True),
        (D, C, "steering", True),
        (D, C, "cfg", False),
        (A, C, "coordinator", True),
        (A, C, "steering", False),
        (A, D, "coordinator", False),
    ],
)
def test_evaluation_moves_per_persona(world, evaluation, start, to, persona, allowed):
    services.evaluation_save(
        evaluation=evaluation,
        fields={"conclusions": "x"},
        expected_number=0,
        actor=world.users["coordinator"],
    )
    Evaluation.objects.filter(pk=evaluation.pk).update(status=start)
    document = Evaluation.objects.get(pk=evaluation.pk)
    if allowed:
        services.document_transition(document=document, to_status=to, actor=world.users[persona])
        assert Evaluation.objects.get(pk=evaluation.pk).status == to
    else:
        with pytest.raises((ValidationError, PermissionDenied)):
            services.document_transition(
                document=document, to_status=to, actor=world.users[persona]
            )
        assert Evaluation.objects.get(pk=evaluation.pk).status == start


def test_an_unwritten_evaluation_cannot_be_sent_for_decision(world, evaluation):
    with pytest.raises(ValidationError):
        services.document_transition(
            document=evaluation, to_status=D, actor=world.users["coordinator"]
        )
    assert Evaluation.objects.get(pk=evaluation.pk).status == C


def test_readers_and_refusals_on_the_pages(client, world, evaluation):
    detail = url(world, "evaluation_detail", evaluation)
    for persona in ("coordinator", "cfg", "steering", "board"):
        assert login(type(client)(), world, persona).get(detail).status_code == 200, persona
    for persona in ("theme_lead", "contact", "partner", "outsider"):
        assert login(type(client)(), world, persona).get(detail).status_code == 403, persona
    steering = login(type(client)(), world, "steering")
    assert write(steering, world, evaluation, 0, conclusions="x").status_code == 403
    assert not EvaluationVersion.objects.exists()


def test_a_red_evaluation_is_only_for_who_wrote_it(client, world, evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(tlp="RED")
    detail = url(world, "evaluation_detail", evaluation)
    assert login(type(client)(), world, "coordinator").get(detail).status_code == 200
    assert login(type(client)(), world, "steering").get(detail).status_code == 403
    listing = login(type(client)(), world, "steering").get(
        reverse("programme:evaluation_list", args=[world.region.slug])
    )
    html = listing.content.decode()
    assert "Evaluatie 2026" in html and detail not in html


def test_steering_member_sees_the_evaluation_waiting_for_decision(client, world, evaluation):
    services.evaluation_save(
        evaluation=evaluation,
        fields={"conclusions": "x"},
        expected_number=0,
        actor=world.users["coordinator"],
    )
    services.document_transition(document=evaluation, to_status=D, actor=world.users["coordinator"])
    steering = login(client, world, "steering")
    html = steering.get(reverse("start:region_home", args=[world.region.slug])).content.decode()
    assert "Evaluatie 2026" in html


def test_evaluations_are_reachable_from_the_programme_and_the_reports_page(
    client, world, evaluation
):
    login(client, world, "coordinator")
    target = reverse("programme:evaluation_list", args=[world.region.slug])
    for page in ("programme:overview", "reports:index"):
        html = client.get(reverse(page, args=[world.region.slug])).content.decode()
        assert f'href="{target}"' in html, page
    html = client.get(target).content.decode()
    assert url(world, "evaluation_detail", evaluation) in html
    detail = client.get(url(world, "evaluation_detail", evaluation)).content.decode()
    assert reverse("reports:evaluation", args=[world.region.slug, evaluation.pk]) in detail


def test_demo_evaluation_is_in_draft_and_labelled_as_an_example(world):
    from paraat.programme.demo import _demo_evaluation

    _demo_evaluation(world.region, world.users["steering"])
    _demo_evaluation(world.region, world.users["steering"])  # a second run adds nothing
    evaluation = Evaluation.objects.get(region=world.region)
    assert evaluation.status == C and evaluation.current_number == 1
    assert "voorbeeld" in evaluation.title
    version = evaluation.versions.get()
    assert version.content["conclusions"].startswith("Voorbeeld")
