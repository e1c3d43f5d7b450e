from django.urls import path

from . import views

urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("members/export.xlsx", views.member_export, name="member_export"),
    path("members/new/", views.member_create, name="member_create"),
    path("members/wards/", views.ward_options, name="member_ward_options"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/move/", views.member_move, name="member_move"),
    path(
        "members/<int:pk>/move/organizations/",
        views.member_move_organizations,
        name="member_move_organizations",
    ),
    path("members/<int:pk>/exemption/", views.member_exemption, name="member_exemption"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
