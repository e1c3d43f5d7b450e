"""Every URL that names an object answers 404, and writes nothing, for an object outside the
user's scope: one walk over the resolver, for the three personas (NetBox's `ViewTestCases`).

`OBJECT_URLS` maps each URL name to the kind of object its `pk` or `code` names (and the
values of its other arguments); `NO_OBJECT` lists the patterns with arguments that name no
object. A new pattern in neither makes the walk fail: a new app registers its URLs here.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from coso.accounts.services import add_user
from coso.admission import services as admission_services
from coso.admission.choices import Step
from coso.awards import services as awards_services
from coso.awards.services import BADGE_STEPS as AWARDS_BADGE_STEPS
from coso.committees import services as committee_services
from coso.discipline import services as discipline_services
from coso.discipline.forms import STEP_FORMS as DISCIPLINE_STEP_FORMS
from coso.discipline.views import ACTIONS as DISCIPLINE_ACTIONS
from coso.documents import services as document_services
from coso.documents.bodies.kinds import BodyKind
from coso.dues import services as dues_services
from coso.dues.services import MEMBER_ACTIONS as DUES_ACTIONS
from coso.evaluation import services as evaluation_services
from coso.evaluation.models import FourGoodCriterion, GradeDecision
from coso.evaluation.views.detail import ACTIONS as EVALUATION_ACTIONS
from coso.evaluation.views.grading import ACTIONS as EVALUATION_GRADING_ACTIONS
from coso.imports.models import ImportJob
from coso.inspection import services as inspection_services
from coso.meetings import services as meeting_services
from coso.members import services as member_services
from coso.members.services import MEMBER_ACTIONS, TRANSFER_ACTIONS
from coso.orgs import services as org_services
from coso.plans import services as plans_services
from coso.plans.services import REPORT_STEPS
from tests.helpers import PASSWORD, make_member, snapshot, verified_login

D = dt.date
_seq = itertools.count(1)

#: url name -> (kind of object named by its pk or code, {other argument: values to try})
OBJECT_URLS: dict[str, tuple[str, dict[str, list[str]]]] = {
    # users and roles (accounts.user_views): a user holding a role only in that cell
    "user_detail": ("user", {}),
    "user_grant_role": ("user", {}),
    "user_reset_password": ("user", {}),
    "user_deactivate": ("user", {}),
    "role_end": ("role_assignment", {}),
    "api-v1:user-detail": ("user", {}),
    "api-v1:user-grant-role": ("user", {}),
    "api-v1:user-reset-password": ("user", {}),
    "api-v1:user-deactivate": ("user", {}),
    "api-v1:role-detail": ("role_assignment", {}),
    "api-v1:role-end": ("role_assignment", {}),
    # organizations (pages and API, by code)
    "org_detail": ("organization", {}),
    "org_children": ("organization", {}),
    "org_create_child": ("organization", {}),
    "org_rename": ("organization", {}),
    "org_move": ("organization", {}),
    "org_merge": ("organization", {}),
    "org_dissolve": ("organization", {}),
    "org_transfers": ("organization", {}),
    "transfer_incoming": ("organization", {}),
    "admission_cell_board": ("organization", {}),
    "candidate_create": ("organization", {}),
    "document_body": ("organization", {}),
    "document_body_templates": ("organization", {}),
    "document_body_template_edit": ("organization", {"kind": list(BodyKind.values)}),
    "document_body_template_preview": ("organization", {"kind": list(BodyKind.values)}),
    "document_body_template_versions": ("organization", {"kind": list(BodyKind.values)}),
    "document_body_template_reset": ("organization", {"kind": list(BodyKind.values)}),
    "document_body_template_restore": ("body_template", {}),
    "api-v1:organization-detail": ("organization", {}),
    "api-v1:organization-children": ("organization", {}),
    # members
    "member_detail": ("member", {}),
    "member_edit": ("member", {}),
    "member_move": ("member", {}),
    "member_move_organizations": ("member", {}),
    "member_exemption": ("member", {}),
    "member_remove": ("member", {}),
    "member_lifecycle": ("member", {}),
    "member_lifecycle_action": ("member", {"action": list(MEMBER_ACTIONS)}),
    "api-v1:member-detail": ("member", {}),
    "api-v1:member-lifecycle-abroad": ("member", {}),
    "api-v1:member-lifecycle-end-status": ("member", {}),
    "api-v1:member-lifecycle-exempt": ("member", {}),
    "api-v1:member-lifecycle-graduate-hold": ("member", {}),
    "api-v1:member-lifecycle-lifecycle": ("member", {}),
    "api-v1:member-lifecycle-remove": ("member", {}),
    "api-v1:member-lifecycle-residence-feedback": ("member", {}),
    "api-v1:member-lifecycle-residence-liaison": ("member", {}),
    "api-v1:member-lifecycle-retire": ("member", {}),
    "api-v1:member-lifecycle-transfer": ("member", {}),
    # transfer letters
    "transfer_action": ("transfer", {"action": list(TRANSFER_ACTIONS)}),
    "api-v1:transfer-detail": ("transfer", {}),
    "api-v1:transfer-cancel": ("transfer", {}),
    "api-v1:transfer-confirm": ("transfer", {}),
    "api-v1:transfer-end": ("transfer", {}),
    "api-v1:transfer-receive": ("transfer", {}),
    # candidates and their steps
    "candidate_detail": ("candidate", {}),
    "candidate_edit": ("candidate", {}),
    "candidate_close": ("candidate", {}),
    "candidate_step": ("candidate", {"step": list(Step.values)}),
    "admission_step_file": ("admission_step", {}),
    "api-v1:candidate-detail": ("candidate", {}),
    "api-v1:candidate-application": ("candidate", {}),
    "api-v1:candidate-awareness-course": ("candidate", {}),
    "api-v1:candidate-background-check": ("candidate", {}),
    "api-v1:candidate-cell-resolution": ("candidate", {}),
    "api-v1:candidate-ceremony": ("candidate", {}),
    "api-v1:candidate-comments": ("candidate", {}),
    "api-v1:candidate-decision": ("candidate", {}),
    "api-v1:candidate-introduction": ("candidate", {}),
    "api-v1:candidate-personal-history": ("candidate", {}),
    "api-v1:candidate-reject": ("candidate", {}),
    "api-v1:candidate-withdraw": ("candidate", {}),
    # probation (by the member's id)
    "probation_detail": ("probation", {}),
    "probation_course": ("probation", {}),
    "probation_member_record": ("probation", {}),
    "probation_recognize": ("probation", {}),
    "probation_strike_off": ("probation", {}),
    "probation_file": ("probation", {}),
    "api-v1:probation-detail": ("probation", {}),
    "api-v1:probation-new-member-course": ("probation", {}),
    "api-v1:probation-member-record": ("probation", {}),
    "api-v1:probation-recognize": ("probation", {}),
    "api-v1:probation-strike-off": ("probation", {}),
    # documents issued from records (the kind names what the pk is: a transfer letter here)
    "document_issue": ("transfer", {"kind": ["transfer_letter"]}),
    "document_detail": ("issued_document", {}),
    "document_pdf": ("issued_document", {}),
    "document_docx": ("issued_document", {}),
    "api-v1:issued-document-detail": ("issued_document", {}),
    # a batch of transfer letters (a batch is its asker's)
    "letter_batch": ("letter_batch", {}),
    "letter_batch_progress": ("letter_batch", {}),
    "letter_batch_pdf": ("letter_batch", {}),
    "letter_batch_zip": ("letter_batch", {}),
    "api-v1:letter-batch-detail": ("letter_batch", {}),
    # the register of documents issued
    "document_register_cancel": ("register_entry", {}),
    "api-v1:register-entry-detail": ("register_entry", {}),
    "api-v1:register-entry-cancel": ("register_entry", {}),
    # committees: an organization's committee page and steps, a post on its roster
    "committee": ("organization", {}),
    "committee_open_term": ("organization", {}),
    "committee_appoint": ("organization", {}),
    "committee_member_options": ("organization", {}),
    "committee_grant_roles": ("organization", {}),
    "committee_end_post": ("post_holding", {}),
    "api-v1:committee-detail": ("organization", {}),
    "api-v1:committee-terms": ("organization", {}),
    "api-v1:committee-appoint": ("organization", {}),
    "api-v1:committee-grant-roles": ("organization", {}),
    "api-v1:committee-post-detail": ("post_holding", {}),
    "api-v1:committee-post-end": ("post_holding", {}),
    # meetings: an organization's calendar and planning, one meeting and its steps
    "meeting_calendar": ("organization", {}),
    "meeting_plan": ("organization", {}),
    "meeting_planning_day": ("organization", {}),
    "meeting_detail": ("meeting", {}),
    "meeting_attendance": ("meeting", {}),
    "meeting_vote": ("meeting", {}),
    "meeting_workflow_vote": ("meeting", {}),
    "meeting_adopt": ("meeting", {}),
    "meeting_correct": ("meeting", {}),
    "meeting_agenda_item": ("meeting", {}),
    "meeting_excuse": ("meeting", {}),
    "meeting_material": ("meeting", {}),
    "meeting_material_file": ("meeting_material", {}),
    "my_meeting_material": ("meeting_material", {}),
    # the superior committee's followers of cells: a committee's page and steps, an assignment
    "meeting_followers": ("organization", {}),
    "meeting_follower_assign": ("organization", {}),
    "meeting_follower_end": ("follower", {}),
    "api-v1:meeting-detail": ("meeting", {}),
    "api-v1:meeting-attendance": ("meeting", {}),
    "api-v1:meeting-votes": ("meeting", {}),
    "api-v1:meeting-adopt": ("meeting", {}),
    # a resolution's tasks: an organization's list, a meeting's (give one), one task's steps
    "meeting_tasks": ("organization", {}),
    "meeting_task_add": ("meeting", {}),
    "meeting_task_done": ("resolution_task", {}),
    "meeting_task_review": ("resolution_task", {}),
    "api-v1:meeting-tasks-list": ("meeting", {}),
    "api-v1:meeting-task-detail": ("resolution_task", {}),
    "api-v1:meeting-task-done": ("resolution_task", {}),
    # the study: an organization's page and steps, the cell's comment on a commitment
    "study_organization": ("organization", {}),
    "study_plan": ("organization", {}),
    "study_sign": ("organization", {}),
    "study_comment": ("study_commitment", {}),
    # four-good: an organization's year, its month, its checklist's criteria
    "four_good": ("organization", {"year": [timezone.localdate().year]}),
    "four_good_month": ("organization", {"year": [timezone.localdate().year]}),
    "four_good_criterion_add": ("organization", {"year": [timezone.localdate().year]}),
    "four_good_criterion_active": ("four_good_criterion", {}),
    "api-v1:four-good-detail": ("organization", {}),
    "api-v1:four-good-months": ("organization", {}),
    "api-v1:four-good-criterion-detail": ("four_good_criterion", {}),
    # discipline: an organization's cases, one case, its steps and actions
    "discipline_org_cases": ("organization", {}),
    "discipline_case": ("discipline_case", {}),
    "discipline_case_step": ("discipline_case", {"step": list(DISCIPLINE_STEP_FORMS)}),
    "discipline_case_action": ("discipline_case", {"action": list(DISCIPLINE_ACTIONS)}),
    "api-v1:discipline-case-detail": ("discipline_case", {}),
    "api-v1:discipline-case-self-review": ("discipline_case", {}),
    "api-v1:discipline-case-proposal": ("discipline_case", {}),
    "api-v1:discipline-case-decision": ("discipline_case", {}),
    "api-v1:discipline-case-appeal": ("discipline_case", {}),
    "api-v1:discipline-case-appeal-outcome": ("discipline_case", {}),
    "api-v1:discipline-case-defer": ("discipline_case", {}),
    "api-v1:discipline-case-resume": ("discipline_case", {}),
    "api-v1:discipline-case-close": ("discipline_case", {}),
    "api-v1:discipline-case-state-notice": ("discipline_case", {}),
    # dues: an organization's summary and month, a cell's sheet, a member's ledger and steps
    "dues_summary": ("organization", {}),
    "dues_summary_xlsx": ("organization", {}),
    "dues_open_month": ("organization", {}),
    "dues_sheet": ("organization", {"year": ["2026"], "month": ["3"]}),
    "dues_sheet_xlsx": ("organization", {"year": ["2026"], "month": ["3"]}),
    "dues_sheet_pdf": ("organization", {"year": ["2026"], "month": ["3"]}),
    "dues_import": ("organization", {"year": ["2026"], "month": ["3"]}),
    # the evaluation: a grassroots organization's grades imported, the year's results
    "evaluation_import": ("organization", {"period_id": ["1"]}),
    "evaluation_import_template": ("organization", {"period_id": ["1"]}),
    "evaluation_results": ("organization", {"year": ["2025"]}),
    "evaluation_results_xlsx": ("organization", {"year": ["2025"]}),
    # the plan's dashboard and its files (plans.views.dashboard)
    "plan_dashboard": ("organization", {}),
    "plan_dashboard_xlsx": ("organization", {}),
    "plan_dashboard_pdf": ("organization", {}),
    # the records behind a figure of the plan (plans.views.records)
    "plan_records": ("organization", {"year": ["2025"], "measure": ["members_good"]}),
    # a superior splits its plan's targets down to its children (plans.views.shares)
    "plan_shares": ("organization", {}),
    "dues_member": ("member", {}),
    "dues_member_action": ("member", {"action": list(DUES_ACTIONS)}),
    "api-v1:dues-month-detail": ("dues_month", {}),
    "api-v1:dues-month-pay": ("dues_month", {}),
    "api-v1:dues-month-excuse": ("dues_month", {}),
    # inspection and supervision: an organization's list and plan, a plan, an inspection and its
    # steps, a follow-up action; feedback: an organization's list, recording, an item, answering
    "inspection_list": ("organization", {}),
    "inspection_plan_adopt": ("organization", {}),
    "inspection_plan_detail": ("inspection_plan", {}),
    "inspection_schedule": ("inspection_plan", {}),
    "inspection_detail": ("inspection", {}),
    "inspection_action": ("inspection", {"action": list(inspection_services.STEP_SERVICES)}),
    "inspection_follow_up_done": ("inspection_follow_up", {}),
    "inspection_member_options": ("organization", {}),
    "feedback_list": ("organization", {}),
    "feedback_receive": ("organization", {}),
    "feedback_detail": ("feedback", {}),
    "feedback_answer": ("feedback", {}),
    "api-v1:inspection-plan-detail": ("inspection_plan", {}),
    "api-v1:inspection-plan-schedule": ("inspection_plan", {}),
    "api-v1:inspection-detail": ("inspection", {}),
    "api-v1:inspection-team": ("inspection", {}),
    "api-v1:inspection-findings": ("inspection", {}),
    "api-v1:inspection-conclude": ("inspection", {}),
    "api-v1:inspection-follow-ups": ("inspection", {}),
    "api-v1:inspection-open-inspection": ("inspection", {}),
    "api-v1:inspection-discipline": ("inspection", {}),
    "api-v1:inspection-follow-up-detail": ("inspection_follow_up", {}),
    "api-v1:inspection-follow-up-done": ("inspection_follow_up", {}),
    "api-v1:feedback-detail": ("feedback", {}),
    "api-v1:feedback-answer": ("feedback", {}),
    # evaluation: an organization's periods, its grading page and actions (the organization is
    # looked up first: out of scope, any period is a 404), one evaluation and its steps
    "evaluation_org": ("organization", {}),
    "evaluation_grading": ("organization", {"period": ["1"]}),
    "evaluation_close": ("organization", {"period": ["1"]}),
    "evaluation_grading_action": (
        "organization",
        {"period": ["1"], "action": list(EVALUATION_GRADING_ACTIONS)},
    ),
    "evaluation_detail": ("evaluation", {}),
    "evaluation_decision": ("grade_decision", {}),
    "evaluation_action": ("evaluation", {"action": list(EVALUATION_ACTIONS)}),
    "api-v1:evaluation-period-detail": ("evaluation_period", {}),
    "api-v1:evaluation-period-close": ("evaluation_period", {}),
    "api-v1:evaluation-period-decide": ("evaluation_period", {}),
    "api-v1:evaluation-period-quota": ("evaluation_period", {}),
    "api-v1:evaluation-detail": ("evaluation", {}),
    "api-v1:evaluation-review": ("evaluation", {}),
    "api-v1:evaluation-verify": ("evaluation", {}),
    "api-v1:evaluation-change": ("evaluation", {}),
    # reports up the tree: a superior's schedule and its view of a period; an organization's
    # report owed (the organization first: out of scope, any schedule is a 404); a report
    "report_schedule": ("organization", {}),
    "report_owed": ("organization", {"schedule_pk": ["1"], "end": ["2025-12-15"]}),
    "report_overview": ("report_schedule", {}),
    "report_overview_xlsx": ("report_schedule", {}),
    "report_detail": ("report", {}),
    "report_refresh": ("report", {}),
    "report_xlsx": ("report", {}),
    "report_step": ("report", {"name": list(REPORT_STEPS)}),
    "api-v1:report-schedule-detail": ("report_schedule", {}),
    "api-v1:report-schedule-overview": ("report_schedule", {}),
    "api-v1:report-detail": ("report", {}),
    "api-v1:report-refresh": ("report", {}),
    "api-v1:report-narrative": ("report", {}),
    "api-v1:report-submit": ("report", {}),
    "api-v1:report-return": ("report", {}),
    "api-v1:report-accept": ("report", {}),
    # import jobs (a job is its uploader's)
    "import_job": ("import_job", {}),
    "import_job_progress": ("import_job", {}),
    "import_job_confirm": ("import_job", {}),
    "import_job_errors": ("import_job", {}),
    # awards: an organization's due list, badges and commendations; a badge and its steps; a
    # member's awards page; a commendation and its actions
    "awards_due": ("organization", {}),
    "awards_badges": ("organization", {}),
    "awards_commendations": ("organization", {}),
    "awards_badge": ("badge_award", {}),
    "awards_badge_step": ("badge_award", {"step": list(AWARDS_BADGE_STEPS)}),
    "awards_member": ("member", {}),
    "awards_commendation": ("commendation", {}),
    "awards_commendation_action": ("commendation", {"action": ["correct", "revoke"]}),
    "api-v1:commendation-detail": ("commendation", {}),
    "api-v1:commendation-correct": ("commendation", {}),
    "api-v1:commendation-revoke": ("commendation", {}),
    "api-v1:badge-award-detail": ("badge_award", {}),
    "api-v1:badge-award-decide": ("badge_award", {}),
    "api-v1:badge-award-present": ("badge_award", {}),
    "api-v1:badge-award-withdraw": ("badge_award", {}),
    "api-v1:badge-award-return-badge": ("badge_award", {}),
    "api-v1:badge-award-reissue": ("badge_award", {}),
    "api-v1:badge-award-family": ("badge_award", {}),
}

#: url name -> why its arguments name no object
NO_OBJECT = {
    "organization_export": "fmt is a file format; the rows come from visible_to",
    "import_template": "fmt is a file format; an empty template",
    # day swaps belong to no organization: every signed-in user reads them, and only the office
    # whose editing scope is the whole tree writes them, others get 404 (tests/core/test_dayswaps)
    "day_swap_edit": "a day swap, the whole tree's (tests/core/test_dayswaps.py)",
    "day_swap_delete": "a day swap, the whole tree's (tests/core/test_dayswaps.py)",
    "api-v1:day-swap-detail": "a day swap, the whole tree's (tests/core/test_dayswaps.py)",
}

#: resolver namespaces left out, with why
SKIPPED_NAMESPACES = {"admin": "the admin site is for superusers only, who reach everything"}
#: tables a read may write (the session and the cache), left out of the snapshot


def object_patterns(resolver=None, namespace: str = "", outer: frozenset = frozenset()):
    """(url name, argument names) of every pattern with arguments, outside `SKIPPED_NAMESPACES`;
    a pattern's arguments include those of the prefixes it is included under (`outer`)."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace in SKIPPED_NAMESPACES:
                continue
            yield from object_patterns(
                p, p.namespace or namespace, outer | set(p.pattern.regex.groupindex)
            )
        elif isinstance(p, URLPattern):
            groups = outer | set(p.pattern.regex.groupindex)
            # a DRF format suffix (`<pk>.json`) is the twin of the pattern without it
            if groups and "format" not in groups:
                name = f"{namespace}:{p.name}" if namespace and p.name else p.name
                yield name, groups


