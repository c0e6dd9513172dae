"""The knowledge platform's and the desk's permissions (issue 7), built from the shared
predicates in `paraat.permissions` and the programme's `is_table_lead` (questions are routed
to theme tables); loaded at start-up by django-rules' `AutodiscoverRulesConfig`."""

from __future__ import annotations

import rules

from paraat.accounts.roles import Role
from paraat.permissions import (
    can_see_tlp,
    is_region_coordinator,
    is_region_member,
    is_region_theme_lead,
    is_superuser,
    roles_in_region,
)
from paraat.programme.rules import is_table_lead

from .selectors import questions_visible_to

# Roles that share knowledge and ask the desk (read-only roles except partners do not).
KNOWLEDGE_SHARER_ROLES = frozenset(
    {Role.ADMIN, Role.COORDINATOR, Role.CFG, Role.MUNICIPAL_CONTACT, Role.THEME_LEAD, Role.PARTNER}
)


@rules.predicate
def is_knowledge_sharer(user, obj) -> bool:
    return bool(roles_in_region(user, obj) & KNOWLEDGE_SHARER_ROLES)


@rules.predicate
def can_see_question(user, question) -> bool:
    return questions_visible_to(user, question.region).filter(pk=question.pk).exists()


@rules.predicate
def is_item_author(user, item) -> bool:
    return getattr(item, "created_by_id", None) == getattr(user, "pk", False)


@rules.predicate
def is_asker(user, question) -> bool:
    return getattr(question, "asked_by_id", None) == getattr(user, "pk", False)


@rules.predicate
def is_lead_of_question_table(user, question) -> bool:
    """The question is routed to a theme table whose lead (role theme_lead) is the user."""
    return getattr(question, "table_id", None) is not None and is_table_lead(user, question)


rules.add_perm("knowledge.view_knowledge", is_superuser | is_region_member)
# A knowledge item: the one TLP rule (`can_see_tlp`), which the selectors use as `tlp_q`.
rules.add_perm("knowledge.view_item", can_see_tlp)
rules.add_perm("knowledge.add_item", is_knowledge_sharer)
rules.add_perm(
    "knowledge.change_item",
    can_see_tlp & ((is_item_author & is_knowledge_sharer) | is_region_coordinator),
)
rules.add_perm("knowledge.use_desk", is_knowledge_sharer)
rules.add_perm("knowledge.view_question", can_see_question)
rules.add_perm("knowledge.route_question", is_region_coordinator)
# obj: a Question. Coordinators answer every question; a theme table lead only the questions
# routed to their own table(s).
rules.add_perm(
    "knowledge.answer_question",
    can_see_question & (is_region_coordinator | is_lead_of_question_table),
)
# obj: the Region. Who works the desk (sees all questions, the overdue marks).
rules.add_perm("knowledge.handle_desk", is_region_coordinator | is_region_theme_lead)
rules.add_perm("knowledge.consent_question", is_asker & can_see_question)
rules.add_perm("knowledge.publish_question", is_region_coordinator)
rules.add_perm("knowledge.manage_digest", is_region_member)
