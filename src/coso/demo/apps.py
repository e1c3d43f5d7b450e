from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "coso.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
