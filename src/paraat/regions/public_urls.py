"""Statements every page's footer links to, readable without signing in."""

from django.urls import path

from . import views

app_name = "statements"
urlpatterns = [
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_statement, name="privacy"),
    path(
        "<slug:region_code>/accessibility/",
        views.accessibility_statement,
        name="region_accessibility",
    ),
    path("<slug:region_code>/privacy/", views.privacy_statement, name="region_privacy"),
]
