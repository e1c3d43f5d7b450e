from django.urls import path

from . import views

urlpatterns = [
    path("imports/", views.import_home, name="import_home"),
    path("imports/template.<str:fmt>", views.import_template, name="import_template"),
    path("imports/<uuid:pk>/", views.job_detail, name="import_job"),
    path("imports/<uuid:pk>/progress/", views.job_progress, name="import_job_progress"),
    path("imports/<uuid:pk>/confirm/", views.job_confirm, name="import_job_confirm"),
    path("imports/<uuid:pk>/errors.xlsx", views.job_errors, name="import_job_errors"),
]
