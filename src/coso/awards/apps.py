from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "coso.awards"
    label = "awards"
    verbose_name = "Khen thưởng và Huy hiệu Đảng"

    def ready(self):
        # lazy: these modules import models, which load after the app registry
        from coso.members.queries.screening import register_source

        # lazy, as above
        from .todo import BadgeDueSource

        # the members due a party badge by the next occasion, not yet proposed
        register_source(BadgeDueSource)
