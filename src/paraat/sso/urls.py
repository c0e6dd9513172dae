"""The region administrator's screens: /<region>/sso/…"""

from django.urls import path

from . import views

app_name = "sso"
urlpatterns = [
    path("", views.provider_list, name="providers"),
    path("new/", views.provider_add, name="provider_add"),
    path("<int:pk>/", views.provider_edit, name="provider_edit"),
    path("<int:pk>/remove/", views.provider_remove, name="provider_remove"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:pk>/", views.request_grant, name="request_grant"),
    path("requests/<int:pk>/dismiss/", views.request_dismiss, name="request_dismiss"),
]
