from django.urls import include, path

from .views import dashboard, records, reports, shares

#: reports up the tree: `reports/...`
report_patterns = [
    path("", reports.home, name="reports"),
    path("schedule/<str:code>/", reports.schedule, name="report_schedule"),
    path("schedules/<int:pk>/", reports.schedule_overview, name="report_overview"),
    path("schedules/<int:pk>/xlsx/", reports.schedule_overview_xlsx, name="report_overview_xlsx"),
    path("owed/<str:code>/<int:schedule_pk>/<str:end>/", reports.owed, name="report_owed"),
    path("<int:pk>/", reports.detail, name="report_detail"),
    path("<int:pk>/refresh/", reports.refresh, name="report_refresh"),
    path("<int:pk>/xlsx/", reports.statistics_xlsx, name="report_xlsx"),
    path("<int:pk>/<str:name>/", reports.step, name="report_step"),
]

urlpatterns: list = [
    # the plan's dashboard (views/dashboard): the user's top organization's, any organization's
    # in scope, and its exports
    path("plan/", dashboard.home, name="plan_dashboard_home"),
    path("organizations/<str:code>/plan/", dashboard.dashboard, name="plan_dashboard"),
    path(
        "organizations/<str:code>/plan/xlsx/", dashboard.dashboard_xlsx, name="plan_dashboard_xlsx"
    ),
    path("organizations/<str:code>/plan/pdf/", dashboard.dashboard_pdf, name="plan_dashboard_pdf"),
    path("organizations/<str:code>/plan/shares/", shares.shares, name="plan_shares"),
    path(
        "organizations/<str:code>/plan/<int:year>/<str:measure>/",
        records.plan_records,
        name="plan_records",
    ),
    path("reports/", include(report_patterns)),
]
