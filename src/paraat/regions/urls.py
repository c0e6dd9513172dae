from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("sub-regions/", views.sub_regions, name="sub_regions"),
    path("<slug:municipality_code>/", views.municipality_detail, name="municipality_detail"),
]
