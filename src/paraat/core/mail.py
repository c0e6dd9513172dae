"""One way to send Paraat's e-mail, through the job queue: `mail_send` only enqueues a job
(in the caller's transaction, so a rolled-back change sends nothing) and a worker sends it. When
the mail server fails, the job tries again later (after 1, 2, 4 … minutes, at most an hour
apart) for about two days: a failing mail server delays a message, it does not lose it."""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from django.core.mail import send_mail
from django.utils import timezone

log = logging.getLogger(__name__)

MAIL_ATTEMPTS = 50  # 1 + 2 + 4 … + 60 + 60 … minutes: about two days


def mail_retry_delay(attempt: int) -> dt.timedelta:
    """How long to wait after failed attempt number `attempt` (1, 2, …)."""
    return dt.timedelta(minutes=min(2 ** (attempt - 1), 60))


def mail_send(*, subject: str, body: str, recipients: list[str]) -> None:
    """Send a plain-text e-mail from DEFAULT_FROM_EMAIL to `recipients` (no-op when empty)."""
    # `.invalid` (RFC 2606) never delivers: it is the address of an API token's service account.
    recipients = [str(r) for r in recipients if r and not str(r).lower().endswith(".invalid")]
    if not recipients:
        return
    mail_deliver.enqueue(subject=str(subject), body=str(body), recipients=recipients, attempt=1)


@task()
def mail_deliver(*, subject: str, body: str, recipients: list[str], attempt: int = 1) -> str:
    """The job: send the message; on failure queue the next attempt (or give up, loudly)."""
    try:
        send_mail(subject, body, None, recipients, fail_silently=False)
    except Exception as exc:
        backend = mail_deliver.get_backend()
        if attempt >= MAIL_ATTEMPTS or not backend.supports_defer:
            log.error("e-mail %r to %s not sent after %s attempts", subject, recipients, attempt)
            raise
        delay = mail_retry_delay(attempt)
        mail_deliver.using(run_after=timezone.now() + delay).enqueue(
            subject=subject, body=body, recipients=recipients, attempt=attempt + 1
        )
        log.warning("e-mail %r not sent (%r); trying again in %s", subject, exc, delay)
        return f"attempt {attempt} failed ({exc!r}); next attempt in {delay}"
    return f"sent to {len(recipients)} recipient(s) on attempt {attempt}"
