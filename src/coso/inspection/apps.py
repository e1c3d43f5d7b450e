"""Inspection and supervision (kiểm tra, giám sát): yearly plans, inspections with their team,
findings, conclusion and follow-up; and feedback (góp ý) on organizations and members."""

from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "coso.inspection"
    label = "inspection"
    verbose_name = "Kiểm tra, giám sát"

    def ready(self):
        # lazy: these modules import models, which load after the app registry
        from coso.members.queries.screening import register_source

        # lazy, as above
        from .documents import register as register_documents
        from .todo import FeedbackSource, FollowUpSource

        # a conclusion's follow-up actions and the feedback to answer are on the to-do list
        register_source(FollowUpSource)
        register_source(FeedbackSource)
        # the conclusion (KL) through documents' register
        register_documents()
