"""Signing in through a provider: /sso/… (no region yet)."""

from django.urls import path

from . import views

app_name = "sso_flow"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
    path("no-access/", views.no_access, name="no_access"),
]
