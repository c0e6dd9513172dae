"""Write API of the knowledge app: atomic, takes the acting user, writes the audit trail."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from paraat.accounts.selectors import memberships
from paraat.audit.models import Action
from paraat.audit.services import audit_log
from paraat.audit.services import changes as audit_changes
from paraat.core.concurrency import StaleEdit, check_version
from paraat.core.mail import mail_send
from paraat.core.tlp import tlp_change_check
from paraat.core.uploads import check_upload as core_check_upload
from paraat.programme.selectors import theme_table_choices

from . import search
from .models import (
    QUESTION_WORKFLOW,
    TLP,
    Attachment,
    DigestFrequency,
    DigestSubscription,
    Kind,
    KnowledgeItem,
    KnowledgeItemVersion,
    Question,
    QuestionEvent,
    QuestionStatus,
    Urgency,
)

# --- uploads -------------------------------------------------------------------------------


def check_upload(upload) -> tuple[str, str]:
    """The one upload rule (core.uploads), with the file's name in the message because a
    knowledge item takes several files at once; returns (safe name, content type)."""
    name = Path(upload.name or "").name[:200]
    try:
        content_type = core_check_upload(upload)
    except ValidationError as error:
        raise ValidationError(
            _("%(name)s: %(problem)s") % {"name": name, "problem": " ".join(error.messages)}
        ) from error
    return name, content_type


def _attach(*, region, actor, files, item=None, question=None) -> list[Attachment]:
    added = []
    for upload in files or []:
        name, content_type = check_upload(upload)
        att = Attachment(
            region=region,
            item=item,
            question=question,
            name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        att.file.save(name, upload, save=False)
        att.save()
        added.append(att)
    return added


# --- knowledge items -----------------------------------------------------------------------

ITEM_FIELDS = (
    "title",
    "summary",
    "body",
    "kind",
    "tlp",
    "category",
    "tags",
    "links",
    "action_items",
)


def author_organisation(user, region) -> dict:
    """The organisation the user writes for in this region: municipality, partner or region."""
    for m in memberships(user):
        if m.region_id == region.pk and m.municipality_id:
            return {"municipality": m.municipality, "partner": None}
    for m in memberships(user):
        if m.region_id == region.pk and m.partner_id:
            return {"municipality": None, "partner": m.partner}
    return {"municipality": None, "partner": None}


def _check_links(region, categories, action_items) -> None:
    """Categories and action items must be the region's own (its action list)."""
    if any(c.agreement_set.region_id != region.pk for c in categories):
        raise ValidationError(_("A category is not from this region's action list."))
    if any(a.region_id != region.pk for a in action_items):
        raise ValidationError(_("An action item is not from this region's action list."))


def _set_links(item: KnowledgeItem, categories, action_items) -> None:
    if categories is not None:
        item.categories.set(categories)
    if action_items is not None:
        item.related_action_items.set(action_items)


def _check_item(item: KnowledgeItem, recipients) -> None:
    if item.tlp not in TLP.values:
        raise ValidationError(_("Unknown TLP label."))
    if item.tlp == TLP.RED and not recipients:
        raise ValidationError(_("Name at least one person who may see a TLP:RED item."))
    item.full_clean(exclude=["created_by", "region"])


@transaction.atomic
def item_create(
    *,
    region,
    actor,
    fields: dict,
    recipients=(),
    files=(),
    categories=(),
    action_items=(),
    is_demo=False,
) -> KnowledgeItem:
    """Create an item. `categories` and `action_items`: Category and ActionItem objects of the
    region's action list (what the item "helps with")."""
    item = KnowledgeItem(
        region=region, created_by=actor, is_demo=is_demo, **author_organisation(actor, region)
    )
    for f in ITEM_FIELDS:
        if f in fields:
            setattr(item, f, fields[f])
    recipients = list(recipients)
    categories, action_items = list(categories), list(action_items)
    _check_links(region, categories, action_items)
    _check_item(item, recipients)
    item.save()
    _set_links(item, categories, action_items)
    if item.tlp == TLP.RED:
        item.recipients.set({*recipients, actor})
    _attach(region=region, actor=actor, files=files, item=item)
    search.index_item(item)
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=item,
        region=region,
        detail={"tlp": item.tlp, "kind": item.kind, "attachments": len(files or [])},
    )
    return item


