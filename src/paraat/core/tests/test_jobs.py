"""The job queue's own promises: e-mail survives a failing mail server, several workers take each
job once, the command line's progress bar, `paraat demo` stops its web server and worker
together."""

import datetime as dt
import io
import os
import subprocess
import sys
from smtplib import SMTPServerDisconnected
from urllib.parse import quote

import pytest
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction

from paraat.core.jobs import ProgressBar
from paraat.core.mail import mail_send
from paraat.core.tests.queue import run_worker


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


FAILING = "paraat.core.tests.test_jobs.FailingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def make_due(**filters) -> None:
    """Pretend the waiting time of the retry has passed."""
    DBTaskResult.objects.filter(status="READY", **filters).update(
        run_after=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )


@pytest.mark.django_db(transaction=True)
def test_mail_survives_a_failing_mail_server_and_is_sent_on_a_later_try(db_queue, settings):
    settings.EMAIL_BACKEND = FAILING
    mail_send(subject="Herinnering meetmoment", body="Vul het in.", recipients=["a@example.nl"])
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert mail.outbox == []

    run_worker()  # the server is down: a second attempt is queued for later
    first, second = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == "SUCCESSFUL" and "attempt 1 failed" in first.return_value
    assert second.status == "READY" and second.args_kwargs["kwargs"]["attempt"] == 2
    assert second.run_after > first.finished_at + dt.timedelta(seconds=50)
    run_worker()  # not due yet: nothing happens
    assert DBTaskResult.objects.get(pk=second.pk).status == "READY"

    make_due()
    run_worker()  # still down: a third attempt
    assert DBTaskResult.objects.filter(status="READY").get().args_kwargs["kwargs"]["attempt"] == 3

    settings.EMAIL_BACKEND = LOCMEM  # the server is back
    make_due()
    run_worker()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Herinnering meetmoment" and sent.to == ["a@example.nl"]
    assert not DBTaskResult.objects.filter(status="READY").exists()
    run_worker()
    assert len(mail.outbox) == 1, "sent once"


@pytest.mark.django_db(transaction=True)
def test_mail_of_a_change_that_was_rolled_back_is_never_sent(db_queue, settings):
    settings.EMAIL_BACKEND = LOCMEM
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_send(subject="Teruggedraaid", body="x", recipients=["a@example.nl"])
        raise RuntimeError("the change failed")
    run_worker()
    assert mail.outbox == [] and not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_mail_send_without_recipients_queues_nothing(db_queue):
    mail_send(subject="Niemand", body="x", recipients=["", None])
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_several_worker_processes_take_each_job_once(db_queue, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database they share: PostgreSQL (DATABASE_URL)")
    settings.EMAIL_BACKEND = LOCMEM
    subjects = [f"Bericht {n}" for n in range(24)]
    for subject in subjects:
        mail_send(subject=subject, body="x", recipients=["a@example.nl"])
    env = {
        **os.environ,
        "PARAAT_ENV": "development",
        "DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
            **{
                k: quote(str(connection.settings_dict[k] or ""), safe="")
                for k in ("USER", "PASSWORD", "HOST", "PORT", "NAME")
            }
        ),
        "EMAIL_HOST": "",
        "PARAAT_DATA_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "paraat", "db_worker", "--batch", "--interval", "0"]
    workers = [
        subprocess.Popen(
            [*command, "--worker-id", f"w{n}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n in range(3)
    ]
    outputs = [w.communicate(timeout=120)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0], outputs
    jobs = list(DBTaskResult.objects.all())
    assert len(jobs) == 24 and {j.status for j in jobs} == {"SUCCESSFUL"}
    assert all(len(j.worker_ids) == 1 for j in jobs)
    printed = "".join(outputs)  # the console mail backend prints every message it sends
    for subject in subjects:
        assert printed.count(f"Subject: {subject}\n") == 1, subject


def test_progress_bar_on_a_terminal_redraws_one_line():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    with ProgressBar(total=4, label="onderdeel", stream=out) as bar:
        bar.advance()
        bar.update(3, "risico's")
    text = out.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")
    assert "\r[#######-----------------------] 1/4 onderdeel" in text
    assert "\r[######################--------] 3/4 onderdeel: risico's" in text


def test_progress_bar_elsewhere_writes_a_line_per_step_and_serves_as_callback():
    out = io.StringIO()
    bar = ProgressBar(stream=out)
    bar(1, 2)
    bar(2, 2)
    bar.finish()
    assert out.getvalue() == (
        "[###############---------------] 1/2\n[##############################] 2/2\n"
    )


def test_report_command_shows_a_progress_bar(world, tmp_path):
    from django.core.management import call_command

    err = io.StringIO()
    call_command(
        "report",
        region=world.region.code,
        kind="progress",
        format="xlsx",
        out=tmp_path / "r.xlsx",
        stdout=io.StringIO(),
        stderr=err,
    )
    # one step per section of the progress report, then the file: counted up to the end
    steps = [line.split("] ")[1].split(" ")[0] for line in err.getvalue().splitlines()]
    total = int(steps[-1].split("/")[1])
    assert total >= 10  # the report has at least nine sections (issue 8 and 18) and the file
    assert steps == [f"{n}/{total}" for n in range(1, total + 1)]
    assert err.getvalue().rstrip().endswith(f"{total}/{total} onderdeel")
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
