"""Several people at once on the embedded default: run as a separate process by
test_sqlite_concurrency.py against a fresh SQLite file (pytest's own test database is in memory,
where SQLite locks differently). Prints one JSON line: operations done and errors seen."""

import json
import os
import sys
import threading
import traceback


def main(threads: int, rounds: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import close_old_connections
    from django.test import Client

    call_command("migrate", verbosity=0)

    from paraat.agreements.factories import ActionItemFactory, AgreementSetFactory
    from paraat.agreements.models import ItemProgress, Status
    from paraat.agreements.services import status_update_record
    from paraat.reports.models import ReportFormat, ReportKind
    from paraat.reports.services import report_process, report_request
    from paraat.testing import build_world

    world = build_world()
    region, municipality = world.region, world.mun_a
    contact, admin = world.users["contact"], world.users["admin"]
    password = "stress-test-wachtwoord-1"
    contact.set_password(password)
    contact.save()
    agreement_set = AgreementSetFactory(region=region)
    items = [
        ActionItemFactory(agreement_set__region=region, category__agreement_set=agreement_set)
        for _ in range(threads)
    ]

    done: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    def record(kind: str, exc: BaseException | None) -> None:
        with lock:
            if exc is None:
                done.append(kind)
            else:
                errors.append(f"{kind}: {type(exc).__name__}: {exc}")

    def worker(n: int) -> None:
        item = items[n]
        statuses = [Status.STARTED, Status.IN_PROGRESS, Status.ACHIEVED, Status.IN_PROGRESS]
        try:
            for r in range(rounds):
                try:
                    version = (
                        ItemProgress.objects.filter(item=item, municipality=municipality)
                        .values_list("version", flat=True)
                        .first()
                        or 0
                    )
                    status_update_record(
                        item=item,
                        municipality=municipality,
                        actor=contact,
                        expected_version=version,
                        status=statuses[r % len(statuses)],
                        explanation=f"ronde {r} van werker {n}",
                    )
                    record("status", None)
                except Exception as exc:
                    record("status", exc)
                try:
                    client = Client()
                    response = client.post(
                        "/account/login/", {"username": contact.email, "password": password}
                    )
                    if response.status_code >= 500:
                        raise RuntimeError(f"sign-in answered {response.status_code}")
                    record("sign-in", None)
                except Exception as exc:
                    record("sign-in", exc)
                if r % 3 == 0:
                    try:
                        run = report_request(
                            region=region,
                            kind=ReportKind.PROGRESS,
                            fmt=ReportFormat.XLSX,
                            parameters={},
                            actor=admin,
                        )
                        run = report_process(run_id=run.pk)
                        if run.status != "done":
                            raise RuntimeError(f"report {run.status}: {run.error}")
                        record("report", None)
                    except Exception as exc:
                        record("report", exc)
        except Exception:
            record("worker", RuntimeError(traceback.format_exc()))
        finally:
            close_old_connections()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    print(json.dumps({"done": len(done), "errors": errors}))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paraat.settings")
    main(int(sys.argv[1]), int(sys.argv[2]))
