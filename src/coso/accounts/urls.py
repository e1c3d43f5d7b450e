from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    # Django's LogoutView accepts POST only (the navbar's logout is a form)
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
