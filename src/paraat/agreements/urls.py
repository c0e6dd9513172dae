from django.urls import path

from . import progress_views, views

app_name = "agreements"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("progress-import/", progress_views.progress_import_page, name="progress_import"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("items/<int:pk>/restore/", views.item_restore, name="item_restore"),
    path("progress/<str:municipality_code>/", views.workspace, name="workspace"),
    path("progress/<str:municipality_code>/submit/", views.submit, name="submit"),
    path("progress/<str:municipality_code>/items/<int:pk>/", views.track, name="track"),
    path(
        "progress/<str:municipality_code>/items/<int:pk>/confirm/",
        views.track_confirm,
        name="track_confirm",
    ),
    path(
        "progress/<str:municipality_code>/categories/<int:pk>/confirm/",
        views.category_confirm,
        name="category_confirm",
    ),
    path(
        "progress/<str:municipality_code>/items/<int:pk>/planning/",
        views.own_planning,
        name="own_planning",
    ),
    path("progress/<str:municipality_code>/follow-up/", views.follow_up, name="follow_up"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path(
        "rounds/<int:pk>/submissions/<str:municipality_code>/",
        views.submission_detail,
        name="submission_detail",
    ),
    path("figures/", views.figures, name="figures"),
]
