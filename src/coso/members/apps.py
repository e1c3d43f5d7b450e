from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(sender, using="default", **kwargs):
    # SQLite drops triggers when a migration rebuilds a table: put them back
    from django.db import connections

    # lazy: apps.py loads before any model (these modules import them); this runs after migrate
    from coso.members.db import count_cache, search_index, tally

    search_index.ensure(connections[using])
    count_cache.ensure(connections[using])
    tally.ensure(connections[using])


class MembersConfig(AppConfig):
    name = "coso.members"
    label = "members"
    verbose_name = "Đảng viên"

    def ready(self):
        post_migrate.connect(_ensure_search_index, sender=self)
        # lazy: these modules import models, which load after the app registry
        from coso.core.deadlines import register_stored_deadlines
        from coso.members.services.deadlines import refresh_transfer_deadlines

        # an open letter's working-day deadlines follow the day swaps the office enters
        register_stored_deadlines(refresh_transfer_deadlines)
