from django.urls import include, path

from coso.admission.views import boards, candidates, probation

#: one candidate's file: `admission/candidates/<pk>/...`
candidate_patterns = [
    path("", candidates.candidate_detail, name="candidate_detail"),
    path("edit/", candidates.candidate_edit, name="candidate_edit"),
    path("close/", candidates.candidate_close, name="candidate_close"),
    path("steps/<str:step>/", candidates.candidate_step, name="candidate_step"),
]

#: one member's probation: `admission/probation/<pk>/...`
probation_patterns = [
    path("", probation.probation_detail, name="probation_detail"),
    path("course/", probation.probation_course, name="probation_course"),
    path("member-record/", probation.probation_member_record, name="probation_member_record"),
    path("recognize/", probation.probation_recognize, name="probation_recognize"),
    path("strike-off/", probation.probation_strike_off, name="probation_strike_off"),
    path("file/", probation.probation_attachment, name="probation_file"),
]

#: the admission pages: `admission/...`
admission_patterns = [
    path("", boards.board, name="admission_board"),
    path("cells/", boards.open_cell, name="admission_open_cell"),
    path("cells/<str:code>/", boards.cell_board, name="admission_cell_board"),
    path("cells/<str:code>/new/", candidates.candidate_create, name="candidate_create"),
    path("candidates/", candidates.candidate_list, name="candidate_list"),
    path("candidates/<int:pk>/", include(candidate_patterns)),
    path("steps/<int:pk>/file/", candidates.step_attachment, name="admission_step_file"),
    path("probation/", probation.probation_list, name="probation_list"),
    path("probation/<int:pk>/", include(probation_patterns)),
]

urlpatterns = [path("admission/", include(admission_patterns))]
