from django.urls import path

from . import bulk_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("import/", bulk_views.bulk_invite, name="bulk_invite"),
    path("<int:pk>/", views.member_edit, name="edit"),
]
