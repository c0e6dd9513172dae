from django.urls import path

from . import views, views_evaluations, views_meetings

app_name = "programme"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("edit/", views.programme_edit, name="programme_edit"),
    path("phase/", views.phase, name="phase"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("phase/handovers/", views.handover_add, name="handover_add"),
    path(
        "phase/handovers/<int:pk>/taken-back/",
        views.handover_take_back,
        name="handover_take_back",
    ),
    path("phase/pause/", views.cycle_pause, name="cycle_pause"),
    path(
        "activities/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("ambitions/edit/", views.ambitions_edit, name="ambitions_edit"),
    path("bodies/edit/", views.bodies_edit, name="bodies_edit"),
    path("tables/new/", views.table_create, name="table_create"),
    path("tables/<int:pk>/", views.table_detail, name="table_detail"),
    path("tables/<int:pk>/edit/", views.table_edit, name="table_edit"),
    path("tables/<int:pk>/members/", views.table_members, name="table_members"),
    path("tables/<int:pk>/startdocument/", views.startdoc, name="startdoc"),
    path(
        "tables/<int:pk>/startdocument/versions/<int:number>/",
        views.startdoc,
        name="startdoc_version",
    ),
    path("tables/<int:pk>/startdocument/edit/", views.startdoc_edit, name="startdoc_edit"),
    path(
        "tables/<int:pk>/startdocument/status/",
        views.startdoc_transition,
        name="startdoc_transition",
    ),
    path("tables/<int:pk>/startdocument/compare/", views.startdoc_compare, name="startdoc_compare"),
    path("tables/<int:pk>/startdocument.docx", views.startdoc_docx, name="startdoc_docx"),
    path("tables/<int:pk>/startdocument.pdf", views.startdoc_pdf, name="startdoc_pdf"),
    path(
        "tables/<int:table_pk>/activities/new/",
        views.activity_create,
        name="table_activity_create",
    ),
    path(
        "tables/<int:table_pk>/deferred/new/", views.deferred_create, name="table_deferred_create"
    ),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/timeline/", views.timeline, name="timeline"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/progress/", views.activity_update, name="activity_update"),
    path("deferred/", views.deferred_list, name="deferred_list"),
    path("deferred/new/", views.deferred_create, name="deferred_create"),
    path("deferred/<int:pk>/edit/", views.deferred_edit, name="deferred_edit"),
    path("risks/", views.risk_list, name="risk_list"),
    path("risks/new/", views.risk_create, name="risk_create"),
    path("risks/changes/", views.risk_changes, name="risk_changes"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk_edit"),
    path("evaluations/", views_evaluations.evaluation_list, name="evaluation_list"),
    path("evaluations/new/", views_evaluations.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:pk>/", views_evaluations.evaluation_detail, name="evaluation_detail"),
    path(
        "evaluations/<int:pk>/versions/<int:number>/",
        views_evaluations.evaluation_detail,
        name="evaluation_version",
    ),
    path("evaluations/<int:pk>/edit/", views_evaluations.evaluation_edit, name="evaluation_edit"),
    path(
        "evaluations/<int:pk>/status/",
        views_evaluations.evaluation_transition,
        name="evaluation_transition",
    ),
    path(
        "evaluations/<int:pk>/compare/",
        views_evaluations.evaluation_compare,
        name="evaluation_compare",
    ),
    path("meetings/", views_meetings.meeting_list, name="meeting_list"),
    path("schedules/", views_meetings.schedules, name="schedules"),
    path("meetings/new/", views_meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/agenda/", views_meetings.agenda_item_add, name="agenda_item_add"),
    path("meetings/<int:pk>/decisions/", views_meetings.decision_add, name="decision_add"),
    path(
        "meetings/<int:pk>/actions/", views_meetings.meeting_action_add, name="meeting_action_add"
    ),
    path(
        "meetings/<int:pk>/comments/",
        views_meetings.meeting_comment_add,
        name="meeting_comment_add",
    ),
    path(
        "meetings/actions/<int:pk>/status/",
        views_meetings.meeting_action_state,
        name="meeting_action_state",
    ),
]
