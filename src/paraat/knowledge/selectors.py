"""Reads of the knowledge app. `items_visible_to` is THE rule for who sees which item (TLP);
every list, count, search, suggestion, digest and download starts from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from paraat.accounts.roles import Role
from paraat.accounts.selectors import memberships
from paraat.permissions import tlp_q

from . import search
from .models import TLP, Attachment, KnowledgeItem, Question, QuestionStatus

DESK_STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.CFG})


def _region_memberships(user, region) -> list:
    return [m for m in memberships(user) if m.region_id == region.pk]


def items_visible_to(user, region) -> QuerySet[KnowledgeItem]:
    """The knowledge items of `region` that `user` may know exist: the one TLP 2.0 rule of
    `paraat.permissions` (`tlp_q`, the filter form of `can_see_tlp`). CLEAR also for anyone on
    the public page when the region has one."""
    base = KnowledgeItem.objects.filter(region=region)
    if not getattr(user, "is_authenticated", False):
        return base.filter(tlp=TLP.CLEAR) if region.public_page_enabled else base.none()
    named = KnowledgeItem.recipients.through.objects.filter(user_id=user.pk).values(
        "knowledgeitem_id"
    )
    return base.filter(tlp_q(user, region, author_field="created_by", named_pks=named))


def items_public(region) -> QuerySet[KnowledgeItem]:
    """What the region's public page shows: the same rule, for someone not signed in."""
    from django.contrib.auth.models import AnonymousUser

    return items_visible_to(AnonymousUser(), region)


def questions_visible_to(user, region) -> QuerySet[Question]:
    """Staff who run the desk see all questions of the region. Everyone else sees the questions
    of their own organisation and the ones they asked; a theme table lead also those routed to
    a table they lead or assigned to them, not the rest of the desk."""
    base = Question.objects.filter(region=region)
    if not getattr(user, "is_authenticated", False):
        return base.none()
    ms = _region_memberships(user, region)
    if not ms:
        return base.none()
    roles = {m.role for m in ms}
    if roles & DESK_STAFF_ROLES:
        return base
    mine = Q(asked_by_id=user.pk)
    for m in ms:
        if m.municipality_id:
            mine |= Q(municipality_id=m.municipality_id)
        elif m.partner_id:
            mine |= Q(partner_id=m.partner_id)
    if Role.THEME_LEAD in roles:
        mine |= Q(table__lead_id=user.pk) | Q(assigned_to_id=user.pk)
    return base.filter(mine)


def _with_relations(qs: QuerySet) -> QuerySet:
    counts = (
        Attachment.objects.filter(item=OuterRef("pk"))
        .order_by()
        .values("item")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        qs.select_related("municipality", "partner", "region", "created_by")
        .prefetch_related("categories")
        .annotate(attachment_count=Coalesce(Subquery(counts), 0))
    )


@dataclass
class SearchResult:
    page: Page
    total: int
    kind_counts: dict[str, int]
    query: str


def item_search(
    *,
    user,
    region,
    q: str = "",
    kind: str = "",
    category: str | int = "",
    organisation: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    page: int | str = 1,
    per_page: int = 20,
    public: bool = False,
) -> SearchResult:
    """Search and filter the items the user may see; matches highlighted; counts only of those."""
    from django.contrib.auth.models import AnonymousUser

    qs = items_visible_to(AnonymousUser() if public else user, region)
    if category:  # the pk of an action-list Category
        qs = qs.filter(
            pk__in=KnowledgeItem.categories.through.objects.filter(category_id=category).values(
                "knowledgeitem_id"
            )
        )
    if organisation == "region":
        qs = qs.filter(municipality__isnull=True, partner__isnull=True)
    elif organisation.startswith("m"):
        qs = qs.filter(municipality_id=organisation[1:] or 0)
    elif organisation.startswith("p"):
        qs = qs.filter(partner_id=organisation[1:] or 0)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    kind_counts = dict(qs.values_list("kind").annotate(n=Count("pk")).order_by())
    if kind:
        qs = qs.filter(kind=kind)
    qs = _with_relations(qs)
    if q.strip():
        qs = search.full_text(qs, q)
    paginator = Paginator(qs, per_page)
    result_page = paginator.get_page(page)
    if q.strip():
        search.add_highlights(list(result_page.object_list), q)
    return SearchResult(result_page, paginator.count, kind_counts, q)


