"""The `paraat` command: Django's manage.py under the product's own name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paraat.settings")
    if sys.argv[1:2] == ["demo"]:
        # The demo is for one machine: safe local defaults unless the operator chose otherwise.
        os.environ.setdefault("PARAAT_ENV", "demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["paraat", *sys.argv[1:]])


if __name__ == "__main__":
    main()
