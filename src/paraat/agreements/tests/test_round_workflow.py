"""The round as the CFG runs it: the close page, the review page, the round's e-mails."""

import datetime as dt

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from paraat.agreements import services
from paraat.agreements.models import (
    ItemProgress,
    MeasurementRound,
    Submission,
    SubmissionStatus,
)
from paraat.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def client_for(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


def open_round(world, *, deadline_in_days=20, name="Najaar"):
    return services.round_create(
        region=world.region,
        name=name,
        opens_on=TODAY - dt.timedelta(days=5),
        deadline=TODAY + dt.timedelta(days=deadline_in_days),
        actor=world.users["cfg"],
    )


def set_status(world, item, municipality, status, **extra):
    progress = ItemProgress.objects.filter(item=item, municipality=municipality).first()
    return services.status_update_record(
        item=item,
        municipality=municipality,
        actor=world.users["contact"],
        expected_version=progress.version if progress else 0,
        status=status,
        **{"explanation": "uitleg", **extra},
    )


def submit(world, plan, round_, municipality):
    for category in plan["categories"]:
        services.category_confirm_unchanged(
            category=category, municipality=municipality, actor=world.users["contact"]
        )
    return services.submission_submit(
        submission=Submission.objects.get(round=round_, municipality=municipality),
        actor=world.users["contact"],
    )


def close_url(world, round_):
    return reverse(
        "agreements:round_close", kwargs={"region_code": world.region.slug, "pk": round_.pk}
    )


# --- closing through a page --------------------------------------------------------------------


def test_close_page_states_the_consequences_in_numbers_and_names(world, plan):
    round_ = open_round(world, deadline_in_days=20)
    submit(world, plan, round_, world.mun_a)  # Aadorp: submitted, waiting for review
    response = client_for(world, "cfg").get(close_url(world, round_))
    assert response.status_code == 200
    html = response.content.decode()
    assert "De deadline (" in html and "ligt nog 20 dagen in de toekomst" in html
    assert "1 inzending is nog niet beoordeeld." in html
    assert "Aadorp</a>" in html  # the waiting one, linked to its review
    assert "1 gemeente heeft niet ingediend" in html and "Beedorp" in html
    assert "0 teruggestuurde inzendingen tellen als niet ingediend." in html
    assert 'name="confirm"' in html and 'name="reason"' in html
    assert 'name="accept_submitted"' in html


def test_a_bare_post_closes_nothing(world, plan):
    round_ = open_round(world)
    response = client_for(world, "cfg").post(close_url(world, round_))
    assert response.status_code == 200
    assert "Vink het vakje aan" in response.content.decode()
    round_.refresh_from_db()
    assert round_.state == "open" and not round_.snapshot_entries.exists()


def test_closing_before_the_deadline_needs_a_reason_kept_on_the_round_and_in_the_audit(world, plan):
    round_ = open_round(world, deadline_in_days=10)
    cfg = client_for(world, "cfg")
    response = cfg.post(close_url(world, round_), {"confirm": "on", "reason": "  "})
    assert response.status_code == 200
    assert "zeg waarom het meetmoment eerder sluit" in response.content.decode()
    round_.refresh_from_db()
    assert round_.state == "open"
    response = cfg.post(
        close_url(world, round_), {"confirm": "on", "reason": "Stuurgroep vergadert eerder"}
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.state == "closed"
    assert round_.close_reason == "Stuurgroep vergadert eerder"
    event = AuditEvent.objects.filter(
        object_id=str(round_.pk), detail__close_reason="Stuurgroep vergadert eerder"
    ).get()
    assert event.actor == world.users["cfg"]
    page = cfg.get(
        reverse(
            "agreements:round_detail", kwargs={"region_code": world.region.slug, "pk": round_.pk}
        )
    ).content.decode()
    assert "Stuurgroep vergadert eerder" in page


def test_after_the_deadline_no_reason_is_asked(world, plan):
    round_ = open_round(world, deadline_in_days=10)
    MeasurementRound.objects.filter(pk=round_.pk).update(
        opens_on=TODAY - dt.timedelta(days=30), deadline=TODAY - dt.timedelta(days=2)
    )
    cfg = client_for(world, "cfg")
    html = cfg.get(close_url(world, round_)).content.decode()
    assert 'name="reason"' not in html
    assert "is 2 dagen geleden verstreken" in html
    assert cfg.post(close_url(world, round_), {"confirm": "on"}).status_code == 302
    round_.refresh_from_db()
    assert round_.state == "closed" and round_.close_reason == ""


def test_unreviewed_submissions_block_closing_until_accepted_together(
    world, plan, django_capture_on_commit_callbacks
):
    round_ = open_round(world)
    submit(world, plan, round_, world.mun_a)
    cfg = client_for(world, "cfg")
    data = {"confirm": "on", "reason": "Eerder klaar"}
    response = cfg.post(close_url(world, round_), data)
    assert response.status_code == 200
    assert "1 inzending is niet beoordeeld" in response.content.decode()
    round_.refresh_from_db()
    assert round_.state == "open"
    with django_capture_on_commit_callbacks(execute=True):
        response = cfg.post(close_url(world, round_), {**data, "accept_submitted": "on"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.state == "closed"
    statuses = dict(
        Submission.objects.filter(round=round_).values_list("municipality__name", "status")
    )
    assert statuses == {
        "Aadorp": SubmissionStatus.ACCEPTED,
        "Beedorp": SubmissionStatus.NOT_SUBMITTED,
    }
    assert [m.to for m in mail.outbox if "geaccepteerd" in m.subject] == [
        ["contact@test.paraat.nl"]
    ]
    event = AuditEvent.objects.get(object_id=str(round_.pk), detail__has_key="accepted_together")
    assert event.detail["accepted_together"] == ["Aadorp"]


def test_returned_submissions_are_named_and_count_as_not_submitted(world, plan):
    round_ = open_round(world)
    submission = submit(world, plan, round_, world.mun_a)
    services.submission_review(
        submission=submission, accept=False, remark="Licht toe", actor=world.users["cfg"]
    )
    cfg = client_for(world, "cfg")
    html = cfg.get(close_url(world, round_)).content.decode()
    assert "1 teruggestuurde inzending telt als niet ingediend. Aadorp" in html
    cfg.post(close_url(world, round_), {"confirm": "on", "reason": "Eerder"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NOT_SUBMITTED


def test_a_closed_round_has_no_close_page_and_no_reopen(world, plan):
    round_ = open_round(world)
    services.round_close(measurement_round=round_, actor=world.users["cfg"])
    cfg = client_for(world, "cfg")
    response = cfg.get(close_url(world, round_))
    assert response.status_code == 302
    response = cfg.post(close_url(world, round_), {"confirm": "on", "reason": "x"})
    assert response.status_code == 302
    assert MeasurementRound.objects.get(pk=round_.pk).state == "closed"


def test_contact_cannot_close_a_round(world, plan):
    round_ = open_round(world)
    response = client_for(world, "contact").post(
        close_url(world, round_), {"confirm": "on", "reason": "x"}
    )
    assert response.status_code == 403
    assert MeasurementRound.objects.get(pk=round_.pk).state == "open"


def test_new_round_form_is_hidden_while_a_round_is_open(world, plan):
    rounds_url = reverse("agreements:rounds", kwargs={"region_code": world.region.slug})
    cfg = client_for(world, "cfg")
    assert 'name="deadline"' in cfg.get(rounds_url).content.decode()
    round_ = open_round(world)
    html = cfg.get(rounds_url).content.decode()
    assert 'name="deadline"' not in html
    assert "kan pas worden geopend als Najaar is gesloten" in html
    detail = reverse(
        "agreements:round_detail", kwargs={"region_code": world.region.slug, "pk": round_.pk}
    )
    assert f'href="{detail}"' in html
    response = cfg.post(
        rounds_url,
        {
            "name": "Nog een",
            "opens_on": TODAY.isoformat(),
            "deadline": TODAY.isoformat(),
            "reminder_days_before": "7",
        },
    )
    assert response.status_code == 302
    assert MeasurementRound.objects.filter(region=world.region).count() == 1
