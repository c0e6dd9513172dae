from django.urls import path

from . import token_views

app_name = "api_tokens"
urlpatterns = [
    path("", token_views.own_tokens, name="own"),
    path("<int:pk>/revoke/", token_views.own_token_revoke, name="revoke"),
]
