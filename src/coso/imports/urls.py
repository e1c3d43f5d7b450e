from django.urls import path

from . import views
from .grades import views as grades

urlpatterns = [
    path("imports/", views.import_home, name="import_home"),
    path("imports/template.<str:fmt>", views.import_template, name="import_template"),
    path("imports/<uuid:pk>/", views.job_detail, name="import_job"),
    path("imports/<uuid:pk>/progress/", views.job_progress, name="import_job_progress"),
    path("imports/<uuid:pk>/confirm/", views.job_confirm, name="import_job_confirm"),
    path("imports/<uuid:pk>/errors.xlsx", views.job_errors, name="import_job_errors"),
    path(
        "organizations/<str:code>/evaluation/<int:period_id>/import/",
        grades.import_grades,
        name="evaluation_import",
    ),
    path(
        "organizations/<str:code>/evaluation/<int:period_id>/import/template.xlsx",
        grades.grades_template,
        name="evaluation_import_template",
    ),
]
