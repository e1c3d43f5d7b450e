"""/api/: the v1 router that mounts each app's api module, the OpenAPI schema and its docs.

The v1 routes live in the `api-v1` URL namespace (e.g. `api-v1:member-list`) so their names
never collide with the HTML pages' names.
"""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from coso.accounts.api import RoleViewSet, UserViewSet
from coso.admission.api import AdmissionStatisticsViewSet, CandidateViewSet, ProbationViewSet
from coso.awards.api import BadgeAwardViewSet, CommendationViewSet
from coso.committees.api import CommitteePostViewSet, CommitteeViewSet
from coso.core.api.dayswaps import DaySwapViewSet
from coso.discipline.api import CaseViewSet
from coso.documents.api import IssuedDocumentViewSet, LetterBatchViewSet, RegisterEntryViewSet
from coso.dues.api import DuesBasisViewSet, DuesMonthViewSet, DuesReliefViewSet
from coso.evaluation.api.evaluations import EvaluationViewSet, PeriodViewSet
from coso.evaluation.api.four_good import CriterionViewSet, FourGoodViewSet
from coso.evaluation.results_api import EvaluationResultsViewSet
from coso.inspection.api import FollowUpViewSet, InspectionViewSet, PlanViewSet
from coso.inspection.feedback_api import FeedbackViewSet
from coso.meetings.api import MeetingViewSet
from coso.meetings.task_api import MeetingTaskViewSet, TaskViewSet
from coso.members.api.lifecycle import MemberLifecycleViewSet, TodoViewSet, TransferViewSet
from coso.members.api.members import MemberViewSet
from coso.members.api.organizations import OrganizationWithCountsViewSet
from coso.plans.api.plans import PlanFiguresViewSet
from coso.plans.api.plans import PlanViewSet as TargetPlanViewSet
from coso.plans.api.reports import ReportViewSet, ScheduleViewSet
from coso.plans.api.shares import TargetShareViewSet

router = DefaultRouter()
router.register("organizations", OrganizationWithCountsViewSet, basename="organization")
# lifecycle actions on members: detail actions only, registered first so that the API root
# keeps pointing "members" at the member list below
router.register("members", MemberLifecycleViewSet, basename="member-lifecycle")
router.register("members", MemberViewSet, basename="member")
router.register("transfers", TransferViewSet, basename="transfer")
router.register("todo", TodoViewSet, basename="todo")
router.register("candidates", CandidateViewSet, basename="candidate")
router.register("probations", ProbationViewSet, basename="probation")
router.register("admission-statistics", AdmissionStatisticsViewSet, basename="admission-statistics")
router.register("day-swaps", DaySwapViewSet, basename="day-swap")
router.register("register", RegisterEntryViewSet, basename="register-entry")
router.register("documents", IssuedDocumentViewSet, basename="issued-document")
router.register("letter-batches", LetterBatchViewSet, basename="letter-batch")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("committee-posts", CommitteePostViewSet, basename="committee-post")
router.register("meetings", MeetingViewSet, basename="meeting")
# a meeting's resolution tasks (list, give one), and one task (mark it done)
router.register(r"meetings/(?P<pk>[0-9]{1,18})/tasks", MeetingTaskViewSet, basename="meeting-tasks")
router.register("meeting-tasks", TaskViewSet, basename="meeting-task")
router.register("discipline-cases", CaseViewSet, basename="discipline-case")
router.register("four-good-criteria", CriterionViewSet, basename="four-good-criterion")
router.register("four-good", FourGoodViewSet, basename="four-good")
router.register("dues-months", DuesMonthViewSet, basename="dues-month")
router.register("dues-bases", DuesBasisViewSet, basename="dues-basis")
router.register("dues-reliefs", DuesReliefViewSet, basename="dues-relief")
# inspection and supervision: plans, inspections and their steps, follow-up actions; feedback
router.register("inspection-plans", PlanViewSet, basename="inspection-plan")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("inspection-follow-ups", FollowUpViewSet, basename="inspection-follow-up")
router.register("feedback", FeedbackViewSet, basename="feedback")
router.register("commendations", CommendationViewSet, basename="commendation")
router.register("badge-awards", BadgeAwardViewSet, basename="badge-award")
# the annual evaluation: periods (open, close, decide, the quota) and evaluations
router.register("evaluation-periods", PeriodViewSet, basename="evaluation-period")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
# the year's grading results by organization (Plan 74's target)
router.register("evaluation-results", EvaluationResultsViewSet, basename="evaluation-results")
# Plan 74-KH/ĐUK and the plans like it: their targets, and the figures computed from the work
router.register("plans", TargetPlanViewSet, basename="plan")
router.register("plan-figures", PlanFiguresViewSet, basename="plan-figures")
# a target split down to an organization for a year, set by its superior
router.register("target-shares", TargetShareViewSet, basename="target-share")

# reports up the tree: schedules (set, a period's overview) and reports with their steps
router.register("report-schedules", ScheduleViewSet, basename="report-schedule")
router.register("reports", ReportViewSet, basename="report")
router.register("users", UserViewSet, basename="user")
router.register("roles", RoleViewSet, basename="role")

urlpatterns = [
    path("v1/", include((router.urls, "api-v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the split view serves Swagger UI's start-up script as a file (the CSP allows no inline
    # script); its page keeps one small inline <style>, allowed on this page only
    path(
        "docs/",
        csp_update({"style-src": "'unsafe-inline'"})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
]
