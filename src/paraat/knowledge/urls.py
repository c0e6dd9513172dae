from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.item_create, name="item_create"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("files/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("public/", views.public_index, name="public_index"),
    path("public/<int:pk>/", views.public_item, name="public_item"),
    path("desk/", views.desk, name="desk"),
    path("desk/ask/", views.question_create, name="question_create"),
    path("desk/similar/", views.question_suggest, name="question_suggest"),
    path("desk/<int:pk>/", views.question_detail, name="question_detail"),
    path("desk/<int:pk>/route/", views.question_route, name="question_route"),
    path("desk/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path("desk/<int:pk>/close/", views.question_close, name="question_close"),
    path("desk/<int:pk>/consent/", views.question_consent, name="question_consent"),
    path("desk/<int:pk>/publish/", views.question_publish, name="question_publish"),
    path("digest/", views.digest_settings, name="digest_settings"),
]
