from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "coso.evaluation"
    label = "evaluation"
    verbose_name = "Đánh giá, xếp loại"

    def ready(self):
        # lazy: the module imports models, which load after the app registry
        from .workflow import register_evaluation_kind

        # the cell's vote on a member's proposed grade is taken at its meeting
        register_evaluation_kind()
