from django.urls import path

from .views import four_good

urlpatterns: list = [
    # four-good: an organization's page for a year, its month's answers, its checklist
    path("organizations/<str:code>/four-good/<int:year>/", four_good.page, name="four_good"),
    path(
        "organizations/<str:code>/four-good/<int:year>/month/",
        four_good.month,
        name="four_good_month",
    ),
    path(
        "organizations/<str:code>/four-good/<int:year>/criteria/",
        four_good.criterion_add,
        name="four_good_criterion_add",
    ),
    path(
        "four-good/criteria/<int:pk>/active/",
        four_good.criterion_active,
        name="four_good_criterion_active",
    ),
]
