from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "coso.evaluation"
    label = "evaluation"
    verbose_name = "Đánh giá, xếp loại"

    def ready(self):
        # lazy: these modules import models, which load after the app registry
        from .documents import register as register_documents

        # the decision on grades issued through the documents register (QĐ)
        register_documents()
