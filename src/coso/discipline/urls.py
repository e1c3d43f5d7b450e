from django.urls import include, path

from . import views

#: one case: `discipline/cases/<pk>/...`
case_patterns = [
    path("", views.case_detail, name="discipline_case"),
    path("steps/<str:step>/", views.case_step, name="discipline_case_step"),
    path("actions/<str:action>/", views.case_action, name="discipline_case_action"),
]

urlpatterns = [
    path("discipline/", views.case_index, name="discipline_cases"),
    path("discipline/org/<str:code>/", views.organization_cases, name="discipline_org_cases"),
    path("discipline/cases/<int:pk>/", include(case_patterns)),
]
