"""Scheduled reports (issue 18): the programme team sets them on programme's page; the reports
app makes them (`paraat.reports.tests.test_schedules`)."""

import pytest

from django.urls import reverse

from paraat.programme.models import ReportSchedule

from .conftest import login

pytestmark = pytest.mark.django_db


def test_coordinator_schedules_the_monthly_progress_report(client, world):
    login(client, world, "coordinator")
    url = reverse("programme:schedules", args=[world.region.slug])
    data = {"kind": "progress", "format": "pdf", "audience": "steering", "day_of_month": 3}
    assert client.post(url, data).status_code == 302
    schedule = ReportSchedule.objects.get()
    assert schedule.day_of_month == 3 and schedule.created_by == world.users["coordinator"]
    assert client.post(url, {**data, "day_of_month": 31}).status_code == 200  # at most 28
    assert ReportSchedule.objects.count() == 1
