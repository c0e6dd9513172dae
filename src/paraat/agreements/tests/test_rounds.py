"""Measurement rounds: submit, review, close; the frozen snapshot; figures; lag; reminders."""

import datetime as dt

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from paraat.agreements import figures as figures_module
from paraat.agreements import services
from paraat.agreements.models import (
    FrozenError,
    ItemProgress,
    ReminderLog,
    RoundResult,
    SnapshotEntry,
    Status,
    Submission,
    SubmissionStatus,
)

pytestmark = pytest.mark.django_db


def open_round(world, name, opens, deadline):
    return services.round_create(
        region=world.region,
        name=name,
        opens_on=opens,
        deadline=deadline,
        actor=world.users["cfg"],
    )


def set_status(item, municipality, status, user, today, **extra):
    progress = ItemProgress.objects.filter(item=item, municipality=municipality).first()
    return services.status_update_record(
        item=item,
        municipality=municipality,
        actor=user,
        expected_version=progress.version if progress else 0,
        status=status,
        today=today,
        **{"not_applicable_reason": "nvt", "explanation": "uitleg", **extra},
    )


def fill_all(world, plan, municipality, today, status=Status.IN_PROGRESS):
    user = world.users["contact"]
    for item in plan["items"].values():
        if item.is_for_municipalities:
            set_status(item, municipality, status, user, today)


def submission(round_, municipality):
    return Submission.objects.get(round=round_, municipality=municipality)


def test_round_creation_opens_a_submission_per_municipality(world, plan):
    round_ = open_round(world, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15))
    assert set(round_.submissions.values_list("municipality__name", flat=True)) == {
        "Aadorp",
        "Beedorp",
    }
    with pytest.raises(ValidationError):
        open_round(world, "Nog een", dt.date(2026, 5, 1), dt.date(2026, 6, 15))


def test_cannot_submit_before_every_item_is_filled_in_or_confirmed(world, plan):
    round_ = open_round(world, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15))
    today = dt.date(2026, 5, 10)
    set_status(plan["items"]["1.1"], world.mun_a, Status.STARTED, world.users["contact"], today)
    with pytest.raises(ValidationError) as error:
        services.submission_submit(
            submission=submission(round_, world.mun_a), actor=world.users["contact"]
        )
    assert "3" in str(error.value)
    count = services.category_confirm_unchanged(
        category=plan["categories"][0],
        municipality=world.mun_a,
        actor=world.users["contact"],
        today=today,
    )
    assert count == 1  # 1.2 confirmed; 1.1 was already filled in
    count = services.category_confirm_unchanged(
        category=plan["categories"][1],
        municipality=world.mun_a,
        actor=world.users["contact"],
        today=today,
    )
    assert count == 2  # 2.1 and 2.2 (R.1 belongs to the region)
    services.submission_submit(
        submission=submission(round_, world.mun_a), actor=world.users["contact"]
    )
    assert submission(round_, world.mun_a).status == SubmissionStatus.SUBMITTED


def test_submitted_round_cannot_be_changed_until_returned(
    world, plan, django_capture_on_commit_callbacks
):
    round_ = open_round(world, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15))
    today = dt.date(2026, 5, 10)
    fill_all(world, plan, world.mun_a, today)
    services.submission_submit(
        submission=submission(round_, world.mun_a), actor=world.users["contact"]
    )
    with pytest.raises(ValidationError):
        set_status(
            plan["items"]["1.1"], world.mun_a, Status.ACHIEVED, world.users["contact"], today
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_review(
            submission=submission(round_, world.mun_a),
            accept=False,
            remark="Graag 1.1 toelichten",
            actor=world.users["cfg"],
        )
    assert mail.outbox and "contact@test.paraat.nl" in mail.outbox[0].to
    assert "Graag 1.1 toelichten" in mail.outbox[0].body
    set_status(plan["items"]["1.1"], world.mun_a, Status.ACHIEVED, world.users["contact"], today)
    services.submission_submit(
        submission=submission(round_, world.mun_a), actor=world.users["contact"]
    )
    services.submission_review(
        submission=submission(round_, world.mun_a), accept=True, actor=world.users["cfg"]
    )
    sub = submission(round_, world.mun_a)
    assert sub.status == SubmissionStatus.ACCEPTED
    assert [e.to_status for e in sub.events.all()] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]


