from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "coso.discipline"
    label = "discipline"
    verbose_name = "Kỷ luật"
