from django.urls import path

from coso.members.views import edit, exports, home, lifecycle, listing, members, organizations

#: the actions on one organization: `organizations/<code>/<action>/` (dashes for underscores),
#: the view of that name in `views.organizations`, the URL named `org_<action>`
ORG_ACTIONS = ("children", "create_child", "rename", "move", "merge", "dissolve")

#: the pages of one member, `members/<pk>/<tail>`; each URL is named after its view
MEMBER_PAGES = {
    "": members.member_detail,
    "edit/": edit.member_edit,
    "move/": members.member_move,
    "move/organizations/": members.member_move_organizations,
    "exemption/": members.member_exemption,
    "remove/": members.member_remove,
    "lifecycle/": lifecycle.member_lifecycle,
    "lifecycle/<slug:action>/": lifecycle.member_lifecycle_action,
}

urlpatterns = [
    path("", home.home, name="home"),
    # the organization pages show the members of each organization, so they sit here
    path("organizations/", organizations.tree, name="org_tree"),
    path("organizations/export.<str:fmt>", exports.organization_export, name="organization_export"),
    path("organizations/<str:code>/", organizations.detail, name="org_detail"),
    *(
        path(
            f"organizations/<str:code>/{action.replace('_', '-')}/",
            getattr(organizations, action),
            name=f"org_{action}",
        )
        for action in ORG_ACTIONS
    ),
    path("organizations/<str:code>/transfers/", lifecycle.org_transfers, name="org_transfers"),
    path(
        "organizations/<str:code>/transfers/incoming/",
        lifecycle.transfer_incoming,
        name="transfer_incoming",
    ),
    path("members/", listing.member_list, name="member_list"),
    path("members/export.xlsx", listing.member_export, name="member_export"),
    path("members/export.csv", exports.member_export_csv, name="member_export_csv"),
    path("members/new/", edit.member_create, name="member_create"),
    path("members/wards/", edit.ward_options, name="member_ward_options"),
    *(
        path(f"members/<int:pk>/{tail}", view, name=view.__name__)
        for tail, view in MEMBER_PAGES.items()
    ),
    path("transfers/", lifecycle.transfers_home, name="transfers_home"),
    path("transfers/<int:pk>/<slug:action>/", lifecycle.transfer_action, name="transfer_action"),
    path("todo/", lifecycle.todo, name="todo"),
    path("todo/export.xlsx", lifecycle.todo_export, name="todo_export"),
]