def test_return_needs_a_remark(world, plan):
    round_ = open_round(world, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15))
    fill_all(world, plan, world.mun_a, dt.date(2026, 5, 10))
    services.submission_submit(
        submission=submission(round_, world.mun_a), actor=world.users["contact"]
    )
    with pytest.raises(ValidationError):
        services.submission_review(
            submission=submission(round_, world.mun_a),
            accept=False,
            remark=" ",
            actor=world.users["cfg"],
        )


# A submission's moves, stated here and not read from the table under test.
SUBMISSION_MOVES = {
    ("draft", "submitted"),
    ("draft", "not_submitted"),
    ("returned", "submitted"),
    ("returned", "not_submitted"),
    ("submitted", "accepted"),
    ("submitted", "returned"),
}


@pytest.mark.parametrize("from_status", SubmissionStatus.values)
@pytest.mark.parametrize("to_status", SubmissionStatus.values)
def test_each_submission_transition_follows_the_table(world, plan, from_status, to_status):
    round_ = open_round(world, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15))
    sub = submission(round_, world.mun_a)
    sub.status = from_status
    if (from_status, to_status) in SUBMISSION_MOVES:
        services._move_submission(sub, to_status, actor=world.users["cfg"])
        assert sub.status == to_status
    else:
        with pytest.raises(ValidationError):
            services._move_submission(sub, to_status, actor=world.users["cfg"])


def close(world, round_):
    return services.round_close(measurement_round=round_, actor=world.users["cfg"])


def test_closing_freezes_a_snapshot_that_never_changes(world, plan):
    round_ = open_round(world, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15))
    today = dt.date(2026, 5, 10)
    fill_all(world, plan, world.mun_a, today, status=Status.ACHIEVED)
    services.submission_submit(
        submission=submission(round_, world.mun_a), actor=world.users["contact"]
    )
    set_status(
        plan["items"]["1.1"], world.mun_b, Status.STARTED, world.users["other_contact"], today
    )
    close(world, round_)
    result_a = RoundResult.objects.get(round=round_, municipality=world.mun_a)
    assert (result_a.items_due, result_a.items_due_achieved, result_a.items_achieved) == (2, 2, 4)
    result_b = RoundResult.objects.get(round=round_, municipality=world.mun_b)
    assert result_b.submission_status == SubmissionStatus.NOT_SUBMITTED
    assert result_b.items_overdue == 2
    entries_b = SnapshotEntry.objects.filter(round=round_, municipality=world.mun_b)
    assert entries_b.count() == 4 and all(e.is_carried_over for e in entries_b)
    assert entries_b.get(item_number="1.1").status == Status.STARTED
    assert submission(round_, world.mun_b).status == SubmissionStatus.NOT_SUBMITTED
    # later changes do not reach the closed round
    later = dt.date(2026, 9, 1)
    set_status(
        plan["items"]["1.1"],
        world.mun_a,
        Status.IN_PROGRESS,
        world.users["contact"],
        later,
        explanation="Teruggevallen",
    )
    services.action_item_update(
        item=plan["items"]["1.2"], version=1, actor=world.users["admin"], text="Nieuwe tekst"
    )
    services.action_item_withdraw(
        item=plan["items"]["2.2"], reason="weg", actor=world.users["admin"]
    )
    result_a.refresh_from_db()
    assert result_a.items_achieved == 4
    entry = SnapshotEntry.objects.get(round=round_, municipality=world.mun_a, item_number="1.1")
    assert entry.status == Status.ACHIEVED
    assert (
        SnapshotEntry.objects.get(
            round=round_, municipality=world.mun_a, item_number="1.2"
        ).item_text
        != "Nieuwe tekst"
    )
    with pytest.raises(FrozenError):
        entry.save()
    with pytest.raises(FrozenError):
        SnapshotEntry.objects.filter(round=round_).update(status=Status.NOT_STARTED)
    with pytest.raises(FrozenError):
        RoundResult.objects.filter(round=round_).delete()
    with pytest.raises(ValidationError):
        close(world, round_)


def test_live_figures_per_municipality(world, plan):
    today = dt.date(2026, 5, 10)
    user = world.users["contact"]
    set_status(plan["items"]["1.1"], world.mun_a, Status.ACHIEVED, user, today)
    set_status(plan["items"]["2.2"], world.mun_a, Status.ACHIEVED, user, today)
    set_status(plan["items"]["1.2"], world.mun_a, Status.NOT_APPLICABLE, user, today)
    figures = figures_module.live_tallies(region=world.region, on=today)
    a = figures[world.mun_a.pk]
    assert (a.items_total, a.items_applicable, a.items_achieved) == (4, 3, 2)
    assert (a.items_due, a.items_due_achieved, a.items_overdue) == (2, 1, 1)
    assert a.percent_due_achieved == 50
    b = figures[world.mun_b.pk]
    assert (b.items_due, b.items_due_achieved, b.items_overdue) == (2, 0, 2)
    region_track = figures[None]
    assert (region_track.items_total, region_track.items_due) == (2, 2)


