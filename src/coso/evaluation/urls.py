from django.urls import path

from .views import detail, grading, organization

urlpatterns = [
    path("evaluation/", organization.home, name="evaluation_home"),
    path("evaluation/mine/", detail.mine, name="my_evaluation"),
    path("evaluation/<int:pk>/", detail.detail, name="evaluation_detail"),
    path("evaluation/<int:pk>/<str:action>/", detail.action, name="evaluation_action"),
    path("organizations/<str:code>/evaluation/", organization.organization, name="evaluation_org"),
    path(
        "organizations/<str:code>/evaluation/<int:period>/",
        grading.grading,
        name="evaluation_grading",
    ),
    path(
        "organizations/<str:code>/evaluation/<int:period>/close/",
        organization.close,
        name="evaluation_close",
    ),
    path(
        "organizations/<str:code>/evaluation/<int:period>/<str:action>/",
        grading.grading_action,
        name="evaluation_grading_action",
    ),
]
