"""`paraat demo`: migrate, load the demo region (idempotent), print the accounts, serve."""

import os
import sys

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

    def handle(self, *args, no_serve, port, host, workers, **options):
        from paraat.accounts.demo import load_users
        from paraat.regions.demo import load_region

        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready: " + str(settings.DATABASES["default"]["NAME"]))
        region = load_region()
        accounts = load_users(region)
        for module in app_modules("demo"):
            if module.__name__ not in SKIP and hasattr(module, "load_demo"):
                module.load_demo(region, stdout=self.stdout)
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
        sys.stdout.flush()
        argv = [
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
        os.execv(sys.executable, argv)  # noqa: S606 — replaces this process; gunicorn serves from here
