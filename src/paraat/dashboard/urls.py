from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("compare/", views.compare, name="compare"),
    path("export/<slug:table>.<str:fmt>", views.export, name="export"),
    path("municipality/<str:municipality_code>/", views.municipality, name="municipality"),
    path(
        "municipality/<str:municipality_code>/print/",
        views.municipality_print,
        name="municipality_print",
    ),
    path(
        "municipality/<str:municipality_code>/export.<str:fmt>",
        views.municipality_export,
        name="municipality_export",
    ),
]