def _snapshot(item: KnowledgeItem) -> dict:
    data = {f: getattr(item, f) for f in ITEM_FIELDS}
    data["recipients"] = sorted(item.recipients.values_list("pk", flat=True))
    data["categories"] = sorted(item.categories.values_list("name", flat=True))
    data["related_action_items"] = sorted(
        item.related_action_items.values_list("number", flat=True)
    )
    return data


@transaction.atomic
def item_update(
    *,
    item: KnowledgeItem,
    actor,
    version: int,
    fields: dict,
    recipients=(),
    files=(),
    categories=None,
    action_items=None,
    tlp_reason: str = "",
) -> KnowledgeItem:
    """Change an item; the previous content is kept as a version. A stale `version` raises
    StaleEdit (someone else saved first) and changes nothing. `categories` /
    `action_items` None: leave the links as they are. A new TLP label needs a reason and the
    right to lower or raise it (`tlp_change_check`)."""
    locked = KnowledgeItem.objects.select_for_update().get(pk=item.pk)
    if locked.version != version:  # strict: a form without a version is refused too
        raise StaleEdit(locked)
    old_tlp, new_tlp = locked.tlp, fields.get("tlp", locked.tlp)
    tlp_change_check(actor=actor, obj=locked, new=new_tlp, reason=tlp_reason)
    before = _snapshot(locked)
    KnowledgeItemVersion.objects.create(
        item=locked, version=locked.version, data=before, changed_by=actor
    )
    for f in ITEM_FIELDS:
        if f in fields:
            setattr(locked, f, fields[f])
    recipients = list(recipients)
    categories = None if categories is None else list(categories)
    action_items = None if action_items is None else list(action_items)
    _check_links(locked.region, categories or [], action_items or [])
    _check_item(locked, recipients)
    locked.version += 1
    locked.save()
    _set_links(locked, categories, action_items)
    if locked.tlp == TLP.RED:
        locked.recipients.set({*recipients, locked.created_by})
    else:
        locked.recipients.clear()
    _attach(region=locked.region, actor=actor, files=files, item=locked)
    search.index_item(locked)
    after = _snapshot(locked)
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.region,
        detail={
            "changes": audit_changes(before, after),
            "version": locked.version,
        },
    )
    if new_tlp != old_tlp:
        audit_log(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            region=locked.region,
            detail={"tlp_from": old_tlp, "tlp_to": new_tlp, "reason": tlp_reason.strip()},
        )
    return locked


def attachment_downloaded(*, attachment: Attachment, actor) -> None:
    audit_log(
        actor=actor,
        action=Action.DOWNLOAD,
        obj=attachment,
        region=attachment.region,
        object_repr=attachment.name,
    )


# --- the desk ------------------------------------------------------------------------------

TARGET_DAYS: dict[str, int] = {Urgency.NORMAL: 10, Urgency.HIGH: 2}


def suggested_table(*, region, category):
    """The theme table a question of this action-list category goes to.

    Theme tables are linked to the programme's ambitions and goals, not to the action list's
    categories, so there is no structural link to follow. The suggestion is therefore the
    table that questions of this category were routed to most recently, else a table whose
    name is the category's name. The coordinator can always change it.
    """
    if category is None:
        return None
    previous = (
        Question.objects.filter(region=region, action_category=category, table__isnull=False)
        .order_by("-asked_at", "-id")
        .values_list("table_id", flat=True)
        .first()
    )
    tables = theme_table_choices(region=region)
    if previous:
        return tables.filter(pk=previous).first()
    return tables.filter(name__iexact=category.name).first()


def _workdays_after(start: date, days: int) -> date:
    d = start
    while days > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            days -= 1
    return d


