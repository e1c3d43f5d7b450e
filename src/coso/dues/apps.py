from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "coso.dues"
    label = "dues"
    verbose_name = "Đảng phí"

    def ready(self):
        # lazy: these modules import models, which load after the app registry
        from coso.members.queries.screening import register_source

        # lazy, as above
        from .todo import DuesArrearsSource

        # members with months of dues unpaid without reason (a strike-off ground)
        register_source(DuesArrearsSource)
