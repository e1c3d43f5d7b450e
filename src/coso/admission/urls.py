from django.urls import path

from . import views

urlpatterns = [
    path("admission/", views.board, name="admission_board"),
    path("admission/cells/", views.open_cell, name="admission_open_cell"),
    path("admission/cells/<str:code>/", views.cell_board, name="admission_cell_board"),
    path("admission/cells/<str:code>/new/", views.candidate_create, name="candidate_create"),
    path("admission/candidates/", views.candidate_list, name="candidate_list"),
    path("admission/candidates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("admission/candidates/<int:pk>/edit/", views.candidate_edit, name="candidate_edit"),
    path("admission/candidates/<int:pk>/close/", views.candidate_close, name="candidate_close"),
    path(
        "admission/candidates/<int:pk>/steps/<str:step>/",
        views.candidate_step,
        name="candidate_step",
    ),
    path("admission/steps/<int:pk>/file/", views.step_attachment, name="admission_step_file"),
    path("admission/probation/", views.probation_list, name="probation_list"),
    path("admission/probation/<int:pk>/", views.probation_detail, name="probation_detail"),
    path("admission/probation/<int:pk>/course/", views.probation_course, name="probation_course"),
    path(
        "admission/probation/<int:pk>/recognize/",
        views.probation_recognize,
        name="probation_recognize",
    ),
    path(
        "admission/probation/<int:pk>/strike-off/",
        views.probation_strike_off,
        name="probation_strike_off",
    ),
    path(
        "admission/probation/<int:pk>/file/",
        views.probation_attachment,
        name="probation_file",
    ),
]
