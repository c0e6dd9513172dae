"""The region administrator's screens: /<region>/region/…"""

from django.urls import path

from . import views

app_name = "region"
urlpatterns = [
    path("", views.region_settings, name="settings"),
    path("getting-started/", views.getting_started, name="getting_started"),
    path("statements/", views.statements_edit, name="statements_edit"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_edit, name="partner_edit"),
    path("export.zip", views.region_export_download, name="export"),
    path("populations/", views.population_import, name="population_import"),
    path("populations/<slug:municipality_code>/", views.population_edit, name="population_edit"),
]
