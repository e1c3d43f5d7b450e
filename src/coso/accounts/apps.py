from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "coso.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self):
        from . import schema  # noqa: F401 - registers the OpenAPI extension


class VerifiedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose default site requires a verified second factor (named in
    INSTALLED_APPS in place of "django.contrib.admin")."""

    default = False  # not the accounts app's own config
    default_site = "coso.accounts.otp.VerifiedAdminSite"
