"""The e-mail digest: new knowledge items and answers each person may see, since last time."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from paraat.accounts.selectors import user_regions
from paraat.core.mail import mail_send

from .models import DigestFrequency, DigestSubscription, QuestionStatus
from .selectors import items_visible_to, questions_visible_to

PERIOD = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}


def digest_for(user, *, since) -> list[dict]:
    sections = []
    for region in user_regions(user):
        items = list(
            items_visible_to(user, region).filter(created_at__gt=since).order_by("-created_at")
        )
        answers = list(
            questions_visible_to(user, region)
            .filter(answered_at__gt=since)
            .exclude(status=QuestionStatus.NEW)
            .order_by("-answered_at")
        )
        if items or answers:
            sections.append({"region": region, "items": items, "answers": answers})
    return sections


def send_digests(*, frequency: str, now=None, stdout=None) -> int:
    """Send the digest to everyone with this frequency (people without a choice: weekly)."""
    now = now or timezone.now()
    users = get_user_model().objects.filter(is_active=True, memberships__is_active=True).distinct()
    chosen = dict(DigestSubscription.objects.values_list("user_id", "frequency"))
    sent = 0
    for user in users:
        if chosen.get(user.pk, DigestFrequency.WEEKLY) != frequency:
            continue
        with transaction.atomic():
            sub, _created = DigestSubscription.objects.select_for_update().get_or_create(
                user=user, defaults={"frequency": frequency}
            )
            since = sub.last_sent_at or now - PERIOD[frequency]
            sections = digest_for(user, since=since)
            sub.last_sent_at = now
            sub.save(update_fields=["last_sent_at"])
            if not sections:
                continue
            total = sum(len(s["items"]) + len(s["answers"]) for s in sections)
            context = {
                "user": user,
                "sections": sections,
                "total": total,
                "base_url": settings.SITE_URL.rstrip("/"),
            }
            with override(settings.LANGUAGE_CODE):
                subject = render_to_string("knowledge/email/digest_subject.txt", context).strip()
                body = render_to_string("knowledge/email/digest.txt", context)
            mail_send(subject=subject, body=body, recipients=[user.email])
            sent += 1
        if stdout:
            stdout.write(f"{user.email}: {total}")
    return sent
