"""The region's audit trail page: /<region>/audit/ (URL names `audit:…`, as before the page
moved here from the audit app)."""

from django.urls import path

from . import views_trail

app_name = "audit"
urlpatterns = [
    path("", views_trail.audit_trail, name="list"),
]
