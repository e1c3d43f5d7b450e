from django.urls import path

from . import views

urlpatterns = [
    path("awards/", views.awards_home, name="awards_home"),
    path("awards/org/<str:code>/due/", views.due_list, name="awards_due"),
    path("awards/org/<str:code>/badges/", views.badge_list_page, name="awards_badges"),
    path(
        "awards/org/<str:code>/commendations/",
        views.commendation_list_page,
        name="awards_commendations",
    ),
    path("awards/badges/<int:pk>/", views.badge_detail, name="awards_badge"),
    path("awards/badges/<int:pk>/steps/<str:step>/", views.badge_step, name="awards_badge_step"),
    path("awards/members/<int:pk>/", views.member_awards, name="awards_member"),
    path("awards/commendations/<int:pk>/", views.commendation_detail, name="awards_commendation"),
    path(
        "awards/commendations/<int:pk>/actions/<str:action>/",
        views.commendation_action,
        name="awards_commendation_action",
    ),
]
