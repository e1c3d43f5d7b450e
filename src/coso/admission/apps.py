from django.apps import AppConfig


class AdmissionConfig(AppConfig):
    name = "coso.admission"
    label = "admission"
    verbose_name = "Kết nạp đảng viên"