def _probationer(org):
    return member_services.register_member(
        {
            "family_name": "Trịnh",
            "middle_name": "Thị",
            "given_name": "Lan",
            "sex": "female",
            "birth_date": D(1999, 2, 1),
            "cccd": f"0021990{next(_seq):05d}",
            "admitted_on": D(2024, 6, 1),
        },
        organization=org,
        active_from=D(2024, 6, 1),
        status="probationary",
        event_kind="admitted",
        document_number="1-QĐ/ĐUK",
    )


def _candidate(cell):
    candidate = admission_services.create_candidate(
        {
            "family_name": "Lê",
            "middle_name": "Thị",
            "given_name": "Mai",
            "sex": "female",
            "birth_date": D(2000, 3, 15),
            "cccd": f"0021000{next(_seq):05d}",
            "education_general": "upper_secondary",
            "source": "staff",
            "occupation": "Giảng viên",
        },
        cell=cell,
    )
    step = admission_services.record_awareness_course(
        candidate, date=D(2023, 3, 10), certificate_number="9-CN/TTCT"
    )
    return candidate, step


def _inspection(cell, member):
    """A concluded inspection of `member` by `cell`'s committee, in its plan, with an action."""
    plan = inspection_services.adopt_plan(
        cell, body="committee", year=2025, title="KH 2025", adopted_on=D(2025, 1, 5)
    )
    inspection = inspection_services.schedule(
        plan, activity="supervision", kind="regular", topic="Nội dung", starts_on=D(2025, 2, 3),
        ends_on=D(2025, 2, 28), subject_organization=cell,
    )  # fmt: skip
    inspection_services.set_team(inspection, leader=member, members=[make_member(cell, "Tổ")])
    inspection_services.conclude(inspection, conclusion="Tốt", concluded_on=D(2025, 3, 3))
    inspection_services.add_follow_up(inspection, what="Việc", responsible="Chi bộ")
    return inspection


