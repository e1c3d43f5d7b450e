from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "coso.plans"
    label = "plans"
    verbose_name = "Kế hoạch, chỉ tiêu, báo cáo"

    def ready(self):
        # lazy: these modules import models, which load after the app registry
        from coso.members.queries.screening import register_source

        # lazy, as above
        from .documents import register as register_documents

        # lazy, as above
        from .queries.reports import ReportDueSource

        # the periodic report (BC) issued through the documents register
        register_documents()
        # the reports owed, by their due dates, on the to-do list
        register_source(ReportDueSource)
