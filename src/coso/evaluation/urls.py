from django.urls import path

from . import results_views
from .views import detail, four_good, grading, organization

urlpatterns = [
    path(
        "organizations/<str:code>/evaluation/results/<int:year>/",
        results_views.results,
        name="evaluation_results",
    ),
    path(
        "organizations/<str:code>/evaluation/results/<int:year>/results.xlsx",
        results_views.results_xlsx,
        name="evaluation_results_xlsx",
    ),
    path("evaluation/", organization.home, name="evaluation_home"),
    path("evaluation/mine/", detail.mine, name="my_evaluation"),
    path("evaluation/decisions/<int:pk>/", organization.decision, name="evaluation_decision"),
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
    # four-good: an organization's page for a year, its month's answers, its checklist
    path("organizations/<str:code>/four-good/<int:year>/", four_good.page, name="four_good"),
    path(
        "organizations/<str:code>/four-good/<int:year>/month/",
        four_good.month,
        name="four_good_month",
    ),
    path(
        "organizations/<str:code>/four-good/<int:year>/criteria/",
        four_good.criterion_add,
        name="four_good_criterion_add",
    ),
    path(
        "four-good/criteria/<int:pk>/active/",
        four_good.criterion_active,
        name="four_good_criterion_active",
    ),
]
