from django.urls import path

from . import follow_views, study_views, task_views, views, workflow_views

urlpatterns = [
    path("organizations/<str:code>/meetings/", views.calendar, name="meeting_calendar"),
    path("organizations/<str:code>/meetings/plan/", views.plan, name="meeting_plan"),
    path(
        "organizations/<str:code>/meetings/planning-day/",
        views.planning_day,
        name="meeting_planning_day",
    ),
    path("meetings/<int:pk>/", views.detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/vote/", views.vote, name="meeting_vote"),
    path(
        "meetings/<int:pk>/workflow-vote/",
        workflow_views.workflow_vote,
        name="meeting_workflow_vote",
    ),
    path("meetings/<int:pk>/adopt/", views.adopt, name="meeting_adopt"),
    path("meetings/<int:pk>/correct/", views.correct, name="meeting_correct"),
    path("meetings/<int:pk>/agenda/", views.agenda_item, name="meeting_agenda_item"),
    path("meetings/<int:pk>/materials/", views.material, name="meeting_material"),
    path("meeting-materials/<int:pk>/", views.material_file, name="meeting_material_file"),
    path("my/meetings/", views.my_meetings, name="my_meetings"),
    path("my/meetings/<int:pk>/excuse/", views.excuse, name="meeting_excuse"),
    path("organizations/<str:code>/study/", study_views.study, name="study_organization"),
    path("organizations/<str:code>/study/plan/", study_views.plan, name="study_plan"),
    path("organizations/<str:code>/study/sign/", study_views.sign, name="study_sign"),
    path("study-commitments/<int:pk>/comment/", study_views.comment, name="study_comment"),
    path("my/study/", study_views.my_study, name="my_study"),
    path("my/study/sign/", study_views.my_sign, name="my_study_sign"),
    path("my/study/assess/", study_views.my_assess, name="my_study_assess"),
    path("organizations/<str:code>/tasks/", task_views.organization_tasks, name="meeting_tasks"),
    path("meetings/<int:pk>/tasks/add/", task_views.add, name="meeting_task_add"),
    path("meeting-tasks/<int:pk>/review/", task_views.review, name="meeting_task_review"),
    path("meeting-tasks/<int:pk>/done/", task_views.done, name="meeting_task_done"),
    path("organizations/<str:code>/followers/", follow_views.followers, name="meeting_followers"),
    path(
        "organizations/<str:code>/followers/assign/",
        follow_views.assign,
        name="meeting_follower_assign",
    ),
    path("followers/<int:pk>/end/", follow_views.end, name="meeting_follower_end"),
    path("my/meetings/materials/<int:pk>/", follow_views.my_material, name="my_meeting_material"),
]