@transaction.atomic
def question_ask(
    *,
    region,
    actor,
    title: str,
    text: str,
    category=None,
    urgency: str = Urgency.NORMAL,
    files=(),
    is_demo: bool = False,
) -> Question:
    """Ask the desk. `category`: a Category of the region's action list (or None); the
    question is routed to the suggested theme table straight away (still status new)."""
    if category is not None and category.agreement_set.region_id != region.pk:
        raise ValidationError(_("A category is not from this region's action list."))
    question = Question(
        region=region,
        asked_by=actor,
        title=title,
        text=text,
        action_category=category,
        urgency=urgency,
        table=suggested_table(region=region, category=category),
        target_date=_workdays_after(timezone.localdate(), TARGET_DAYS.get(urgency, 10)),
        is_demo=is_demo,
        **author_organisation(actor, region),
    )
    question.full_clean(exclude=["asked_by", "region"])
    question.save()
    QuestionEvent.objects.create(
        question=question, from_status="", to_status=QuestionStatus.NEW, actor=actor
    )
    _attach(region=region, actor=actor, files=files, question=question)
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=question,
        region=region,
        detail={
            "urgency": urgency,
            "category": category.name if category else "",
            "table": question.table.name if question.table is not None else "",
        },
    )
    return question


def _locked(question: Question, version: int | None) -> Question:
    locked = Question.objects.select_for_update().get(pk=question.pk)
    check_version(locked, version)
    return locked


def _move(question: Question, *, to: str, actor, note: str = "") -> None:
    """Apply one move of QUESTION_WORKFLOW (the only way a question's status changes)."""
    if not QUESTION_WORKFLOW.allows(question.status, to):
        raise ValidationError(
            _("A question that is %(from)s cannot become %(to)s.")
            % {
                "from": QuestionStatus(question.status).label,
                "to": QuestionStatus(to).label,
            }
        )
    QuestionEvent.objects.create(
        question=question, from_status=question.status, to_status=to, actor=actor, note=note
    )
    audit_log(
        actor=actor,
        action=Action.TRANSITION,
        obj=question,
        region=question.region,
        detail={"from": question.status, "to": to},
    )
    question.status = to


@transaction.atomic
def question_route(
    *,
    question: Question,
    actor,
    table,
    assigned_to=None,
    target_date: date | None = None,
    version: int | None = None,
) -> Question:
    """Route a question to a theme table (and a person); a new question becomes assigned.
    A free-text theme kept from before the link to the theme tables stays in the history."""
    if table is None or table.region_id != question.region_id:
        raise ValidationError(_("Choose a theme table of this region."))
    locked = _locked(question, version)
    before = {
        "table": locked.table_label,
        "assigned_to": locked.assigned_to_id,
        "target_date": str(locked.target_date or ""),
    }
    locked.table = table
    locked.assigned_to = assigned_to
    if target_date:
        locked.target_date = target_date
    if locked.status == QuestionStatus.NEW:
        _move(locked, to=QuestionStatus.ASSIGNED, actor=actor, note=table.name)
    elif locked.status == QuestionStatus.CLOSED:
        raise ValidationError(_("A closed question cannot be routed."))
    locked.version += 1
    locked.save()
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.region,
        detail={
            "before": before,
            "after": {
                "table": table.name,
                "assigned_to": locked.assigned_to_id,
                "target_date": str(locked.target_date or ""),
            },
        },
    )
    if before["table"] != locked.table_label or before["assigned_to"] != locked.assigned_to_id:
        transaction.on_commit(lambda: _mail_routed(locked))
    return locked


def _mail_routed(question: Question) -> None:
    """The theme table's lead (and the person it is assigned to) hear of a routed question."""
    people = [question.table.lead if question.table else None, question.assigned_to]
    recipients = sorted({p.email for p in people if p is not None and p.is_active and p.email})
    if not recipients:
        return
    url = settings_base_url() + reverse(
        "knowledge:question_detail", args=[question.region.slug, question.pk]
    )
    context = {"question": question, "url": url}
    subject = render_to_string("knowledge/email/routed_subject.txt", context).strip()
    body = render_to_string("knowledge/email/routed.txt", context)
    mail_send(subject=subject, body=body, recipients=recipients)


