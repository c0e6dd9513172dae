from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("", views.national, name="index"),
    path("export.<str:fmt>", views.national_export, name="export"),
]
