"""Upload, preview, import: the one flow every spreadsheet import follows.

The rules (action list, progress list, bulk invitations, support points): a preview first, then
the same file; all rows or nothing; every problem listed with sheet, row, column and value; an
unexpected failure refuses the file like any problem; every refusal is in the audit trail.

- `import_guard(...)` wraps an import: the problems it gathers (or an unexpected exception)
  refuse the whole file — audited, then raised as `ImportRefused` — and `attempt.writing(
  dry_run=)` runs the writes in one transaction, rolled back for a preview or when they raise
  `Rollback(problems)`.
- `import_page(...)` is the view of an import page: upload and preview (a trial run), then
  confirm to import the very file that was previewed; `templates/includes/import_page.html` is
  its page.
- `PreviewStore(session_key)` keeps the previewed file between the preview and the
  confirmation, in private storage under a random name, so that "import" saves exactly the file
  that was previewed. It is removed when the import is confirmed, when the same person previews
  another file, and otherwise by `paraat prune_import_previews` (daily cron) once older than a
  day, so files nobody imported do not linger.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paraat.audit.models import Action, Result
from paraat.audit.services import audit_log
from paraat.core.tabular import Problem

logger = logging.getLogger(__name__)

FOLDER = "imports"
KEEP = dt.timedelta(days=1)


class ImportRefused(Exception):
    """The file was refused whole; `problems` lists every one (sheet, row, column, value)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class Rollback(Exception):
    """Raised inside `attempt.writing()`: undo what was written and refuse with `problems`."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class _DryRun(Exception):
    pass


def refusal_audit(
    *, actor, region, what: str, problems: list, detail: dict | None = None, obj=None
) -> None:
    """The audit row of a refused import (nothing was changed)."""
    audit_log(
        actor=actor,
        action=Action.IMPORT,
        obj=obj,
        region=region,
        result=Result.FAILED,
        object_repr=what[:200],
        detail={**(detail or {}), "problems": len(problems)},
    )


def import_refuse(
    *, actor, region, filename: str, problems: list, detail: dict | None = None
) -> NoReturn:
    refusal_audit(actor=actor, region=region, what=filename, problems=problems, detail=detail)
    raise ImportRefused(problems)


@dataclass
class ImportAttempt:
    problems: list[Problem] = field(default_factory=list)

    @contextmanager
    def writing(self, *, dry_run: bool = False) -> Iterator[None]:
        """One transaction for the writes: rolled back for a preview (dry run), or when the body
        raises `Rollback` (its problems then refuse the file)."""
        try:
            with transaction.atomic():
                yield
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except Rollback as rollback:
            self.problems.extend(rollback.problems)


@contextmanager
def import_guard(
    *, actor, region, filename: str, detail: dict | None = None
) -> Iterator[ImportAttempt]:
    """Refuse the whole file when the body gathered problems or failed unexpectedly: audited,
    then `ImportRefused` with every problem. Nothing the body wrote in `writing()` is kept."""
    attempt = ImportAttempt()
    try:
        yield attempt
    except ImportRefused:
        raise
    except Exception:
        logger.exception("Import of %s for %s failed", filename, region)
        crash = Problem(
            filename,
            None,
            "",
            "",
            _(
                "The file could not be imported because of an unexpected error; nothing "
                "has been changed. Check the file, or send it to the administrator."
            ),
        )
        import_refuse(
            actor=actor,
            region=region,
            filename=filename,
            problems=[crash],
            detail={**(detail or {}), "crashed": True},
        )
    if attempt.problems:
        import_refuse(
            actor=actor, region=region, filename=filename, problems=attempt.problems, detail=detail
        )


def command_refused(stderr, refused: ImportRefused) -> CommandError:
    """For a management command: every problem on stderr, and the error to raise."""
    for problem in refused.problems:
        stderr.write(str(problem))
    return CommandError(
        ngettext(
            "Import refused: %(count)s problem found; nothing has been changed.",
            "Import refused: %(count)s problems found; nothing has been changed.",
            len(refused.problems),
        )
        % {"count": len(refused.problems)}
    )


# --- the previewed file, between the preview and the confirmation ------------------------------


def preview_keep(*, region, data: bytes) -> tuple[str, str]:
    """Store the previewed file; returns (token, storage path)."""
    token = uuid.uuid4().hex
    return token, default_storage.save(f"{FOLDER}/{region.pk}/{token}", ContentFile(data))


def preview_read(path: str) -> bytes:
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def preview_discard(path: str | None) -> None:
    if path and path.startswith(f"{FOLDER}/") and default_storage.exists(path):
        default_storage.delete(path)


def previews_prune(*, older_than: dt.timedelta = KEEP, now: dt.datetime | None = None) -> int:
    """Delete previews older than `older_than`; returns how many were deleted."""
    cutoff = (now or timezone.now()) - older_than
    deleted = 0
    if not default_storage.exists(FOLDER):
        return 0
    regions, _files = default_storage.listdir(FOLDER)
    for region in regions:
        _dirs, names = default_storage.listdir(f"{FOLDER}/{region}")
        for name in names:
            path = f"{FOLDER}/{region}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                deleted += 1
    return deleted


@dataclass
class Pending:
    """A previewed file waiting for its confirmation."""

    name: str
    data: bytes
    extra: dict[str, Any]


class PreviewStore:
    """One pending file per person and import page, in the session (token, file, name, region
    and whatever else the page needs back, e.g. the round's name)."""

    def __init__(self, session_key: str):
        self.session_key = session_key

    def keep(self, request, *, region, data: bytes, name: str, **extra: Any) -> str:
        """Keep the previewed file (replacing this person's earlier one); returns its token."""
        self.discard(request)
        token, path = preview_keep(region=region, data=data)
        request.session[self.session_key] = {
            "token": token,
            "path": path,
            "name": name,
            "region": region.pk,
            **extra,
        }
        return token

    def take(self, request, *, region) -> Pending | None:
        """The file previewed with the posted token, or None when it has expired (another
        token, another region, pruned, or storage unavailable)."""
        pending = request.session.get(self.session_key) or {}
        token = request.POST.get("token", "")
        if not token or pending.get("token") != token or pending.get("region") != region.pk:
            return None
        try:
            data = preview_read(pending["path"])
        except OSError:
            return None
        extra = {k: v for k, v in pending.items() if k not in ("token", "path", "name", "region")}
        return Pending(pending["name"], data, extra)

    def discard(self, request) -> None:
        """The import is done (or replaced): the kept file and the session entry go."""
        pending = request.session.pop(self.session_key, None) or {}
        preview_discard(pending.get("path"))

    @staticmethod
    def expired_message() -> str:
        return _("The preview has expired; upload the file again.")


def import_page(
    request,
    *,
    region,
    store: PreviewStore,
    form_class,
    run: Callable[..., Any],
    done: Callable[[Any], HttpResponse],
    template: str,
    context: dict,
    kept: Callable[[Any], dict] = lambda form: {},
) -> HttpResponse:
    """Step 1: upload and preview (`run(data=, filename=, dry_run=True, **kept(form))`); step 2:
    confirm to import the same file (`run(..., dry_run=False, **the same)`), then `done(report)`
    says what happened and where to go. A refusal shows every problem on the page. `kept` is
    what the confirmation needs back besides the file (plain values: they wait in the session).
    """
    form = form_class()
    if request.method == "POST" and request.POST.get("confirm"):
        pending = store.take(request, region=region)
        if pending is None:
            messages.error(request, store.expired_message())
            return redirect(request.path)
        try:
            report = run(data=pending.data, filename=pending.name, dry_run=False, **pending.extra)
        except ImportRefused as refused:
            context["problems"] = refused.problems
        else:
            store.discard(request)
            return done(report)
    elif request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            extra = kept(form)
            context["filename"] = upload.name
            try:
                report = run(data=data, filename=upload.name, dry_run=True, **extra)
            except ImportRefused as refused:
                context["problems"] = refused.problems
            else:
                context["report"] = report
                if report.changed_anything:
                    context["token"] = store.keep(
                        request, region=region, data=data, name=upload.name, **extra
                    )
    context["form"] = form
    return render(request, template, context)
