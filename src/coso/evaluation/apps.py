from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_totals(sender, using="default", **kwargs):
    # SQLite drops triggers when a migration rebuilds a table: put them back
    from django.db import connections

    # lazy: apps.py loads before any model; this runs after migrate
    from coso.evaluation import totals

    totals.ensure(connections[using])


class EvaluationConfig(AppConfig):
    name = "coso.evaluation"
    label = "evaluation"
    verbose_name = "Đánh giá, xếp loại"

    def ready(self):
        post_migrate.connect(_ensure_totals, sender=self)
        # lazy: the module imports models, which load after the app registry
        from .workflow import register_evaluation_kind

        # the cell's vote on a member's proposed grade is taken at its meeting
        register_evaluation_kind()
        # lazy: these modules import models, which load after the app registry
        from coso.members.queries.screening import register_source

        # lazy, as above
        from . import todo
        from .documents import register as register_documents

        # the decision on grades issued through the documents register (QĐ)
        register_documents()
        # the periods' calendar on the to-do list: cells to review, grades to decide
        for source in todo.SOURCES:
            register_source(source)
