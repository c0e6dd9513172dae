"""Reports through the real job queue: ordered in the interface, made by `paraat db_worker`
(django-tasks-db), on SQLite and on PostgreSQL; failures say why in Dutch and can be tried again;
a job whose worker died is taken again or failed after the time-out; the status page shows the
progress and stops asking by itself."""

import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from django.urls import reverse
from django.utils import timezone

from paraat.core.tests.queue import run_worker
from paraat.reports import production, services
from paraat.reports.models import ReportRun, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)


def order(client, world, *, kind="progress", fmt="xlsx") -> ReportRun:
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("reports:request", args=[world.region.slug]),
        {"kind": kind, "format": fmt, "tlp": "AMBER"},
    )
    assert response.status_code == 302
    return ReportRun.objects.latest("pk")


def status_page(client, world, run, **query) -> str:
    url = reverse("reports:run_detail", args=[world.region.slug, run.pk])
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_report_ordered_in_the_interface_is_made_by_the_worker(world, client, db_queue):
    run = order(client, world, fmt="pdf")
    job = DBTaskResult.objects.get()
    assert job.status == "READY" and job.args_kwargs["kwargs"] == {"run_id": run.pk}
    assert run.status == RunStatus.QUEUED
    assert "in de wachtrij" in status_page(client, world, run)

    run_worker()

    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    report_file = run.files.get()
    with report_file.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL" and len(job.worker_ids) == 1
    html = status_page(client, world, run)
    assert "klaar" in html and report_file.filename in html and "hx-trigger" not in html


def test_a_failing_report_shows_the_dutch_reason_and_try_again_makes_it(
    world, client, db_queue, monkeypatch
):
    real_produce = production.produce

    def broken(run, **kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(production, "produce", broken)
    run = order(client, world)
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    html = status_page(client, world, run)
    assert "De rapportage kon niet worden gemaakt" in html
    assert "Er ging iets onverwachts mis bij het maken (RuntimeError)" in html
    assert "Probeer opnieuw" in html and "hx-trigger" not in html
    retry_url = reverse("reports:run_retry", args=[world.region.slug, run.pk])
    assert f'action="{retry_url}"' in html

    # A board member may read the report but not have it made again.
    client.force_login(world.users["board"])
    assert "Probeer opnieuw" not in status_page(client, world, run)
    assert client.post(retry_url).status_code == 403
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED

    monkeypatch.setattr(production, "produce", real_produce)
    client.force_login(world.users["coordinator"])
    response = client.post(retry_url)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED and run.error == ""
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.files.count() == 1
    assert ReportRun.objects.count() == 1, "the same run, not a new one"
    assert "klaar" in status_page(client, world, run)
    # Trying a finished run again is refused with a message, and changes nothing.
    client.post(retry_url, follow=True)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def _die_while_running(job: DBTaskResult, run: ReportRun, *, minutes_ago: int) -> None:
    """What a worker leaves behind when it is killed in the middle of a job."""
    started = timezone.now() - dt.timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=job.pk).update(
        status="RUNNING", started_at=started, worker_ids=["killed-worker"]
    )
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=started)


def test_a_job_whose_worker_died_is_taken_again_after_the_time_out(
    world, client, db_queue, settings
):
    settings.PARAAT_JOB_TIMEOUT_MINUTES = 30
    run = order(client, world)
    job = DBTaskResult.objects.get()
    _die_while_running(job, run, minutes_ago=5)
    run_worker()  # within the time-out: the job may still be running somewhere; left alone
    run.refresh_from_db()
    job.refresh_from_db()
    assert run.status == RunStatus.RUNNING and job.status == "RUNNING"

    _die_while_running(job, run, minutes_ago=31)
    run_worker()
    run.refresh_from_db()
    job.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.files.count() == 1
    assert job.status == "SUCCESSFUL" and job.worker_ids[0] == "killed-worker"
    assert len(job.worker_ids) == 2


def test_a_job_whose_worker_died_too_often_is_failed_with_a_reason_and_can_be_retried(
    world, client, db_queue, settings
):
    settings.PARAAT_JOB_TIMEOUT_MINUTES = 30
    settings.PARAAT_JOB_ATTEMPTS = 1
    run = order(client, world)
    job = DBTaskResult.objects.get()
    _die_while_running(job, run, minutes_ago=45)
    run_worker()
    run.refresh_from_db()
    job.refresh_from_db()
    assert job.status == "FAILED" and job.exception_class_path.endswith("WorkerLost")
    assert run.status == RunStatus.FAILED
    html = status_page(client, world, run)
    assert "Het maken is onderbroken" in html and "Probeer opnieuw" in html
    client.post(reverse("reports:run_retry", args=[world.region.slug, run.pk]))
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def test_the_status_page_shows_which_part_is_being_made(world, client, db_queue):
    run = order(client, world)
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, progress_done=3, progress_total=9
    )
    html = status_page(client, world, run)
    assert "onderdeel 3 van 9" in html
    assert '<progress max="9" value="3"' in html


def test_the_status_page_stops_asking_by_itself(world, client, db_queue):
    run = order(client, world)  # no worker runs: it stays queued
    first = status_page(client, world, run)
    assert 'hx-trigger="every 2s"' in first and "?poll=1" in first
    after_a_minute = status_page(client, world, run, poll=30)
    assert 'hx-trigger="every 10s"' in after_a_minute
    assert "achtergrondverwerking misschien niet draait" in after_a_minute
    last = status_page(client, world, run, poll=90)
    assert "hx-trigger" not in last and "hx-get" not in last
    assert "ververst zich niet meer vanzelf" in last


def test_progress_is_told_part_by_part_while_a_report_is_made(world):
    seen = []
    run = services.report_generate(
        region=world.region,
        kind="progress",
        fmt="xlsx",
        parameters={},
        actor=world.users["admin"],
        progress=lambda done, total: seen.append((done, total)),
    )
    assert run.status == RunStatus.DONE
    # one part per section of the progress report, then the file itself, counted to the end
    total = seen[-1][1]
    assert total >= 10  # at least nine sections (issues 8, 16 and 18) and the file
    assert seen == [(n, total) for n in range(1, total + 1)]
    run.refresh_from_db()
    assert (run.progress_done, run.progress_total) == (total, total)
