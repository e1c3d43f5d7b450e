from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "coso.members"
    label = "members"
    verbose_name = "Đảng viên"
