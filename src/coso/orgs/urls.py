from django.urls import path

from . import views

urlpatterns = [
    path("organizations/", views.tree, name="org_tree"),
    path("organizations/<str:code>/", views.detail, name="org_detail"),
    path("organizations/<str:code>/children/", views.children, name="org_children"),
    path("organizations/<str:code>/create-child/", views.create_child, name="org_create_child"),
    path("organizations/<str:code>/rename/", views.rename, name="org_rename"),
    path("organizations/<str:code>/move/", views.move, name="org_move"),
    path("organizations/<str:code>/merge/", views.merge, name="org_merge"),
    path("organizations/<str:code>/dissolve/", views.dissolve, name="org_dissolve"),
]
