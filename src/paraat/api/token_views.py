"""Pages for API tokens: a person's own (on their profile), and a region's for its
administrators (to see what integrations exist and revoke them)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from paraat.accounts.services import requires_two_factor
from paraat.regions.decorators import region_view

from . import selectors, services
from .forms import OrganisationTokenForm, TokenForm
from .models import ApiToken


def own_tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _needs_second_step(request, data["can_write"]):
            form.add_error(
                "can_write", _("Sign in with your second step first to make a write token.")
            )
        else:
            try:
                _token, secret = services.api_token_create(
                    user=request.user,
                    name=data["name"],
                    can_write=data["can_write"],
                    days=data["days"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": selectors.api_tokens_of(user=request.user),
        },
    )


@require_POST
def own_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk)
    if token.user_id != request.user.pk:
        raise PermissionDenied
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_tokens:own")


@require_safe
@region_view("accounts.manage_users")
def region_tokens(request, region):
    return render(
        request,
        "api/region_tokens.html",
        {"region": region, "tokens": selectors.api_tokens_in_region(region=region)},
    )


@region_view("accounts.manage_users")
def region_token_create(request, region):
    """An organisation's token, for an integration; the secret is shown once, on this answer."""
    form = OrganisationTokenForm(request.POST or None, region=region)
    token = secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _needs_second_step(request, data["can_write"]):
            form.add_error(
                "can_write", _("Sign in with your second step first to make a write token.")
            )
        else:
            try:
                token, secret = services.organisation_token_create(
                    region=region,
                    role=data["role"],
                    municipality=data["municipality"],
                    partner=data["partner"],
                    name=data["name"],
                    can_write=data["can_write"],
                    days=data["days"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                form = OrganisationTokenForm(region=region)
    return render(
        request,
        "api/region_token_form.html",
        {"region": region, "form": form, "token": token, "secret": secret},
    )


def _needs_second_step(request, can_write: bool) -> bool:
    """A write token is made only in a session that passed two-factor sign-in where the
    person's role requires it."""
    return can_write and requires_two_factor(request.user) and not request.user.is_verified()


@require_POST
@region_view("accounts.manage_users")
def region_token_revoke(request, region, pk: int):
    token = get_object_or_404(selectors.api_tokens_in_region(region=region), pk=pk)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_region_tokens:index", region_code=region.slug)
