from django.urls import path

from . import token_views

app_name = "api_region_tokens"
urlpatterns = [
    path("", token_views.region_tokens, name="index"),
    path("new/", token_views.region_token_create, name="create"),
    path("<int:pk>/revoke/", token_views.region_token_revoke, name="revoke"),
]
