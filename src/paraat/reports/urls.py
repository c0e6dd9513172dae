from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.request_report, name="request"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/download/<int:file_pk>/", views.run_download, name="run_download"),
    path("runs/<int:pk>/regenerate/", views.run_regenerate, name="run_regenerate"),
    path("runs/<int:pk>/retry/", views.run_retry, name="run_retry"),
    path("binder/", views.binder, name="binder"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_edit, name="plan_create"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
]
