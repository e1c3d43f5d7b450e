from django.urls import path

from . import views

urlpatterns = [
    path("organizations/<str:code>/committee/", views.committee, name="committee"),
    path(
        "organizations/<str:code>/committee/terms/",
        views.open_term,
        name="committee_open_term",
    ),
    path(
        "organizations/<str:code>/committee/appoint/",
        views.appoint,
        name="committee_appoint",
    ),
    path(
        "organizations/<str:code>/committee/appoint/members/",
        views.appoint_member_options,
        name="committee_member_options",
    ),
    path(
        "organizations/<str:code>/committee/grant-roles/",
        views.grant_roles,
        name="committee_grant_roles",
    ),
    path("committee-posts/<int:pk>/end/", views.end_post, name="committee_end_post"),
]