def _evaluation(cell, member):
    """A period the cell opened for itself and its member's self-assessment in it."""
    period = evaluation_services.open_period(
        cell, kind="year", year=2025, cells_due_on=D(2025, 12, 15),
        grassroots_due_on=D(2026, 1, 10), superior_due_on=D(2026, 1, 20),
        opened_on=D(2025, 11, 15),
    )  # fmt: skip
    evaluation = evaluation_services.self_assess(
        period, member=member, form="2A", self_grade="good", on=D(2025, 12, 1), score=80,
        tasks_on_time=100, tasks_beyond=10,
    )  # fmt: skip
    return period, evaluation


def _report(cell):
    """The cell's report of 2025 under a schedule its parent sets for the cells."""
    schedule = plans_services.set_schedule(
        cell.get_parent(), kind="year", day=15, level="cells", starts_on=D(2025, 1, 1)
    )
    return plans_services.draft_report(cell, schedule=schedule, period_end=D(2025, 12, 15))


def outside_objects(cell, uploader) -> dict[str, str]:
    """One object of each kind in `cell`, as the URL argument that names it."""
    member = make_member(cell, "Khoa", family="Đinh")
    transfer = member_services.issue_transfer(
        member,
        kind="temporary",
        letter_number="7-GGT",
        issued_on=D(2025, 3, 3),
        to_outside="Chi bộ Công ty Điện lực",
        until=D(2025, 9, 3),
    )
    candidate, step = _candidate(cell)
    job = ImportJob.objects.create(user=uploader, organization=cell, filename="dang-vien.xlsx")
    entry = document_services.issue_number(
        organization=cell,
        doc_type="GGT",
        issued_on=D(2025, 3, 3),
        summary="Giấy giới thiệu sinh hoạt đảng",
        subject=member,
    )
    term = committee_services.open_term(
        cell, start_year=2025, end_year=2030, congress_date=D(2025, 5, 1)
    )
    holding = committee_services.appoint(term, member, post="secretary", started_on=D(2025, 5, 1))
    meeting = meeting_services.plan_meeting(cell, kind="regular", date=D(2025, 3, 3), topic="T3")
    # a member of the committee above the cell follows it
    parent = cell.get_parent()
    parent_term = committee_services.open_term(
        parent, start_year=2025, end_year=2030, congress_date=D(2025, 5, 1)
    )
    committee_services.appoint(
        parent_term, member, post="committee_member", started_on=D(2025, 5, 1)
    )
    follower = meeting_services.assign_follower(parent, cell, member, started_on=D(2025, 6, 1))
    body_template = document_services.save_body_template(
        cell, BodyKind.TRANSFER_LETTER, "Giới thiệu đồng chí {{ member.full_name }}."
    )
    account = add_user(f"tk_{cell.code.lower()}", organization=cell, role="member")
    dues_services.set_basis(member, category="student", valid_from=D(2025, 3, 1))
    dues_services.open_month(cell, D(2025, 3, 1))
    inspection = _inspection(cell, member)
    period, evaluation = _evaluation(cell, member)
    report = _report(cell)
    return {
        "report": report.pk,
        "report_schedule": report.schedule_id,
        "user": account.pk,
        "role_assignment": account.role_assignments.get().pk,
        "organization": cell.code,
        "member": member.pk,
        "transfer": transfer.pk,
        "candidate": candidate.pk,
        "admission_step": step.pk,
        "probation": _probationer(cell).pk,
        "import_job": job.pk,
        "register_entry": entry.pk,
        "issued_document": document_services.issue_document(
            "transfer_letter", transfer, signer_name="Lê Thị Hà"
        ).pk,
        "post_holding": holding.pk,
        "body_template": body_template.pk,
        "letter_batch": document_services.start_letter_batch([transfer], actor=None).pk,
        "meeting": meeting.pk,
        "follower": follower.pk,
        "meeting_material": meeting_services.publish_material(
            meeting,
            kind="other",
            title="Tài liệu",
            published_on=D(2025, 3, 1),
            file=ContentFile(b"tai lieu", name="tai-lieu.txt"),
        ).pk,
        "resolution_task": meeting_services.add_task(
            meeting, what="Việc", due_on=D(2025, 4, 3), body="whole"
        ).pk,
        "discipline_case": discipline_services.open_case(
            member=member,
            breach="Vi phạm",
            breach_on=D(2025, 1, 6),
            offence="art9",
            proposed_penalty="reprimand",
            opened_on=D(2025, 2, 3),
        ).pk,
        "dues_month": member.dues_months.get().pk,
        "inspection_plan": inspection.plan_id,
        "inspection": inspection.pk,
        "inspection_follow_up": inspection.follow_ups.get().pk,
        "feedback": inspection_services.receive_feedback(
            about_organization=cell,
            committee=cell,
            channel="letter",
            sender_kind="citizen",
            summary="Phản ánh",
            content="Nội dung",
            received_on=D(2025, 3, 3),
            sender_name="Ông A",
        ).pk,
        "badge_award": awards_services.propose_badge(
            make_member(
                cell,
                "Lão",
                family="Đinh",
                birth_date=D(1960, 1, 1),
                admitted_on=D(1990, 1, 1),
                recognized_on=D(1991, 1, 1),
            ),
            years=30,
            occasion=D(2025, 5, 19),
            proposed_on=D(2025, 3, 1),
        ).pk,  # fmt: skip
        "commendation": awards_services.record_commendation(
            member=member,
            level="bloc",
            kind="merit",
            reason="Xuất sắc",
            year=2024,
            decision_number="3-QĐ",
            decision_on=D(2025, 1, 5),
            issued_by="Đảng ủy Khối",
        ).pk,  # fmt: skip
        # a criterion set in the cell itself (a committee sets them: made directly here)
        "four_good_criterion": FourGoodCriterion.objects.create(
            organization=cell, pillar="tasks", text="Tiêu chí"
        ).pk,
        "evaluation_period": period.pk,
        "evaluation": evaluation.pk,
        # a decision of the cell's period (made directly: the steps issue it at a grassroots)
        "grade_decision": GradeDecision.objects.create(
            organization=cell, period=period, subject_kind="member", decided_on=D(2026, 1, 5)
        ).pk,
        "study_commitment": meeting_services.sign_commitment(
            member, year=timezone.localdate().year, actions=["Việc một", "Việc hai"]
        ).pk,
    }


