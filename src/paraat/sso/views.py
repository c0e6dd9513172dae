from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from paraat.regions.decorators import region_view

from . import oidc, selectors, services
from .forms import GrantForm, ProviderForm
from .models import AccessRequest, IdentityProvider

NEXT_KEY = "sso_next"
SESSION_KEY = "sso"  # provider, id_token and whether the provider's MFA counts, after sign-in
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, request.is_secure()):
        return value
    return ""


# --- the sign-in flow ------------------------------------------------------------------------


@login_not_required
@require_safe
def start(request):
    """A GET that redirects to the provider serving the e-mail address's domain."""
    email = request.GET.get("email", "").strip()
    provider = selectors.provider_for_email(email)
    if provider is None:
        text = _("No organisation signs in with its own account for this address.")
        context = {"provider": None, "reason": "no_provider", "text": text}
        return render(request, "sso/refused.html", context)
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next", ""))
    try:
        return oidc.start(request, provider, login_hint=email)
    except oidc.Refusal as refusal:
        refusal.email = refusal.email or email.lower()
        services.sign_in_refusal_record(provider=provider, refusal=refusal)
        return _refused(request, provider, refusal)


@login_not_required
@require_safe
def callback(request):
    """The provider sends the browser back here with a code; Authlib checks the rest."""
    provider = None
    try:
        provider, claims, id_token = oidc.finish(request)
        result = services.sign_in_accept(provider=provider, claims=claims)
    except oidc.ProviderRefusal as refusal:
        services.sign_in_refusal_record(provider=refusal.provider, refusal=refusal)
        return _refused(request, refusal.provider, refusal)
    except oidc.Refusal as refusal:
        services.sign_in_refusal_record(provider=provider, refusal=refusal)
        return _refused(request, provider, refusal)
    nxt = request.session.pop(NEXT_KEY, "")
    request.paraat_login_detail = {
        "provider": provider.name,
        "via": "single sign-on",
        "amr": claims.get("amr") or [],
        "second_factor_at_provider": result.second_factor,
    }
    auth_login(request, result.user, backend=BACKEND)
    request.session[SESSION_KEY] = {
        "provider": provider.pk,
        "id_token": id_token,
        "mfa": result.second_factor,
    }
    if not result.has_role:
        return redirect("sso_flow:no_access")
    return redirect(nxt or "start:home")


REFUSAL_TEXT = {
    "email_unverified": gettext_lazy(
        "Your organisation's identity provider did not confirm your e-mail address, so Paraat "
        "cannot link it to an account. Ask your organisation's IT department."
    ),
    "email_missing": gettext_lazy(
        "Your organisation's identity provider did not send your e-mail address. Ask your "
        "organisation's IT department."
    ),
    "domain": gettext_lazy(
        "This identity provider does not serve your e-mail address in Paraat. Sign in with the "
        "account of the organisation your address belongs to."
    ),
    "inactive": gettext_lazy(
        "Your Paraat account has been switched off. Ask an administrator of your safety region."
    ),
}


def _refused(request, provider, refusal):
    return render(
        request,
        "sso/refused.html",
        {"provider": provider, "reason": refusal.reason, "text": REFUSAL_TEXT.get(refusal.reason)},
        status=403,
    )


@require_safe
def no_access(request):
    """Signed in through a provider, but without a role: whom to ask."""
    requests = selectors.requests_of(user=request.user)
    rows = [(r, selectors.region_admins(region=r.region)) for r in requests]
    return render(request, "sso/no_access.html", {"rows": rows})


# --- the region administrator's screens ------------------------------------------------------


@require_safe
@region_view("sso.manage_providers")
def provider_list(request, region):
    return render(
        request,
        "sso/provider_list.html",
        {
            "region": region,
            "providers": selectors.provider_list(region=region),
            "open_count": len(selectors.open_requests(region=region)),
        },
    )


def _form_values(d: dict) -> dict:
    return {
        "name": d["name"],
        "issuer": d["issuer"],
        "client_id": d["client_id"],
        "domains": d["domains"],
        "password_allowed": d["password_allowed"],
        "trust_mfa": d["trust_mfa"],
        "trust_email": d["trust_email"],
        "client_secret": d["client_secret"],
    }


@region_view("sso.manage_providers")
def provider_add(request, region):
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_add(
                region=region, actor=request.user, **_form_values(form.cleaned_data)
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Identity provider %(name)s added.") % {"name": provider})
            return redirect("sso:providers", region_code=region.slug)
    return render(request, "sso/provider_form.html", {"region": region, "form": form})


def _provider(region, pk) -> IdentityProvider:
    return get_object_or_404(IdentityProvider, pk=pk, region=region)


@region_view("sso.manage_providers")
def provider_edit(request, region, pk):
    provider = _provider(region, pk)
    initial = {
        "name": provider.name,
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "domains": ", ".join(provider.domain_list),
        "password_allowed": provider.password_allowed,
        "trust_mfa": provider.trust_mfa,
        "trust_email": provider.trust_email,
    }
    form = ProviderForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_update(
                provider=provider, actor=request.user, **_form_values(form.cleaned_data)
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Identity provider saved."))
            return redirect("sso:providers", region_code=region.slug)
    return render(
        request, "sso/provider_form.html", {"region": region, "form": form, "provider": provider}
    )


@region_view("sso.manage_providers")
def provider_remove(request, region, pk):
    provider = _provider(region, pk)
    if request.method == "POST":
        services.provider_remove(provider=provider, actor=request.user)
        messages.success(request, _("Identity provider %(name)s removed.") % {"name": provider})
        return redirect("sso:providers", region_code=region.slug)
    return render(request, "sso/provider_remove.html", {"region": region, "provider": provider})


@require_safe
@region_view("sso.manage_providers")
def request_list(request, region):
    return render(
        request,
        "sso/request_list.html",
        {"region": region, "requests": selectors.open_requests(region=region)},
    )


def _open_request(region, pk) -> AccessRequest:
    return get_object_or_404(
        AccessRequest.objects.select_related("user", "provider"),
        pk=pk,
        region=region,
        status=AccessRequest.Status.OPEN,
    )


@region_view("sso.manage_providers")
def request_grant(request, region, pk):
    access_request = _open_request(region, pk)
    form = GrantForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.access_request_grant(
                access_request=access_request,
                role=d["role"],
                municipality=d["municipality"],
                partner=d["partner"],
                actor=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request, _("Role granted to %(email)s.") % {"email": access_request.user.email}
            )
            return redirect("sso:requests", region_code=region.slug)
    return render(
        request,
        "sso/request_grant.html",
        {"region": region, "form": form, "access_request": access_request},
    )


@require_POST
@region_view("sso.manage_providers")
def request_dismiss(request, region, pk):
    access_request = _open_request(region, pk)
    services.access_request_dismiss(access_request=access_request, actor=request.user)
    email = access_request.user.email
    messages.success(request, _("Request of %(email)s dismissed.") % {"email": email})
    return redirect("sso:requests", region_code=region.slug)


def login_form_action() -> list[str]:
    """Origins the sign-in form may end up at (the form's redirect goes on to the provider)."""
    return selectors.issuer_origins()


def reverse_start(email: str, nxt: str = "") -> str:
    from urllib.parse import urlencode

    query = {"email": email, **({"next": nxt} if nxt else {})}
    return reverse("sso_flow:start") + "?" + urlencode(query)
