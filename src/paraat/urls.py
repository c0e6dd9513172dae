"""Paraat's URLs. Everything of a region lives under /<region code>/ (e.g. /vr06/)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from paraat.core.admin import register_all as register_admin

handler403 = "paraat.start.views.permission_denied"

# Region-scoped apps: /<region>/<prefix>/...
REGION_APPS = [
    ("municipalities/", "paraat.regions.urls"),
    ("region/", "paraat.regions.setup_urls"),
    ("users/", "paraat.accounts.region_urls"),
    ("audit/", "paraat.regions.trail_urls"),
    ("api-tokens/", "paraat.api.region_urls"),
    ("agreements/", "paraat.agreements.urls"),
    ("dashboard/", "paraat.dashboard.urls"),
    ("programme/", "paraat.programme.urls"),
    ("supportpoints/", "paraat.supportpoints.urls"),
    ("knowledge/", "paraat.knowledge.urls"),
    ("reports/", "paraat.reports.urls"),
    ("sso/", "paraat.sso.urls"),
]

register_admin()  # read-only, superusers only (paraat.core.admin); before admin.site.urls

urlpatterns = [
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("account/", include("paraat.accounts.urls")),
    path("sso/", include("paraat.sso.flow_urls")),
    path("api/v1/", include("paraat.api.urls")),
    path("account/api-tokens/", include("paraat.api.token_urls")),
    path("national/", include("paraat.dashboard.national_urls")),
    path("beheer/django/", admin.site.urls),
    *[path(f"<slug:region_code>/{prefix}", include(module)) for prefix, module in REGION_APPS],
    path("", include("paraat.regions.public_urls")),
    path("", include("paraat.start.urls")),
]
