"""The e-mails of the round cycle and who receives them (sent after commit)."""

from __future__ import annotations

from paraat.accounts.models import Membership
from paraat.accounts.roles import Role
from paraat.core.mail import mail_send
from paraat.regions.models import Contact, Municipality

from ..models import (
    MeasurementRound,
    Submission,
)


def site_link(name: str, **kwargs) -> str:
    """An absolute link for an e-mail: SITE_URL plus the page's path."""
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _mail_render(template: str, context: dict, recipients: list[str]) -> None:
    """Render `agreements/email/<template>_subject.txt` and `_body.txt` in Dutch and send."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("nl"):
        subject = render_to_string(f"agreements/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"agreements/email/{template}_body.txt", context)
    mail_send(subject=subject, body=body, recipients=recipients)


def workspace_link(municipality) -> str:
    return site_link(
        "agreements:workspace",
        region_code=municipality.region.slug,
        municipality_code=municipality.code,
    )


def cfg_emails(region) -> list[str]:
    """The region's CFGs' addresses: they hear when a municipality submits."""
    return sorted(
        set(
            Membership.objects.filter(
                region=region, role=Role.CFG, is_active=True, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _mail_round_opened(round_: MeasurementRound) -> None:
    """Every municipality's contacts hear that the round is open and when it closes."""
    municipalities = list(
        Municipality.objects.current().filter(region=round_.region_id).select_related("region")
    )
    addresses = _contact_emails_of(municipalities)
    for municipality in municipalities:
        recipients = addresses[municipality.pk]
        if recipients:
            context = {
                "round": round_,
                "municipality": municipality,
                "url": workspace_link(municipality),
            }
            _mail_render("round_opened", context, recipients)


def _mail_submitted(submission: Submission) -> None:
    recipients = cfg_emails(submission.round.region)
    if recipients:
        url = site_link(
            "agreements:submission_detail",
            region_code=submission.round.region.slug,
            pk=submission.round_id,
            municipality_code=submission.municipality.code,
        )
        context = {"submission": submission, "round": submission.round, "url": url}
        _mail_render("submitted", context, recipients)


def municipality_contact_emails(municipality) -> list[str]:
    """The municipal contacts' addresses (users with the role; else the contact cards)."""
    emails = sorted(
        set(
            Membership.objects.filter(
                municipality=municipality,
                role=Role.MUNICIPAL_CONTACT,
                is_active=True,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )
    if not emails:
        emails = sorted(
            set(
                Contact.objects.filter(municipality=municipality)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
    return emails


def _contact_emails_of(municipalities) -> dict[int, list[str]]:
    """`municipality_contact_emails` for many municipalities in two queries."""
    ids = [m.pk for m in municipalities]
    members: dict[int, set[str]] = {pk: set() for pk in ids}
    for mid, email in Membership.objects.filter(
        municipality__in=ids,
        role=Role.MUNICIPAL_CONTACT,
        is_active=True,
        user__is_active=True,
    ).values_list("municipality_id", "user__email"):
        members[mid].add(email)
    cards: dict[int, set[str]] = {pk: set() for pk in ids}
    for mid, email in (
        Contact.objects.filter(municipality__in=ids)
        .exclude(email="")
        .values_list("municipality_id", "email")
    ):
        cards[mid].add(email)
    return {pk: sorted(members[pk] or cards[pk]) for pk in ids}


def _mail_review(submission: Submission, recipients: list[str]) -> None:
    from django.template.loader import render_to_string

    context = {
        "submission": submission,
        "round": submission.round,
        "url": workspace_link(submission.municipality),
    }
    subject = render_to_string("agreements/email/review_subject.txt", context).strip()
    body = render_to_string("agreements/email/review_body.txt", context)
    mail_send(subject=subject, body=body, recipients=recipients)
