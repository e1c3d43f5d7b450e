from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "coso.dues"
    label = "dues"
    verbose_name = "Đảng phí"
