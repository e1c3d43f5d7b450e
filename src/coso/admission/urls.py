from django.urls import path

from coso.admission.views import boards, candidates, probation

urlpatterns = [
    path("admission/", boards.board, name="admission_board"),
    path("admission/cells/", boards.open_cell, name="admission_open_cell"),
    path("admission/cells/<str:code>/", boards.cell_board, name="admission_cell_board"),
    path("admission/cells/<str:code>/new/", candidates.candidate_create, name="candidate_create"),
    path("admission/candidates/", candidates.candidate_list, name="candidate_list"),
    path("admission/candidates/<int:pk>/", candidates.candidate_detail, name="candidate_detail"),
    path("admission/candidates/<int:pk>/edit/", candidates.candidate_edit, name="candidate_edit"),
    path(
        "admission/candidates/<int:pk>/close/", candidates.candidate_close, name="candidate_close"
    ),
    path(
        "admission/candidates/<int:pk>/steps/<str:step>/",
        candidates.candidate_step,
        name="candidate_step",
    ),
    path("admission/steps/<int:pk>/file/", candidates.step_attachment, name="admission_step_file"),
    path("admission/probation/", probation.probation_list, name="probation_list"),
    path("admission/probation/<int:pk>/", probation.probation_detail, name="probation_detail"),
    path(
        "admission/probation/<int:pk>/course/", probation.probation_course, name="probation_course"
    ),
    path(
        "admission/probation/<int:pk>/member-record/",
        probation.probation_member_record,
        name="probation_member_record",
    ),
    path(
        "admission/probation/<int:pk>/recognize/",
        probation.probation_recognize,
        name="probation_recognize",
    ),
    path(
        "admission/probation/<int:pk>/strike-off/",
        probation.probation_strike_off,
        name="probation_strike_off",
    ),
    path(
        "admission/probation/<int:pk>/file/",
        probation.probation_attachment,
        name="probation_file",
    ),
]
