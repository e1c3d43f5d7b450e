from django.urls import path

from .views import dashboard, records

urlpatterns: list = [
    # the plan's dashboard (views/dashboard): the user's top organization's, any organization's
    # in scope, and its exports
    path("plan/", dashboard.home, name="plan_dashboard_home"),
    path("organizations/<str:code>/plan/", dashboard.dashboard, name="plan_dashboard"),
    path(
        "organizations/<str:code>/plan/xlsx/", dashboard.dashboard_xlsx, name="plan_dashboard_xlsx"
    ),
    path("organizations/<str:code>/plan/pdf/", dashboard.dashboard_pdf, name="plan_dashboard_pdf"),
    path(
        "organizations/<str:code>/plan/<int:year>/<str:measure>/",
        records.plan_records,
        name="plan_records",
    ),
]
