"""Reminders to municipalities that have not submitted an open round (`paraat send_reminders`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.core.mail import mail_send

from ..models import (
    MeasurementRound,
    ReminderLog,
    RoundState,
    Submission,
    SubmissionStatus,
)
from .mails import municipality_contact_emails, workspace_link


@dataclass
class ReminderResult:
    sent: list[tuple[str, str, list[str]]] = field(default_factory=list)  # round, municipality
    skipped_today: int = 0
    no_address: list[str] = field(default_factory=list)


def reminders_send(
    *, today: dt.date | None = None, days_before: int | None = None
) -> ReminderResult:
    """E-mail the contacts of municipalities that have not submitted an open round.

    Sent `reminder_days_before` days before the deadline (or `days_before`, when given) and on
    the deadline itself; a `ReminderLog` row per round, municipality and day makes a second run
    on the same day send nothing.
    """
    from django.template.loader import render_to_string
    from django.utils import translation

    today = today or timezone.localdate()
    result = ReminderResult()
    rounds = MeasurementRound.objects.filter(state=RoundState.OPEN, opens_on__lte=today)
    for round_ in rounds.select_related("region"):
        if round_.region.regular_cycle_paused:  # scaled up: the regular cycle waits
            continue
        before = round_.reminder_days_before if days_before is None else days_before
        if today not in (round_.deadline, round_.deadline - dt.timedelta(days=before)):
            continue
        waiting = Submission.objects.filter(
            round=round_, status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED]
        ).select_related("municipality")
        for submission in waiting:
            municipality = submission.municipality
            recipients = municipality_contact_emails(municipality)
            if not recipients:
                result.no_address.append(municipality.name)
                continue
            with transaction.atomic():
                log, created = ReminderLog.objects.get_or_create(
                    round=round_,
                    municipality=municipality,
                    sent_on=today,
                    defaults={"recipients": recipients},
                )
                if not created:
                    result.skipped_today += 1
                    continue
                context = {
                    "round": round_,
                    "municipality": municipality,
                    "url": workspace_link(municipality),
                }
                with translation.override("nl"):
                    subject = render_to_string(
                        "agreements/email/reminder_subject.txt", context
                    ).strip()
                    body = render_to_string("agreements/email/reminder_body.txt", context)
                mail_send(subject=subject, body=body, recipients=recipients)
                audit_log(
                    actor="send_reminders",
                    action=Action.CREATE,
                    obj=log,
                    region=round_.region,
                    object_repr=f"{round_.name} — {municipality.name}",
                    detail={"reminder": True, "recipients": recipients},
                )
            result.sent.append((round_.name, municipality.name, recipients))
    return result