@pytest.fixture
def outside(tree, personas):
    """persona -> the objects of a cell outside their scope: another cell of the same
    committee, another grassroots organization, another tree."""
    root = org_services.create_organization(
        None, code="TWX", name="Đảng ủy Khối X", kind="superior", established_on=D(2015, 1, 1)
    )
    other_tree = org_services.create_organization(
        root,
        code="TWX-CB",
        name="Chi bộ X",
        kind="grassroots_cell",
        established_on=D(2015, 1, 1),
    )
    stranger = add_user("nguoi_ngoai", organization=other_tree, role="secretary", password=PASSWORD)
    return {
        "cell_secretary": outside_objects(tree["DUK-BK-CK"], stranger),
        "bk_secretary": outside_objects(tree["DUK-KT"], stranger),
        "office": outside_objects(other_tree, stranger),
    }


def test_every_object_url_is_known():
    unknown = [
        name
        for name, _groups in object_patterns()
        if name not in OBJECT_URLS and name not in NO_OBJECT
    ]
    assert unknown == [], "add these URL names to OBJECT_URLS (or NO_OBJECT) of this walk"
    for name, groups in object_patterns():
        if name in OBJECT_URLS:
            kind, extra = OBJECT_URLS[name]
            assert groups - {"pk", "code"} == set(extra), name
            assert groups & {"pk", "code"}, name


