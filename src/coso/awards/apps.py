from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "coso.awards"
    label = "awards"
    verbose_name = "Khen thưởng và Huy hiệu Đảng"
