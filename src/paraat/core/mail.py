"""One way to send Paraat's e-mail, so every message goes the same road (and, once there is a job
queue, through it: a failing mail server then delays a message instead of losing it)."""

from django.core.mail import send_mail


def mail_send(*, subject: str, body: str, recipients: list[str]) -> None:
    """Send a plain-text e-mail from DEFAULT_FROM_EMAIL to `recipients` (no-op when empty)."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    send_mail(subject, body, None, recipients)
