from django.urls import include, path

from .views import reports

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

urlpatterns: list = [path("reports/", include(report_patterns))]
