"""Scheduled reports (issue 18): `paraat run_schedules` queues each due report once a month and
e-mails its link to those who may read it; a second run makes nothing twice. The schedules are
programme's data; making their reports is this app's."""

import datetime

import pytest

from django.core import mail
from django.core.management import call_command

from paraat.programme.models import ReportSchedule
from paraat.reports import services
from paraat.reports.models import ReportRun

pytestmark = pytest.mark.django_db


def test_due_schedule_is_made_once_and_mailed_to_readers(world, django_capture_on_commit_callbacks):
    ReportSchedule.objects.create(
        region=world.region, kind="progress", format="docx", audience="steering", day_of_month=3
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.schedules_run(today=datetime.date(2026, 6, 2)) == []  # not yet
        made = services.schedules_run(today=datetime.date(2026, 6, 3))
        again = services.schedules_run(today=datetime.date(2026, 6, 20))
    assert len(made) == 1 and again == []
    run = ReportRun.objects.get()
    assert run.kind == "progress" and run.format == "docx"
    assert run.parameters["audience"] == "steering"
    delivered = [m for m in mail.outbox if f"/runs/{run.pk}/" in m.body]
    assert len(delivered) == 1
    readers = set(delivered[0].to)
    for persona in ("coordinator", "cfg", "steering", "board"):
        assert world.users[persona].email in readers
    for persona in ("partner", "contact", "theme_lead", "outsider"):
        assert world.users[persona].email not in readers
    with django_capture_on_commit_callbacks(execute=True):
        assert len(services.schedules_run(today=datetime.date(2026, 7, 3))) == 1  # next month


def test_run_schedules_command_twice_makes_nothing_twice(world):
    ReportSchedule.objects.create(
        region=world.region, kind="progress", format="pdf", audience="board", day_of_month=1
    )
    call_command("run_schedules")
    call_command("run_schedules")
    assert ReportRun.objects.count() == 1
