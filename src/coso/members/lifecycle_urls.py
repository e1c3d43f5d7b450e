from django.urls import path

from . import lifecycle_views as views

urlpatterns = [
    path("members/<int:pk>/lifecycle/", views.member_lifecycle, name="member_lifecycle"),
    path(
        "members/<int:pk>/lifecycle/<slug:action>/",
        views.member_lifecycle_action,
        name="member_lifecycle_action",
    ),
    path("transfers/", views.transfers_home, name="transfers_home"),
    path("transfers/<int:pk>/<slug:action>/", views.transfer_action, name="transfer_action"),
    path("organizations/<str:code>/transfers/", views.org_transfers, name="org_transfers"),
    path(
        "organizations/<str:code>/transfers/incoming/",
        views.transfer_incoming,
        name="transfer_incoming",
    ),
    path("todo/", views.todo, name="todo"),
    path("todo/export.xlsx", views.todo_export, name="todo_export"),
]
