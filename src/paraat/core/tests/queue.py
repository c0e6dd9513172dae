"""Test helpers for the job queue (fixture `db_queue` in conftest.py): run the real worker."""

import signal

from django.core.management import call_command

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """`paraat db_worker --batch`, in this process: does every job that is due, then returns.
    (The worker installs its own signal handlers; they are put back afterwards.)"""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {s: signal.getsignal(s) for s in signals}
    try:
        call_command(
            "db_worker",
            batch=True,
            startup_delay=False,
            reload=False,
            interval=0,
            verbosity=0,
        )
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)
