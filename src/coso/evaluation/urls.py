from django.urls import path

from . import results_views

urlpatterns: list = [
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
]