def _urls(objects: dict[str, str]):
    for name, groups in object_patterns():
        if name in NO_OBJECT:
            continue
        kind, extra = OBJECT_URLS[name]
        key = "code" if "code" in groups else "pk"
        base = {key: objects[kind]}
        names = list(extra)
        for values in itertools.product(*(extra[n] for n in names)):
            yield name, reverse(name, kwargs={**base, **dict(zip(names, values, strict=True))})


@pytest.mark.parametrize("persona", ["office", "bk_secretary", "cell_secretary"])
def test_out_of_scope_is_404(client, personas, outside, persona):
    verified_login(client, personas[persona])
    client.cookies["django_language"] = "en"
    before = snapshot()
    wrong = []
    urls = list(_urls(outside[persona]))
    assert {name for name, _url in urls} == set(OBJECT_URLS)
    for name, url in urls:
        got = client.get(url).status_code
        posted = client.post(url, {}).status_code
        # a view that takes one method only answers 405 to the other
        if got not in (404, 405) or posted not in (404, 405) or 404 not in (got, posted):
            wrong.append((name, url, got, posted))
    assert wrong == []
    assert snapshot() == before


def test_the_walk_reaches_objects_in_scope(client, personas, outside):
    """The same URLs do answer for an object in scope: the 404s above are the scope's."""
    verified_login(client, personas["office"])
    objects = outside["cell_secretary"]  # in the office's scope
    assert client.get(reverse("member_detail", kwargs={"pk": objects["member"]})).status_code == 200
    assert (
        client.get(reverse("org_detail", kwargs={"code": objects["organization"]})).status_code
        == 200
    )
    assert (
        client.get(reverse("candidate_detail", kwargs={"pk": objects["candidate"]})).status_code
        == 200
    )
    assert (
        client.get(
            reverse("api-v1:transfer-detail", kwargs={"pk": objects["transfer"]})
        ).status_code
        == 200
    )
