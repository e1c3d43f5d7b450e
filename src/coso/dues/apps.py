from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_totals(sender, using="default", **kwargs):
    # SQLite drops triggers when a migration rebuilds a table: put them back
    from django.db import connections

    # lazy: apps.py loads before any model; this runs after migrate
    from coso.dues import totals

    totals.ensure(connections[using])


class DuesConfig(AppConfig):
    name = "coso.dues"
    label = "dues"
    verbose_name = "Đảng phí"

    def ready(self):
        post_migrate.connect(_ensure_totals, sender=self)
        # lazy: these modules import models, which load after the app registry
        from coso.members.queries.screening import register_source

        # lazy, as above
        from .todo import DuesArrearsSource

        # members with months of dues unpaid without reason (a strike-off ground)
        register_source(DuesArrearsSource)
