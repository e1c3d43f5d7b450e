from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(sender, using="default", **kwargs):
    # SQLite drops triggers when a migration rebuilds the member table: put them back
    from django.db import connections

    from . import search_index

    search_index.ensure(connections[using])


class MembersConfig(AppConfig):
    name = "coso.members"
    label = "members"
    verbose_name = "Đảng viên"

    def ready(self):
        post_migrate.connect(_ensure_search_index, sender=self)