def test_figures_use_a_fixed_number_of_queries(world, plan, django_assert_max_num_queries):
    # set, municipalities, items, progress, the municipalities' own due quarters (issue 16)
    with django_assert_max_num_queries(5):
        figures_module.live_tallies(region=world.region, on=dt.date(2026, 5, 10))


def run_round(world, plan, name, opens, deadline, a_status):
    round_ = open_round(world, name, opens, deadline)
    fill_all(world, plan, world.mun_a, opens, status=a_status)
    services.submission_submit(
        submission=submission(round_, world.mun_a), actor=world.users["contact"]
    )
    close(world, round_)
    return round_


def test_systematic_lag_is_flagged_after_two_lagging_rounds(world, plan):
    # Aadorp is in progress on everything (0% of due achieved); Beedorp never submits.
    run_round(
        world, plan, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15), Status.IN_PROGRESS
    )
    assert figures_module.systematic_lag(region=world.region) == []
    run_round(
        world, plan, "Najaar 2026", dt.date(2026, 11, 1), dt.date(2026, 12, 15), Status.IN_PROGRESS
    )
    flags = figures_module.systematic_lag(region=world.region)
    assert [f.municipality.name for f in flags] == ["Aadorp", "Beedorp"]
    assert {e.item_number for e in flags[0].items_behind} == {"1.1", "1.2", "2.1"}
    assert flags[0].percents == [0, 0]


def test_no_lag_when_one_of_the_two_rounds_is_above_the_threshold(world, plan):
    run_round(
        world, plan, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15), Status.IN_PROGRESS
    )
    run_round(
        world, plan, "Najaar 2026", dt.date(2026, 11, 1), dt.date(2026, 12, 15), Status.ACHIEVED
    )
    assert [f.municipality.name for f in figures_module.systematic_lag(region=world.region)] == [
        "Beedorp"
    ]


def test_lag_threshold_is_configurable(world, plan):
    run_round(
        world, plan, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15), Status.IN_PROGRESS
    )
    run_round(
        world, plan, "Najaar 2026", dt.date(2026, 11, 1), dt.date(2026, 12, 15), Status.IN_PROGRESS
    )
    assert figures_module.systematic_lag(region=world.region, threshold=0) == []


def test_reminders_before_deadline_and_on_it_never_twice_a_day(world, plan):
    round_ = open_round(world, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15))
    fill_all(world, plan, world.mun_a, dt.date(2026, 5, 2))
    services.submission_submit(
        submission=submission(round_, world.mun_a), actor=world.users["contact"]
    )
    call_command("send_reminders", "--today", "2026-06-01")
    assert len(mail.outbox) == 0  # not a reminder day
    call_command("send_reminders", "--today", "2026-06-08")  # 7 days before
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["other_contact@test.paraat.nl"]  # Aadorp has submitted
    call_command("send_reminders", "--today", "2026-06-08")
    assert len(mail.outbox) == 1  # never twice on one day
    call_command("send_reminders", "--today", "2026-06-15")  # the deadline
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2
    call_command("send_reminders", "--today", "2026-06-12", "--days", "3")
    assert len(mail.outbox) == 3


def test_a_closed_round_page_shows_the_regions_own_frozen_figures(world, plan, client):
    import re

    from django.urls import reverse

    round_ = open_round(world, "Voorjaar 2026", dt.date(2026, 5, 1), dt.date(2026, 6, 15))
    close(world, round_)
    own = RoundResult.objects.get(round=round_, municipality=None)
    assert own.items_total == 2  # R.1 (region) and 2.1 (joint)
    client.force_login(world.users["board"])
    html = client.get(
        reverse("agreements:round_detail", args=[world.region.slug, round_.pk])
    ).content.decode()
    row = re.search(
        r"<tr>\s*<th scope=\"row\">[^<]*\(eigen en gezamenlijke actiepunten\)(.*?)</tr>", html, re.S
    )
    assert row, "the region's own row is missing"
    cells = re.findall(r'<td class="num">(.*?)</td>', row.group(1))
    assert cells[1] == f"{own.items_achieved} / {own.items_applicable}"
    assert cells[2] == str(own.items_overdue)
