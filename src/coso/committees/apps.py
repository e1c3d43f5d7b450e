from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "coso.committees"
    label = "committees"
    verbose_name = "Cấp ủy và nhiệm kỳ"
