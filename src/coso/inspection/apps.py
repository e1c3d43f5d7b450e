from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "coso.inspection"
    label = "inspection"
    verbose_name = "Kiểm tra, giám sát"
