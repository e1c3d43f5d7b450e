from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "coso.meetings"
    label = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self):
        # lazy: these modules import models, which load after the app registry
        from coso.members.queries.screening import register_source

        # lazy, as above
        from .study_todo import CommitmentMissingSource, StudyPlanMissingSource
        from .task_todo import ResolutionTaskSource
        from .todo import MissingMeetingSource, ThematicBehindSource

        # a cell's missing monthly meeting and thematic meetings behind are on the to-do list
        register_source(MissingMeetingSource)
        register_source(ThematicBehindSource)
        # a cell's study plan for the year and its members' commitments, after the rule's day
        register_source(StudyPlanMissingSource)
        register_source(CommitmentMissingSource)
        # a resolution's tasks not done, overdue or due soon
        register_source(ResolutionTaskSource)
