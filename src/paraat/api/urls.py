"""/api/v1/: the resources, the OpenAPI document and its documentation page.

Every API view is exempt from the sign-in redirect: it answers 401 with WWW-Authenticate
itself (token clients must never get a sign-in page)."""

from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from django.urls import include, path, re_path

from . import views

app_name = "api"

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("action-items", views.ActionItemViewSet, basename="actionitem")
router.register("progress", views.ProgressViewSet, basename="progress")
router.register("status-updates", views.StatusUpdateViewSet, basename="statusupdate")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("snapshot-entries", views.SnapshotEntryViewSet, basename="snapshotentry")


def _exempt(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _exempt(pattern.url_patterns)
        else:
            pattern.callback.login_required = False
    return patterns


urlpatterns = _exempt(
    [
        path("", views.root, name="root"),
        path("facts/", views.FactsView.as_view(), name="facts"),
        # Lists an app's own selector builds per region (small: no cursor, `next` is null).
        path("support-points/", views.SupportPointViewSet.as_view(), name="supportpoint-list"),
        path("activities/", views.ActivityViewSet.as_view(), name="activity-list"),
        path("risks/", views.RiskViewSet.as_view(), name="risk-list"),
        path("knowledge-items/", views.KnowledgeItemViewSet.as_view(), name="knowledgeitem-list"),
        path("reports/", views.ReportRunViewSet.as_view(), name="report-list"),
        path(
            "openapi.json",
            SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
            {"format": "json"},
            name="schema",
        ),
        path(
            "docs/",
            SpectacularRedocView.as_view(
                url_name="api:schema", permission_classes=[AllowAny], authentication_classes=[]
            ),
            name="docs",
        ),
        path("", include(router.urls)),
        re_path(r"^(?P<rest>.*)$", views.not_found, name="not-found"),
    ]
)
