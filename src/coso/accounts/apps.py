from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "coso.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self):
        # imported here: these modules import models, which may not be imported before the app
        # registry is ready
        from coso.core.scope import register_path_source

        from . import schema  # noqa: F401 - registers the OpenAPI extension
        from .scope import PATH_SOURCE  # (models, as above)

        # core's scope base asks this app which tree paths a user's roles reach
        register_path_source(PATH_SOURCE)


class VerifiedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose default site requires a verified second factor (named in
    INSTALLED_APPS in place of "django.contrib.admin")."""

    default = False  # not the accounts app's own config
    default_site = "coso.accounts.otp.VerifiedAdminSite"
