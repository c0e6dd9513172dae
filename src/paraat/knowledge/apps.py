from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class KnowledgeConfig(AppConfig):
    name = "paraat.knowledge"
    default_auto_field = "django.db.models.BigAutoField"

    def nav_items(self, request, region):
        from paraat.core.extensions import NavItem

        if region is None or not request.user.has_perm("knowledge.view_knowledge", region):
            return []
        items = [NavItem(_("Knowledge"), reverse("knowledge:index", args=[region.slug]), 60)]
        if request.user.has_perm("knowledge.use_desk", region):
            items.append(NavItem(_("Desk"), reverse("knowledge:desk", args=[region.slug]), 61))
        return items

    def panels(self):
        from paraat.core.extensions import Panel

        from .panels import for_action_item

        template = "knowledge/for_action_item.html"
        return [
            Panel("item_detail.side", template, for_action_item, order=20),
            Panel("track.side", template, for_action_item, order=20),
        ]

    def start_tasks(self, request, region):
        from paraat.core.extensions import Task

        from .models import QuestionStatus
        from .selectors import questions_visible_to

        if region is None:
            return []
        if not request.user.has_perm("knowledge.handle_desk", region):
            return self._asker_tasks(request, region)
        open_questions = list(
            questions_visible_to(request.user, region).filter(
                status__in=[QuestionStatus.NEW, QuestionStatus.ASSIGNED]
            )
        )
        if not open_questions:
            return []
        overdue = sum(1 for q in open_questions if q.is_overdue)
        text = ngettext(
            "%(n)s open question at the desk, %(late)s overdue.",
            "%(n)s open questions at the desk, %(late)s overdue.",
            len(open_questions),
        ) % {
            "n": len(open_questions),
            "late": overdue,
        }
        return [
            Task(
                _("Answer questions at the desk"),
                text,
                reverse("knowledge:desk", args=[region.slug]),
                urgent=overdue > 0,
                order=30,
            )
        ]

    def _asker_tasks(self, request, region):
        from paraat.core.extensions import Task

        from .models import QuestionStatus
        from .selectors import questions_visible_to

        if not request.user.has_perm("knowledge.use_desk", region):
            return []
        answered = (
            questions_visible_to(request.user, region)
            .filter(asked_by=request.user, status=QuestionStatus.ANSWERED)
            .count()
        )
        if not answered:
            return []
        return [
            Task(
                _("Read the desk's answers"),
                ngettext(
                    "%(n)s of your questions has been answered.",
                    "%(n)s of your questions have been answered.",
                    answered,
                )
                % {"n": answered},
                reverse("knowledge:desk", args=[region.slug]) + "?status=answered",
                order=40,
            )
        ]
