from django.urls import path

from coso.members.views import edit, exports, home, lifecycle, listing, members, organizations

urlpatterns = [
    path("", home.home, name="home"),
    # the organization pages show the members of each organization, so they sit here
    path("organizations/", organizations.tree, name="org_tree"),
    path("organizations/<str:code>/", organizations.detail, name="org_detail"),
    path("organizations/<str:code>/children/", organizations.children, name="org_children"),
    path(
        "organizations/<str:code>/create-child/",
        organizations.create_child,
        name="org_create_child",
    ),
    path("organizations/<str:code>/rename/", organizations.rename, name="org_rename"),
    path("organizations/<str:code>/move/", organizations.move, name="org_move"),
    path("organizations/<str:code>/merge/", organizations.merge, name="org_merge"),
    path("organizations/<str:code>/dissolve/", organizations.dissolve, name="org_dissolve"),
    path("members/", listing.member_list, name="member_list"),
    path("members/export.xlsx", listing.member_export, name="member_export"),
    path("members/export.csv", exports.member_export_csv, name="member_export_csv"),
    path("members/new/", edit.member_create, name="member_create"),
    path("members/wards/", edit.ward_options, name="member_ward_options"),
    path("members/<int:pk>/", members.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", edit.member_edit, name="member_edit"),
    path("members/<int:pk>/move/", members.member_move, name="member_move"),
    path(
        "members/<int:pk>/move/organizations/",
        members.member_move_organizations,
        name="member_move_organizations",
    ),
    path("members/<int:pk>/exemption/", members.member_exemption, name="member_exemption"),
    path("members/<int:pk>/remove/", members.member_remove, name="member_remove"),
    path("members/<int:pk>/lifecycle/", lifecycle.member_lifecycle, name="member_lifecycle"),
    path(
        "members/<int:pk>/lifecycle/<slug:action>/",
        lifecycle.member_lifecycle_action,
        name="member_lifecycle_action",
    ),
    path("organizations/export.<str:fmt>", exports.organization_export, name="organization_export"),
    path("organizations/<str:code>/transfers/", lifecycle.org_transfers, name="org_transfers"),
    path(
        "organizations/<str:code>/transfers/incoming/",
        lifecycle.transfer_incoming,
        name="transfer_incoming",
    ),
    path("transfers/", lifecycle.transfers_home, name="transfers_home"),
    path("transfers/<int:pk>/<slug:action>/", lifecycle.transfer_action, name="transfer_action"),
    path("todo/", lifecycle.todo, name="todo"),
    path("todo/export.xlsx", lifecycle.todo_export, name="todo_export"),
]
