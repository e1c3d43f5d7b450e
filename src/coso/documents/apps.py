from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "coso.documents"
    label = "documents"
    verbose_name = "Văn bản của Đảng"