def item_filter_options(*, user, region) -> dict:
    """Categories (pk, name) and organisations that occur among the items the user may see."""
    visible = items_visible_to(user, region)
    # read through the link table, knowledge's own: the categories' names and order come along
    categories = [
        (str(pk), name)
        for pk, name in KnowledgeItem.categories.through.objects.filter(knowledgeitem__in=visible)
        .values_list("category_id", "category__name")
        .distinct()
        .order_by("category__agreement_set_id", "category__order", "category__name")
    ]
    orgs = (
        visible.values_list("municipality_id", "municipality__name", "partner_id", "partner__name")
        .distinct()
        .order_by()
    )
    options = {}
    for mid, mname, pid, pname in orgs:
        if mid:
            options[f"m{mid}"] = mname
        elif pid:
            options[f"p{pid}"] = pname
        else:
            options["region"] = region.display_name
    return {
        "categories": categories,
        "organisations": sorted(options.items(), key=lambda kv: kv[1]),
    }


def item_detail(*, user, region, pk: int) -> KnowledgeItem | None:
    return (
        _with_relations(items_visible_to(user, region))
        .prefetch_related("attachments", "recipients", "related_action_items")
        .filter(pk=pk)
        .first()
    )


def similar_answered(*, user, region, text: str, limit: int = 5) -> list[KnowledgeItem]:
    """Published questions and answers (Q&A items) the user may see, most similar first."""
    if len(text.strip()) < 3:
        return []
    qs = items_visible_to(user, region).filter(kind="qa")
    found = list(search.full_text(qs, text, any_word=True)[:limit])
    search.add_highlights(found, text)
    return found


def items_for_action_item(*, user, action_item, limit: int | None = None) -> list[KnowledgeItem]:
    """For other apps: the visible items linked to `action_item` ("this helps with 3.1")."""
    qs = _with_relations(
        items_visible_to(user, action_item.region).filter(related_action_items=action_item)
    )
    return list(qs[:limit] if limit else qs)


def similar_items(*, user, action_item, limit: int = 5, exclude=()) -> list[KnowledgeItem]:
    """For other apps: visible items most similar to `action_item` (its category's items
    first, then full-text matches on the action's text), without the ones in `exclude`."""
    visible = (
        items_visible_to(user, action_item.region)
        .exclude(pk__in=[i.pk for i in exclude])
        .exclude(related_action_items=action_item)
    )
    found = list(_with_relations(visible.filter(categories=action_item.category_id))[:limit])
    if len(found) < limit and len(action_item.text.strip()) >= 3:
        rest = visible.exclude(pk__in=[i.pk for i in found])
        found += list(
            _with_relations(search.full_text(rest, action_item.text, any_word=True))[
                : limit - len(found)
            ]
        )
    return found


@dataclass
class ForActionItem:
    linked: list[KnowledgeItem]
    similar: list[KnowledgeItem]


def for_action_item(*, user, action_item, limit: int = 5) -> ForActionItem:
    """What the action item's page shows: linked items and the most similar other ones."""
    linked = items_for_action_item(user=user, action_item=action_item)
    return ForActionItem(
        linked, similar_items(user=user, action_item=action_item, limit=limit, exclude=linked)
    )


def desk_questions(*, user, region, status: str = "") -> QuerySet[Question]:
    """Open questions first, the earliest target date (so the overdue ones) on top."""
    open_first = Case(
        When(status__in=[QuestionStatus.NEW, QuestionStatus.ASSIGNED], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    qs = (
        questions_visible_to(user, region)
        .select_related(
            "municipality", "partner", "region", "asked_by", "assigned_to", "table__lead"
        )
        .select_related("action_category")
        .annotate(open_first=open_first)
        .order_by("open_first", F("target_date").asc(nulls_last=True), "-asked_at")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def question_detail(*, user, region, pk: int) -> Question | None:
    return (
        desk_questions(user=user, region=region)
        .prefetch_related("attachments", "events__actor")
        .filter(pk=pk)
        .first()
    )
