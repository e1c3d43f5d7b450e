from django.apps import AppConfig


class AdmissionConfig(AppConfig):
    name = "coso.admission"
    label = "admission"
    verbose_name = "Kết nạp đảng viên"

    def ready(self):
        # lazy: these modules import models, which load after the app registry
        from coso.core.deadlines import register_stored_deadlines

        # lazy, as above
        from .services.deadlines import refresh_admission_deadlines

        # an open file's working-day deadlines follow the day swaps the office enters
        register_stored_deadlines(refresh_admission_deadlines)

        # lazy, as above
        from coso.members.queries.screening import register_source

        # lazy, as above
        from .queries import CandidateSource

        # the files whose next step is due are on the to-do list (Việc cần làm)
        register_source(CandidateSource)
