from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "coso.meetings"
    label = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self):
        # lazy: these modules import models, which load after the app registry
        from coso.members.queries.screening import register_source

        # lazy, as above
        from .documents import register as register_documents
        from .study_todo import CommitmentMissingSource, StudyPlanMissingSource
        from .task_todo import ResolutionTaskSource
        from .todo import MissingMeetingSource, ThematicBehindSource, UnplannedMeetingSource
        from .workflow import register_admission_kinds

        # the admission app's votes taken at a meeting (discipline registers its own)
        register_admission_kinds()

        # a cell's missing monthly meeting and thematic meetings behind are on the to-do list
        register_source(MissingMeetingSource)
        register_source(UnplannedMeetingSource)
        register_source(ThematicBehindSource)
        # a cell's study plan for the year and its members' commitments, after the rule's day
        register_source(StudyPlanMissingSource)
        register_source(CommitmentMissingSource)
        # the minutes (BB) and the resolution (NQ) of a meeting, through documents' register
        register_documents()
        # a resolution's tasks not done, overdue or due soon
        register_source(ResolutionTaskSource)
