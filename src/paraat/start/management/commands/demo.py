"""`paraat demo`: migrate, load the demo region (idempotent), print the accounts, then serve
with gunicorn and run the job worker (`paraat db_worker`) beside it: one command, and Ctrl-C (or
SIGTERM) stops both; when one of the two stops, the other is stopped too."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import BaseCommand, call_command

from paraat.core.extensions import app_modules

SKIP = {"paraat.regions.demo", "paraat.accounts.demo"}


class Command(BaseCommand):
    help = "Load the demo region VNOG with demo accounts, then serve Paraat with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load the data, do not serve.")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the job worker beside it."
        )

    def handle(self, *args, no_serve, port, host, workers, no_worker, **options):
        from paraat.accounts.demo import load_users
        from paraat.audit.services import data_changed
        from paraat.regions.demo import load_region

        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready: " + str(settings.DATABASES["default"]["NAME"]))
        region = load_region()
        accounts = load_users(region)
        for module in app_modules("demo"):
            if module.__name__ not in SKIP and hasattr(module, "load_demo"):
                module.load_demo(region, stdout=self.stdout)
        data_changed(region=region)  # demo loaders write partly without audit rows
        self.stdout.write(self.style.SUCCESS(f"Demo region loaded: {region.name} ({region.code})"))
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password: {settings.PARAAT_DEMO_PASSWORD}):")
        for email, role in accounts:
            self.stdout.write(f"  {email:<32} {role}")
        self.stdout.write("")
        if no_serve:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Paraat is served at http://{host}:{port}/"))
        if not no_worker:
            self.stdout.write("The job worker makes reports and sends e-mail beside it.")
        self.stdout.write("Ctrl-C stops Paraat.")
        sys.stdout.flush()
        web = [
            sys.executable,
            "-m",
            "gunicorn",
            "paraat.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--timeout",
            "120",
        ]
        worker = [sys.executable, "-m", "paraat", "db_worker", "--no-reload", "--interval", "1"]
        serve_together([web] if no_worker else [web, worker])


def serve_together(commands: list[list[str]], *, grace: float = 30.0) -> int:
    """Run the commands side by side until one ends or this process is told to stop (Ctrl-C,
    SIGTERM); then stop the others with one SIGTERM each (the worker finishes its job) and wait.
    The children have their own session, so Ctrl-C reaches them once, from here."""
    procs = [subprocess.Popen(command, start_new_session=True) for command in commands]
    stopping = False

    def stop(signum=None, frame=None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.2)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + grace
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return max((p.returncode or 0) for p in procs)
