from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import user_views, views

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

# users and roles, for the office and the secretaries within their scope (user_views)

#: one user's account and roles: `accounts/users/<pk>/...`
user_patterns = [
    path("", user_views.user_detail, name="user_detail"),
    path("roles/new/", user_views.user_grant_role, name="user_grant_role"),
    path("password/", user_views.user_reset_password, name="user_reset_password"),
    path("deactivate/", user_views.user_deactivate, name="user_deactivate"),
]

urlpatterns += [
    path("accounts/users/", user_views.user_list, name="user_list"),
    path("accounts/users/new/", user_views.user_create, name="user_create"),
    path("accounts/users/<int:pk>/", include(user_patterns)),
    path("accounts/roles/<int:pk>/end/", user_views.role_end, name="role_end"),
]
