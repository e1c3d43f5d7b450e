from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    # Django's LogoutView accepts POST only (the navbar's logout is a form)
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # the second step of login, and the user's own account
    path("login/code/", views.otp_verify, name="otp_verify"),
    path("account/", views.account_security, name="account_security"),
    path("account/two-step/", views.otp_setup, name="otp_setup"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
]
