from django.urls import path

from .views import records

urlpatterns: list = [
    path(
        "organizations/<str:code>/plan/<int:year>/<str:measure>/",
        records.plan_records,
        name="plan_records",
    ),
]
