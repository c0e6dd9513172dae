import base64

import segno
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from paraat.audit.models import Action, Result
from paraat.audit.services import audit_log
from paraat.core.middleware import uncompressed
from paraat.regions.decorators import region_view

from . import services
from .extensions import sign_in_methods
from .forms import EmailAuthenticationForm, MembershipForm, TokenForm
from .models import Membership
from .selectors import memberships


class LoginView(auth_views.LoginView):
    """E-mail address first: an address of an organisation with single sign-on goes on to its
    identity provider (a GET redirect); any other address gets the password field.

    Without JavaScript, or when no organisation has single sign-on, both fields show at once;
    otherwise the password field waits for the address (accounts/login.js). `?password=1` is
    the password way for people whose organisation has single sign-on and whose administrator
    allows passwords too.
    """

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        methods = sign_in_methods()
        email = request.POST.get("username", "").strip()
        if email and not request.POST.get("password"):
            if methods.provider_for_email(email) is not None and not request.POST.get(
                "password_way"
            ):
                return redirect(methods.start_url(email, self.get_redirect_url()))
            if "@" in email:
                form = self.get_form_class()(request, initial={"username": email})
                return self.render_to_response(self.get_context_data(form=form, password_step=True))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.setdefault(
            "password_step",
            bool(form.is_bound or self.request.GET.get("password")),
        )
        if context["password_step"] and form["username"].value():
            form.fields["username"].widget.attrs.pop("autofocus", None)
            form.fields["password"].widget.attrs["autofocus"] = True
        context["password_way"] = bool(
            self.request.GET.get("password") or self.request.POST.get("password_way")
        )
        context["sso_in_use"] = sign_in_methods().in_use()
        context["email_first"] = context["sso_in_use"] and not context["password_step"]
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # The form's redirect goes on to the organisation's identity provider: allow it.
        origins = sign_in_methods().form_action_origins()
        if origins:
            response._csp_update = {"form-action": origins}
        return response


def _next_url(request, default="start:home"):
    nxt = request.GET.get("next") or request.POST.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        return nxt
    return reverse_lazy(default)


@uncompressed  # shows the same authenticator key on every visit until it is confirmed
def two_factor_setup(request):
    """Set up a TOTP authenticator: a QR code and the key as text, then confirm with a code.
    Showing the page stores nothing; the confirmed code stores the device (a service)."""
    form = TokenForm(request.POST or None)
    setup = request.POST.get("setup", "") if request.method == "POST" else ""
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_setup_confirm(
                user=request.user, setup=setup, token=form.cleaned_data["token"]
            )
        except ValidationError as e:
            form.add_error("token", e)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is set up."))
            return redirect(_next_url(request))
    device, signed = services.two_factor_setup_start(user=request.user, setup=setup)
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=4, title=_("QR code for your authenticator app"))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": mark_safe(svg), "secret": secret, "setup": signed},
    )


def two_factor_verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                audit_log(actor=request.user, action=Action.TWO_FACTOR, obj=request.user)
                return redirect(_next_url(request))
        audit_log(
            actor=request.user, action=Action.TWO_FACTOR, obj=request.user, result=Result.FAILED
        )
        form.add_error("token", _("This code is not correct. Try the current code."))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@require_safe
def profile(request):
    from django_otp import user_has_device

    return render(
        request,
        "accounts/profile.html",
        {
            "my_memberships": memberships(request.user),
            "has_2fa": user_has_device(request.user, confirmed=True),
            "needs_2fa": services.requires_two_factor(request.user),
        },
    )


@require_safe
@region_view("accounts.manage_users")
def member_list(request, region):
    qs = (
        Membership.objects.filter(region=region)
        .select_related("user", "municipality", "partner", "region")
        .order_by("-is_active", "user__email", "role")
    )
    return render(request, "accounts/member_list.html", {"region": region, "memberships": qs})


@region_view("accounts.manage_users")
def member_create(request, region):
    form = MembershipForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.membership_grant(
                email=d["email"],
                full_name=d["full_name"],
                role=d["role"],
                region=region,
                municipality=d["municipality"],
                partner=d["partner"],
                actor=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Role granted to %(email)s.") % {"email": d["email"]})
            return redirect("members:list", region_code=region.slug)
    return render(request, "accounts/member_form.html", {"region": region, "form": form})


@region_view("accounts.manage_users")
def member_edit(request, region, pk):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, region=region)
    initial = {
        "email": membership.user.email,
        "full_name": membership.user.full_name,
        "role": membership.role,
        "municipality": membership.municipality,
        "partner": membership.partner,
        "is_active": membership.is_active,
    }
    form = MembershipForm(
        request.POST or None, region=region, membership=membership, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.membership_update(
                membership=membership,
                role=d["role"],
                is_active=d["is_active"],
                municipality=d["municipality"],
                partner=d["partner"],
                actor=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Role changed."))
            return redirect("members:list", region_code=region.slug)
    return render(
        request,
        "accounts/member_form.html",
        {"region": region, "form": form, "membership": membership},
    )


@require_POST
def logout(request):
    """Sign out; after a single sign-on, also at the identity provider where it supports that
    (RP-initiated logout). That step is a link the page follows, not a redirect of the
    sign-out form, because the Content-Security-Policy's form-action allows only Paraat."""
    sso = request.session.get("sso") or {}
    auth_logout(request)
    provider, url = sign_in_methods().signed_out_at_provider(
        sso, request.build_absolute_uri(resolve_url("accounts:login"))
    )
    if url:
        return render(request, "accounts/signed_out.html", {"provider": provider, "url": url})
    return redirect(settings.LOGOUT_REDIRECT_URL)


# Password reset and change use Django's views with Paraat's templates.
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:profile")
)
password_reset = login_not_required(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = login_not_required(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = login_not_required(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = login_not_required(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
login = login_not_required(LoginView.as_view())
