from django.urls import path

from .views import feedback, inspections

urlpatterns = [
    path("inspections/", inspections.home, name="inspection_home"),
    path(
        "organizations/<str:code>/inspections/",
        inspections.organization_inspections,
        name="inspection_list",
    ),
    path(
        "organizations/<str:code>/inspections/plan/",
        inspections.adopt_plan,
        name="inspection_plan_adopt",
    ),
    path(
        "organizations/<str:code>/inspections/member-options/",
        inspections.member_options,
        name="inspection_member_options",
    ),
    path("inspection-plans/<int:pk>/", inspections.plan_detail, name="inspection_plan_detail"),
    path("inspection-plans/<int:pk>/schedule/", inspections.schedule, name="inspection_schedule"),
    path("inspections/<int:pk>/", inspections.detail, name="inspection_detail"),
    path("inspections/<int:pk>/<str:action>/", inspections.action, name="inspection_action"),
    path(
        "inspection-follow-ups/<int:pk>/done/",
        inspections.follow_up_done,
        name="inspection_follow_up_done",
    ),
    path(
        "organizations/<str:code>/feedback/", feedback.organization_feedback, name="feedback_list"
    ),
    path("organizations/<str:code>/feedback/receive/", feedback.receive, name="feedback_receive"),
    path("feedback/<int:pk>/", feedback.detail, name="feedback_detail"),
    path("feedback/<int:pk>/answer/", feedback.answer, name="feedback_answer"),
    path("my/feedback/", feedback.my_feedback, name="my_feedback"),
]
