from django.urls import path

from . import views

urlpatterns = [
    path("dues/", views.home, name="dues_home"),
    path("organizations/<str:code>/dues/", views.summary, name="dues_summary"),
    path(
        "organizations/<str:code>/dues/summary.xlsx", views.summary_xlsx, name="dues_summary_xlsx"
    ),
    path("organizations/<str:code>/dues/open/", views.open_month, name="dues_open_month"),
    path("organizations/<str:code>/dues/<int:year>/<int:month>/", views.sheet, name="dues_sheet"),
    path(
        "organizations/<str:code>/dues/<int:year>/<int:month>/sheet.xlsx",
        views.sheet_xlsx,
        name="dues_sheet_xlsx",
    ),
    path(
        "organizations/<str:code>/dues/<int:year>/<int:month>/sheet.pdf",
        views.sheet_pdf,
        name="dues_sheet_pdf",
    ),
    path(
        "organizations/<str:code>/dues/<int:year>/<int:month>/import/",
        views.import_payments,
        name="dues_import",
    ),
    path("members/<int:pk>/dues/", views.member, name="dues_member"),
    path("members/<int:pk>/dues/<str:action>/", views.member_action, name="dues_member_action"),
]
