from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "coso.discipline"
    label = "discipline"
    verbose_name = "Kỷ luật"

    def ready(self):
        # lazy: these modules import models, which load after the app registry
        from .workflow import register_discipline_kind

        # the cell's vote on a case is taken at its meeting (coso.meetings.workflow)
        register_discipline_kind()
