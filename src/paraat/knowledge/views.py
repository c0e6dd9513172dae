"""Knowledge platform and desk views: check permission, call a selector or service, render.

An item or question the person may not see answers 403 whether it exists or not, so a
direct address reveals nothing.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from paraat.accounts.roles import Role
from paraat.core.concurrency import StaleEdit
from paraat.core.decorators import require
from paraat.core.uploads import download_response
from paraat.regions.decorators import region_view
from paraat.regions.models import Region

from . import selectors, services
from .forms import (
    AnswerForm,
    ConsentForm,
    DigestForm,
    ItemForm,
    PublishForm,
    QuestionForm,
    RouteForm,
    SearchForm,
)
from .models import (
    TLP_EXPLANATION,
    Attachment,
    DigestSubscription,
    Kind,
    KnowledgeItem,
    QuestionStatus,
)


def _search(request, region, *, public=False):
    if public:
        options = {"categories": [], "organisations": []}
    else:
        options = selectors.item_filter_options(user=request.user, region=region)
    form = SearchForm(
        request.GET or None,
        categories=options["categories"],
        organisations=options["organisations"],
    )
    form.is_valid()
    data = getattr(form, "cleaned_data", {})  # the valid filters, also when one is not
    result = selectors.item_search(
        user=request.user,
        region=region,
        q=data.get("q", ""),
        kind=data.get("kind", ""),
        category=data.get("category", ""),
        organisation=data.get("organisation", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        page=request.GET.get("page", 1),
        public=public,
    )
    return form, result


def _listing_context(request, region, form, result) -> dict:
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "region": region,
        "form": form,
        "result": result,
        "query": query.urlencode(),
        "kind_summary": [
            (label, result.kind_counts[value])
            for value, label in Kind.choices
            if value in result.kind_counts
        ],
    }


@require_safe
@region_view("knowledge.view_knowledge")
def index(request, region):
    form, result = _search(request, region)
    template = "knowledge/index.html"
    if request.htmx and request.htmx.target == "search-results":
        template += "#results"
    context = _listing_context(request, region, form, result)
    context["can_add"] = request.user.has_perm("knowledge.add_item", region)
    return render(request, template, context)


def _item_fields(form) -> dict:
    return {f: form.cleaned_data[f] for f in services.ITEM_FIELDS if f in form.cleaned_data}


@region_view("knowledge.add_item")
def item_create(request, region):
    form = ItemForm(request.POST or None, request.FILES or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                region=region,
                actor=request.user,
                fields=_item_fields(form),
                recipients=form.cleaned_data["recipients"],
                files=form.cleaned_data["files"],
                categories=form.cleaned_data["categories"],
                action_items=form.cleaned_data["related_action_items"],
            )
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("Knowledge item shared."))
            return redirect("knowledge:item_detail", region_code=region.slug, pk=item.pk)
    return render(
        request,
        "knowledge/item_form.html",
        {"region": region, "form": form, "tlp_explanation": TLP_EXPLANATION},
    )


def _visible_item(request, region, pk):
    item = selectors.item_detail(user=request.user, region=region, pk=pk)
    if item is None:
        raise PermissionDenied("knowledge.view_item")
    return item


@require_safe
@region_view("knowledge.view_knowledge")
def item_detail(request, region, pk):
    item = _visible_item(request, region, pk)
    return render(
        request,
        "knowledge/item_detail.html",
        {
            "region": region,
            "item": item,
            "can_edit": request.user.has_perm("knowledge.change_item", item),
            "tlp_explanation": TLP_EXPLANATION[item.tlp],
        },
    )


@region_view("knowledge.view_knowledge")
def item_edit(request, region, pk):
    item = _visible_item(request, region, pk)
    require(request, "knowledge.change_item", item)
    initial = {f: getattr(item, f) for f in services.ITEM_FIELDS}
    initial["recipients"] = list(item.recipients.all())
    initial["categories"] = list(item.categories.all())
    initial["related_action_items"] = list(item.related_action_items.all())
    initial["version"] = item.version
    form = ItemForm(
        request.POST or None, request.FILES or None, region=region, item=item, initial=initial
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                item=item,
                actor=request.user,
                version=form.cleaned_data["version"] or 0,
                fields=_item_fields(form),
                recipients=form.cleaned_data["recipients"],
                files=form.cleaned_data["files"],
                categories=form.cleaned_data["categories"],
                action_items=form.cleaned_data["related_action_items"],
                tlp_reason=form.cleaned_data.get("tlp_reason", ""),
            )
        except StaleEdit as err:
            conflict = err.current
            form.add_error(
                None,
                _(
                    "Someone else changed this item while you were editing. Your text is kept "
                    "below; the current version is shown next to it. Save again to overwrite."
                ),
            )
            data = form.data.copy()
            data["version"] = conflict.version
            form.data = data
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("Knowledge item saved."))
            return redirect("knowledge:item_detail", region_code=region.slug, pk=item.pk)
    return render(
        request,
        "knowledge/item_form.html",
        {"region": region, "form": form, "item": item, "conflict": conflict},
    )


@require_safe
@region_view("knowledge.view_knowledge")
def attachment_download(request, region, pk):
    attachment = Attachment.objects.filter(pk=pk, region=region).first()
    visible = False
    if attachment is not None and attachment.item_id:
        visible = (
            selectors.items_visible_to(request.user, region).filter(pk=attachment.item_id).exists()
        )
    elif attachment is not None and attachment.question_id:
        visible = (
            selectors.questions_visible_to(request.user, region)
            .filter(pk=attachment.question_id)
            .exists()
        )
    if not visible:
        raise PermissionDenied("knowledge.view_item")
    response = download_response(
        attachment.file, filename=attachment.name, content_type=attachment.content_type
    )
    with transaction.atomic():
        services.attachment_downloaded(attachment=attachment, actor=request.user)
    return response


# --- public page ---------------------------------------------------------------------------


def _public_region(region_code) -> Region:
    region = get_object_or_404(Region, code__iexact=region_code)
    if not region.public_page_enabled:
        raise Http404
    return region


@login_not_required
@require_safe
def public_index(request, region_code):
    region = _public_region(region_code)
    form, result = _search(request, region, public=True)
    context = _listing_context(request, region, form, result)
    context["public"] = True
    return render(request, "knowledge/public_index.html", context)


@login_not_required
@require_safe
def public_item(request, region_code, pk):
    region = _public_region(region_code)
    item = selectors.items_public(region).select_related("municipality", "partner").filter(pk=pk)
    item = item.first()
    if item is None:
        raise Http404
    return render(request, "knowledge/public_item.html", {"region": region, "item": item})


# --- the desk ------------------------------------------------------------------------------


@require_safe
@region_view("knowledge.use_desk")
def desk(request, region):
    status = request.GET.get("status", "")
    if status not in QuestionStatus.values:
        status = ""
    questions = selectors.desk_questions(user=request.user, region=region, status=status)
    return render(
        request,
        "knowledge/desk.html",
        {
            "region": region,
            "questions": questions,
            "status": status,
            "statuses": QuestionStatus.choices,
            "is_handler": request.user.has_perm("knowledge.handle_desk", region),
        },
    )


@region_view("knowledge.use_desk")
def question_create(request, region):
    form = QuestionForm(request.POST or None, request.FILES or None, region=region)
    checking = "check" in request.POST  # "look for similar questions" without JavaScript
    if request.method == "POST" and not checking and form.is_valid():
        try:
            question = services.question_ask(
                region=region,
                actor=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                category=form.cleaned_data["category"],
                urgency=form.cleaned_data["urgency"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("Your question has been sent to the desk."))
            return redirect("knowledge:question_detail", region_code=region.slug, pk=question.pk)
    text = f"{form.data.get('title', '')} {form.data.get('text', '')}" if form.is_bound else ""
    if checking:
        form = QuestionForm(initial=request.POST.dict(), region=region)
    return render(
        request,
        "knowledge/question_form.html",
        {
            "region": region,
            "form": form,
            "suggestions": selectors.similar_answered(user=request.user, region=region, text=text),
            "searched": bool(text.strip()),
        },
    )


@require_safe
@region_view("knowledge.use_desk")
def question_suggest(request, region):
    text = f"{request.GET.get('title', '')} {request.GET.get('text', '')}"[:400]
    return render(
        request,
        "knowledge/question_form.html#suggestions",
        {
            "region": region,
            "suggestions": selectors.similar_answered(user=request.user, region=region, text=text),
            "searched": bool(text.strip()),
        },
    )


def _visible_question(request, region, pk):
    question = selectors.question_detail(user=request.user, region=region, pk=pk)
    if question is None:
        raise PermissionDenied("knowledge.view_question")
    return question


def _handlers(region):
    return (
        get_user_model()
        .objects.filter(
            memberships__region=region,
            memberships__is_active=True,
            memberships__role__in=[Role.ADMIN, Role.COORDINATOR, Role.THEME_LEAD],
        )
        .distinct()
        .order_by("full_name", "email")
    )


def _question_page(request, region, question, **forms):
    user = request.user
    source_of = KnowledgeItem.objects.filter(source_question=question).values_list("pk", flat=True)
    is_published = bool(source_of)
    published = selectors.items_visible_to(user, region).filter(pk__in=list(source_of)).first()
    context = {
        "region": region,
        "question": question,
        "published": published,
        "can_route": user.has_perm("knowledge.route_question", question)
        and question.status != QuestionStatus.CLOSED,
        "can_answer": user.has_perm("knowledge.answer_question", question)
        and question.status in (QuestionStatus.NEW, QuestionStatus.ASSIGNED),
        "can_close": user.has_perm("knowledge.answer_question", question)
        and question.status != QuestionStatus.CLOSED,
        "can_consent": user.has_perm("knowledge.consent_question", question),
        "can_publish": user.has_perm("knowledge.publish_question", question)
        and question.publish_consent
        and question.status in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED)
        and not is_published,
        "route_form": forms.get("route_form")
        or RouteForm(
            handlers=_handlers(region),
            region=region,
            initial={
                "table": question.table_id,
                "assigned_to": question.assigned_to_id,
                "target_date": question.target_date,
                "version": question.version,
            },
        ),
        "answer_form": forms.get("answer_form")
        or AnswerForm(initial={"answer": question.answer, "version": question.version}),
        "consent_form": ConsentForm(initial={"consent": question.publish_consent}),
        "publish_form": forms.get("publish_form")
        or PublishForm(
            initial={"title": question.title, "summary": question.title, "tlp": "GREEN"}
        ),
        "errors": forms.get("errors", []),
    }
    return render(
        request,
        "knowledge/question_detail.html",
        context,
        status=400 if forms else 200,
    )


@require_safe
@region_view("knowledge.use_desk")
def question_detail(request, region, pk):
    question = _visible_question(request, region, pk)
    return _question_page(request, region, question)


def _back(region, question):
    return redirect("knowledge:question_detail", region_code=region.slug, pk=question.pk)


@require_POST
@region_view("knowledge.use_desk")
def question_route(request, region, pk):
    question = _visible_question(request, region, pk)
    require(request, "knowledge.route_question", question)
    form = RouteForm(request.POST, handlers=_handlers(region), region=region)
    if form.is_valid():
        try:
            services.question_route(
                question=question,
                actor=request.user,
                table=form.cleaned_data["table"],
                assigned_to=form.cleaned_data["assigned_to"],
                target_date=form.cleaned_data["target_date"],
                version=form.cleaned_data["version"],
            )
        except StaleEdit:
            form.add_error(None, _("Someone else changed this question first. Check and retry."))
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("Question routed."))
            return _back(region, question)
    return _question_page(request, region, question, route_form=form)


@require_POST
@region_view("knowledge.use_desk")
def question_answer(request, region, pk):
    question = _visible_question(request, region, pk)
    require(request, "knowledge.answer_question", question)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(
                question=question,
                actor=request.user,
                answer=form.cleaned_data["answer"],
                version=form.cleaned_data["version"],
            )
        except StaleEdit:
            form.add_error(
                None, _("Someone else changed this question first. Your answer is kept below.")
            )
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("Answer sent; the asker is notified by e-mail."))
            return _back(region, question)
    return _question_page(request, region, question, answer_form=form)


@require_POST
@region_view("knowledge.use_desk")
def question_close(request, region, pk):
    question = _visible_question(request, region, pk)
    require(request, "knowledge.answer_question", question)
    try:
        services.question_close(question=question, actor=request.user)
    except ValidationError as err:
        return _question_page(request, region, question, errors=err.messages)
    messages.success(request, _("Question closed."))
    return _back(region, question)


@require_POST
@region_view("knowledge.use_desk")
def question_consent(request, region, pk):
    question = _visible_question(request, region, pk)
    require(request, "knowledge.consent_question", question)
    form = ConsentForm(request.POST)
    form.is_valid()
    services.question_set_consent(
        question=question, actor=request.user, consent=form.cleaned_data.get("consent", False)
    )
    messages.success(request, _("Your choice about publication is saved."))
    return _back(region, question)


@require_POST
@region_view("knowledge.use_desk")
def question_publish(request, region, pk):
    question = _visible_question(request, region, pk)
    require(request, "knowledge.publish_question", question)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            item = services.question_publish(
                question=question,
                actor=request.user,
                tlp=form.cleaned_data["tlp"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("Published as a knowledge item."))
            return redirect("knowledge:item_detail", region_code=region.slug, pk=item.pk)
    return _question_page(request, region, question, publish_form=form)


# --- notifications -------------------------------------------------------------------------


@region_view("knowledge.manage_digest")
def digest_settings(request, region):
    current = DigestSubscription.objects.filter(user=request.user).first()
    form = DigestForm(
        request.POST or None, initial={"frequency": current.frequency if current else "weekly"}
    )
    if request.method == "POST" and form.is_valid():
        services.digest_set(user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Your e-mail digest setting is saved."))
        return redirect("knowledge:digest_settings", region_code=region.slug)
    return render(request, "knowledge/digest_form.html", {"region": region, "form": form})
