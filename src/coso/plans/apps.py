from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "coso.plans"
    label = "plans"
    verbose_name = "Kế hoạch, chỉ tiêu, báo cáo"