@transaction.atomic
def question_answer(
    *, question: Question, actor, answer: str, version: int | None = None
) -> Question:
    """Answer a question and e-mail the asker (after the transaction commits)."""
    if not answer.strip():
        raise ValidationError(_("Write an answer."))
    locked = _locked(question, version)
    if locked.status == QuestionStatus.NEW:
        _move(locked, to=QuestionStatus.ASSIGNED, actor=actor, note=locked.table_label)
    _move(locked, to=QuestionStatus.ANSWERED, actor=actor, note=answer)
    locked.answer = answer
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.version += 1
    locked.save()
    transaction.on_commit(lambda: _mail_answer(locked))
    return locked


def _mail_answer(question: Question) -> None:
    url = settings_base_url() + reverse(
        "knowledge:question_detail", args=[question.region.slug, question.pk]
    )
    context = {"question": question, "url": url}
    subject = render_to_string("knowledge/email/answered_subject.txt", context).strip()
    body = render_to_string("knowledge/email/answered.txt", context)
    mail_send(subject=subject, body=body, recipients=[question.asked_by.email])


def settings_base_url() -> str:
    return settings.SITE_URL.rstrip("/")


@transaction.atomic
def question_close(*, question: Question, actor, note: str = "") -> Question:
    locked = _locked(question, None)
    _move(locked, to=QuestionStatus.CLOSED, actor=actor, note=note)
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def question_set_consent(*, question: Question, actor, consent: bool) -> Question:
    locked = _locked(question, None)
    if locked.asked_by_id != actor.pk:
        raise ValidationError(_("Only the person who asked can give consent."))
    locked.publish_consent = consent
    locked.save(update_fields=["publish_consent"])
    audit_log(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        region=locked.region,
        detail={"publish_consent": consent},
    )
    return locked


@transaction.atomic
def question_publish(
    *, question: Question, actor, tlp: str, title: str = "", summary: str = ""
) -> KnowledgeItem:
    """Publish an answered question as a Q&A knowledge item, with the asker's consent."""
    locked = _locked(question, None)
    if not locked.publish_consent:
        raise ValidationError(_("The asker has not agreed to publication."))
    if locked.status not in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED):
        raise ValidationError(_("Only an answered question can be published."))
    if KnowledgeItem.objects.filter(source_question=locked).exists():
        raise ValidationError(_("This question has already been published."))
    if tlp == TLP.RED:
        raise ValidationError(_("A published question and answer cannot be TLP:RED."))
    item = KnowledgeItem(
        region=locked.region,
        created_by=actor,
        municipality=locked.municipality,
        partner=locked.partner,
        title=title or locked.title,
        summary=summary or locked.title,
        body=f"**{_('Question')}**\n\n{locked.text}\n\n**{_('Answer')}**\n\n{locked.answer}",
        kind=Kind.QA,
        tlp=tlp,
        category=locked.category,
        tags=locked.table_label,
        source_question=locked,
        is_demo=locked.is_demo,
    )
    _check_item(item, [])
    item.save()
    if locked.action_category is not None:
        item.categories.add(locked.action_category)
    search.index_item(item)
    audit_log(
        actor=actor,
        action=Action.CREATE,
        obj=item,
        region=locked.region,
        detail={"tlp": tlp, "from_question": locked.pk},
    )
    return item


# --- notifications -------------------------------------------------------------------------


@transaction.atomic
def digest_set(*, user, frequency: str) -> DigestSubscription:
    if frequency not in DigestFrequency.values:
        raise ValidationError(_("Unknown frequency."))
    sub, _created = DigestSubscription.objects.select_for_update().get_or_create(user=user)
    before = sub.frequency
    sub.frequency = frequency
    sub.save()
    audit_log(
        actor=user,
        action=Action.UPDATE,
        obj=sub,
        object_repr=str(_("e-mail digest")),
        detail={"frequency": [before, frequency]},
    )
    return sub
