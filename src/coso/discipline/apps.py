from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "coso.discipline"
    label = "discipline"
    verbose_name = "Kỷ luật"

    def ready(self):
        # lazy: these modules import models, which load after the app registry
        from coso.members.queries.screening import register_source

        # lazy, as above
        from . import todo
        from .documents import register as register_documents
        from .workflow import register_discipline_kind

        # the cell's vote on a case is taken at its meeting (coso.meetings.workflow)
        register_discipline_kind()
        # the decision issued through the documents register (QĐ)
        register_documents()
        # the state body's notice, the appeal period, a deferral's end and a dissolution to
        # carry out in the tree on the to-do list
        for source in (todo.StateNoticeSource, todo.AppealPeriodSource, todo.DeferralEndSource,
                       todo.DissolutionSource):  # fmt: skip
            register_source(source)
