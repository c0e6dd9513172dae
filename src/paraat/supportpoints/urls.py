from django.urls import path

from . import views

app_name = "supportpoints"
urlpatterns = [
    path("", views.point_list, name="point_list"),
    path("new/", views.point_create, name="point_create"),
    path("export.<str:fmt>", views.point_export, name="point_export"),
    path("import/", views.point_import, name="point_import"),
    path("municipalities/", views.municipality_overview, name="municipality_overview"),
    path(
        "municipalities/<slug:municipality_code>/print/",
        views.municipality_print,
        name="municipality_print",
    ),
    path("places/", views.places, name="places"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/facilities/new/", views.facility_create, name="facility_create"),
    path("settings/facilities/<int:pk>/", views.facility_edit, name="facility_edit"),
    path("<int:pk>/", views.point_detail, name="point_detail"),
    path("<int:pk>/edit/", views.point_edit, name="point_edit"),
    path("<int:pk>/status/", views.point_transition, name="point_transition"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:doc_pk>/",
        views.document_download,
        name="document_download",
    ),
]
