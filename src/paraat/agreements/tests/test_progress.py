"""Status updates: append-only history, the transition table, optimistic locking, evidence."""

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from paraat.agreements import services
from paraat.agreements.models import Evidence, ItemProgress, Status, StatusUpdate
from paraat.agreements.services import status_transition_allowed
from paraat.audit.models import AuditEvent
from paraat.core.concurrency import StaleEdit

from .conftest import TODAY

pytestmark = pytest.mark.django_db

ALL_MOVES = [(a, b) for a in Status.values for b in Status.values if a != b]
# The moves a track's status may make (besides saving the same status again), stated here and
# not read from the table under test.
ALLOWED_MOVES = {
    ("not_started", "started"),
    ("not_started", "in_progress"),
    ("not_started", "achieved"),
    ("not_started", "not_applicable"),
    ("started", "not_started"),
    ("started", "in_progress"),
    ("started", "achieved"),
    ("started", "not_applicable"),
    ("in_progress", "started"),
    ("in_progress", "achieved"),
    ("in_progress", "not_applicable"),
    ("achieved", "in_progress"),
    ("not_applicable", "not_started"),
    ("not_applicable", "started"),
    ("not_applicable", "in_progress"),
}


def record(item, municipality, user, version=0, **values):
    return services.status_update_record(
        item=item,
        municipality=municipality,
        actor=user,
        expected_version=version,
        today=TODAY,
        **values,
    )


@pytest.mark.parametrize("from_status,to_status", ALL_MOVES)
def test_each_status_transition_follows_the_table(world, plan, from_status, to_status):
    item = plan["items"]["1.1"]
    user = world.users["contact"]
    version = 0
    if from_status != Status.NOT_STARTED:
        # reach from_status by an allowed path
        path = {
            Status.STARTED: [Status.STARTED],
            Status.IN_PROGRESS: [Status.IN_PROGRESS],
            Status.ACHIEVED: [Status.ACHIEVED],
            Status.NOT_APPLICABLE: [Status.NOT_APPLICABLE],
        }[from_status]
        for step in path:
            record(
                item,
                world.mun_a,
                user,
                version,
                status=step,
                not_applicable_reason="Geen",
                explanation="x",
            )
            version += 1
    values = {
        "status": to_status,
        "not_applicable_reason": "Niet relevant",
        "explanation": "Uitleg",
    }
    if (from_status, to_status) in ALLOWED_MOVES:
        record(item, world.mun_a, user, version, **values)
        assert ItemProgress.objects.get(item=item, municipality=world.mun_a).status == to_status
    else:
        with pytest.raises(ValidationError):
            record(item, world.mun_a, user, version, **values)
        assert ItemProgress.objects.get(item=item, municipality=world.mun_a).version == version


def test_transition_table_is_explicit():
    assert not status_transition_allowed(Status.ACHIEVED, Status.NOT_STARTED)
    assert status_transition_allowed(Status.ACHIEVED, Status.ACHIEVED)
    assert status_transition_allowed(Status.NOT_STARTED, Status.ACHIEVED)


def test_every_save_is_a_dated_attributed_update_and_history_is_kept(world, plan):
    item = plan["items"]["1.1"]
    user = world.users["contact"]
    record(item, world.mun_a, user, 0, status=Status.STARTED, explanation="Begonnen")
    record(item, world.mun_a, user, 1, status=Status.IN_PROGRESS, explanation="Loopt")
    updates = list(StatusUpdate.objects.filter(item=item).order_by("sequence"))
    assert [u.status for u in updates] == [Status.STARTED, Status.IN_PROGRESS]
    assert all(u.created_by == user and u.created_at for u in updates)
    progress = ItemProgress.objects.get(item=item, municipality=world.mun_a)
    assert progress.latest == updates[-1]
    assert AuditEvent.objects.filter(object_type="agreements.statusupdate").count() == 2


def test_status_updates_cannot_be_changed(world, plan):
    update = record(
        plan["items"]["1.1"], world.mun_a, world.users["contact"], 0, status=Status.STARTED
    )
    update.explanation = "anders"
    with pytest.raises(ValueError):
        update.save()


def test_not_applicable_needs_a_reason(world, plan):
    with pytest.raises(ValidationError) as error:
        record(
            plan["items"]["1.1"],
            world.mun_a,
            world.users["contact"],
            0,
            status=Status.NOT_APPLICABLE,
        )
    assert "not_applicable_reason" in error.value.message_dict


def test_second_writer_is_told_and_nothing_is_lost(world, plan):
    item = plan["items"]["1.1"]
    first = record(
        item, world.mun_a, world.users["contact"], 0, status=Status.STARTED, explanation="Eerste"
    )
    with pytest.raises(StaleEdit) as conflict:
        record(
            item,
            world.mun_a,
            world.users["admin"],
            0,
            status=Status.IN_PROGRESS,
            explanation="Tweede",
        )
    assert conflict.value.current == first
    assert StatusUpdate.objects.filter(item=item).count() == 1


def test_municipal_track_refuses_regional_items(world, plan):
    with pytest.raises(ValidationError):
        record(plan["items"]["R.1"], world.mun_a, world.users["contact"], 0, status=Status.STARTED)
    record(plan["items"]["R.1"], None, world.users["coordinator"], 0, status=Status.STARTED)


def test_withdrawn_item_keeps_its_progress_but_takes_no_more(world, plan):
    item = plan["items"]["1.1"]
    record(item, world.mun_a, world.users["contact"], 0, status=Status.STARTED)
    services.action_item_withdraw(item=item, reason="Vervallen", actor=world.users["admin"])
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        record(item, world.mun_a, world.users["contact"], 1, status=Status.IN_PROGRESS)
    assert StatusUpdate.objects.filter(item=item).count() == 1
    assert item.revisions.count() == 1 or item.revisions.filter(kind="withdrawn").exists()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_upload_is_checked_by_content(world, plan):
    item = plan["items"]["1.1"]
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError):
        record(
            item, world.mun_a, world.users["contact"], 0, status=Status.STARTED, evidence_file=fake
        )
    assert not StatusUpdate.objects.exists()
    good = SimpleUploadedFile("rapport.pdf", PDF, "application/octet-stream")
    record(item, world.mun_a, world.users["contact"], 0, status=Status.STARTED, evidence_file=good)
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "rapport.pdf"
    assert "rapport" not in evidence.file.name  # stored under an opaque name


def test_evidence_upload_is_size_limited(world, plan, settings):
    settings.PARAAT_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError):
        record(
            plan["items"]["1.1"],
            world.mun_a,
            world.users["contact"],
            0,
            status=Status.STARTED,
            evidence_file=big,
        )


def test_evidence_can_be_a_link(world, plan):
    record(
        plan["items"]["1.1"],
        world.mun_a,
        world.users["contact"],
        0,
        status=Status.STARTED,
        evidence_link="https://example.org/besluit",
    )
    assert Evidence.objects.get().link == "https://example.org/besluit"


def test_bottleneck_needs_who_must_act(world, plan):
    with pytest.raises(ValidationError):
        record(
            plan["items"]["1.1"],
            world.mun_a,
            world.users["contact"],
            0,
            status=Status.STARTED,
            bottleneck="Geen capaciteit",
        )
