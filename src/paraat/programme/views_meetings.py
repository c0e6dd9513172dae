"""Steering group meetings (issue 18): agenda, minutes under TLP, decisions, action list that
carries over, comments. Thin views: check the rule, call a selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from paraat.core.decorators import require
from paraat.core.forms import service_errors_show
from paraat.regions.decorators import region_view

from . import selectors, services
from .forms import (
    AgendaItemForm,
    DecisionForm,
    MeetingActionForm,
    MeetingCommentForm,
    MeetingForm,
    ReportScheduleForm,
)
from .models import ActionState, Meeting, MeetingAction, ReportSchedule

VIEW = "programme.view_meetings"
CHANGE = "programme.change_meetings"


_errors = service_errors_show


@require_safe
@region_view(VIEW)
def meeting_list(request, region):
    items = list(selectors.meetings(region=region))
    today = timezone.localdate()
    return render(
        request,
        "programme/meeting_list.html",
        {
            "region": region,
            "upcoming": sorted([m for m in items if m.date >= today], key=lambda m: m.date),
            "past": [m for m in items if m.date < today],
            "open_actions": selectors.open_meeting_actions(region=region),
            "can_change": request.user.has_perm(CHANGE, region),
            "today": today,
        },
    )


def _meeting_form(request, region, meeting):
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in services.MEETING_FIELDS}
        try:
            saved = services.meeting_save(
                meeting=meeting if meeting.pk else Meeting(region=region),
                expected_version=form.cleaned_data["version"],
                actor=request.user,
                **fields,
            )
        except ValidationError as e:  # StaleEdit included: the input stays in the form
            _errors(form, e)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("programme:meeting_detail", region_code=region.slug, pk=saved.pk)
    return render(
        request, "programme/meeting_form.html", {"region": region, "form": form, "meeting": meeting}
    )


@region_view(CHANGE)
def meeting_create(request, region):
    return _meeting_form(request, region, Meeting(region=region))


@region_view(CHANGE)
def meeting_edit(request, region, pk):
    meeting = get_object_or_404(Meeting, region=region, pk=pk)
    require(request, "programme.view_minutes", meeting)  # the form shows the minutes
    return _meeting_form(request, region, meeting)


def _detail_context(request, region, meeting, **forms) -> dict:
    can_change = request.user.has_perm(CHANGE, meeting)
    context = {
        "region": region,
        "meeting": meeting,
        "can_change": can_change,
        "can_comment": request.user.has_perm("programme.comment_meeting", meeting),
        "can_read_minutes": request.user.has_perm("programme.view_minutes", meeting),
        "carried_over": selectors.carried_over_actions(meeting=meeting),
        "comment_form": forms.get("comment_form") or MeetingCommentForm(),
        "today": timezone.localdate(),
    }
    if can_change:
        context.update(
            agenda_form=forms.get("agenda_form") or AgendaItemForm(region=region, prefix="ag"),
            decision_form=forms.get("decision_form") or DecisionForm(meeting=meeting, prefix="d"),
            action_form=forms.get("action_form") or MeetingActionForm(prefix="ac"),
        )
    return context


def _meeting(region, pk) -> Meeting:
    meeting = selectors.meeting_detail(region=region, pk=pk)
    if meeting is None:
        raise Http404
    return meeting


@require_safe
@region_view(VIEW)
def meeting_detail(request, region, pk):
    meeting = _meeting(region, pk)
    return render(
        request, "programme/meeting_detail.html", _detail_context(request, region, meeting)
    )


@dataclass(frozen=True)
class _Part:
    """A part added to a meeting from its page: the form (under its key in the page's context),
    the service that adds it, the rule, and what the page says afterwards."""

    form_key: str
    make_form: Callable  # (request, region, meeting) -> bound form
    service: str  # the function in services: (meeting=, actor=, **cleaned_data)
    perm: str
    saved: Promise  # a lazy translation


_PARTS = {
    "agenda_item_add": _Part(
        "agenda_form",
        lambda request, region, meeting: AgendaItemForm(request.POST, region=region, prefix="ag"),
        "agenda_item_add",
        CHANGE,
        gettext_lazy("Agenda item added."),
    ),
    "decision_add": _Part(
        "decision_form",
        lambda request, region, meeting: DecisionForm(request.POST, meeting=meeting, prefix="d"),
        "decision_add",
        CHANGE,
        gettext_lazy("Decision recorded."),
    ),
    "meeting_action_add": _Part(
        "action_form",
        lambda request, region, meeting: MeetingActionForm(request.POST, prefix="ac"),
        "meeting_action_add",
        CHANGE,
        gettext_lazy("Action added to the action list."),
    ),
    "meeting_comment_add": _Part(
        "comment_form",
        lambda request, region, meeting: MeetingCommentForm(request.POST),
        "meeting_comment_add",
        "programme.comment_meeting",
        gettext_lazy("Comment added."),
    ),
}


def _part_add(request, region, pk, *, part: _Part):
    """The one body of every "add to this meeting" view: on a refusal of the service the page
    shows again with the input and the errors in the form."""
    meeting = _meeting(region, pk)
    require(request, part.perm, meeting)
    form = part.make_form(request, region, meeting)
    if form.is_valid():
        add = getattr(services, part.service)
        try:
            add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _errors(form, e)
        else:
            messages.success(request, part.saved)
            return redirect("programme:meeting_detail", region_code=region.slug, pk=meeting.pk)
    context = _detail_context(request, region, meeting, **{part.form_key: form})
    return render(request, "programme/meeting_detail.html", context)


def _part_view(name: str) -> Callable:
    part = _PARTS[name]

    def view(request, region, pk):
        return _part_add(request, region, pk, part=part)

    view.__name__ = view.__qualname__ = name
    return require_POST(region_view(VIEW)(view))


agenda_item_add = _part_view("agenda_item_add")
decision_add = _part_view("decision_add")
meeting_action_add = _part_view("meeting_action_add")
meeting_comment_add = _part_view("meeting_comment_add")


@require_POST
@region_view(VIEW)
def meeting_action_state(request, region, pk):
    action = get_object_or_404(
        MeetingAction.objects.select_related("meeting"), region=region, pk=pk
    )
    require(request, CHANGE, action)
    state = request.POST.get("state", "")
    if state not in ActionState.values:
        raise Http404
    try:
        services.meeting_action_set_state(action=action, state=state, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Action status saved."))
    back = request.POST.get("meeting")
    target = action.meeting_id
    if back and back.isdigit() and Meeting.objects.filter(region=region, pk=back).exists():
        target = int(back)
    return redirect("programme:meeting_detail", region_code=region.slug, pk=target)


@region_view("programme.change_programme")
def schedules(request, region):
    """Scheduled reports: made on a set day each month and e-mailed as a link to readers."""

    form = ReportScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_schedule_add(region=region, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Schedule saved."))
        return redirect("programme:schedules", region_code=region.slug)
    return render(
        request,
        "programme/schedules.html",
        {
            "region": region,
            "form": form,
            "schedules": ReportSchedule.objects.filter(region=region),
        },
    )
