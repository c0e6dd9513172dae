"""Schema-based testing of the API, run as a separate process by test_schemathesis.py: a fresh
SQLite copy of the demo data, a read token and a write token, a bounded number of generated
requests per operation. Prints one JSON line with the failures found."""

import json
import os
import sys


def _checker(strategy, secret, label, max_examples, calls, failures):
    from hypothesis import HealthCheck, Phase, given, settings

    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        try:
            # identity: schemathesis' WSGI transport does not undo gzip (compression has its
            # own tests in core/tests/test_compression_sessions.py)
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {secret}", "Accept-Encoding": "identity"}
            )
        except (Exception, BaseExceptionGroup) as exc:  # recorded, then raised for hypothesis
            text = str(exc)
            if label.startswith("POST") and text.count("- ST") == 1 and "ST202" in text:
                # A write refused by its rules (missing or stale version, a move the workflow
                # does not allow) is the endpoint working, not a schema defect.
                return
            failures.append(f"{label}: {type(exc).__name__}: {text[:600]}")
            raise
        calls["n"] += 1
        code = str(response.status_code)
        calls["statuses"][code] = calls["statuses"].get(code, 0) + 1

    return check


def label_of(failure: str) -> str:
    return failure.split(": ", 1)[0]


def main(max_examples: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("demo", "--no-serve", verbosity=0)

    import schemathesis

    from paraat.accounts.models import User
    from paraat.api.services import api_token_create
    from paraat.wsgi import application

    reader = User.objects.get(email="bestuur@demo.paraat.nl")
    writer = User.objects.get(email="apeldoorn@demo.paraat.nl")
    _t, read_secret = api_token_create(user=reader, name="schemathesis", actor=None)
    _t, write_secret = api_token_create(
        user=writer, name="schemathesis", can_write=True, actor=None
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures: list[str] = []
    operations = 0
    calls = {"n": 0, "statuses": {}}
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        secret = write_secret if operation.method.upper() == "POST" else read_secret
        strategy = operation.as_strategy()

        check = _checker(strategy, secret, operation.label, max_examples, calls, failures)
        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:
            if not failures or label_of(failures[-1]) != operation.label:
                failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:600]}")
    print(json.dumps({"operations": operations, "calls": calls, "failures": failures}))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paraat.settings")
    main(int(sys.argv[1]))
