"""An evaluation (kiểm điểm, đánh giá, xếp loại) of a member or of an organization in a
period, and the changes of a decided result.

One row per subject and period, made at the subject's self-assessment (a member's form 2A/2B/2C,
an organization's report, form 01) and carried by the steps of `coso.evaluation.services`: the
review and proposal (a member's cell votes at its meeting; an organization's superior proposes),
the verification by the level above, the decision (the grassroots committee decides members',
the superior's standing committee organizations'), issued as a document through the register.
A decided evaluation is locked: a change is a `GradeChange` with its reason and the earlier
grade, made only through `change_grade`. The quota (EXCELLENT at most a share of those GOOD or
better) counts within `quota_unit`: the grassroots organization of a member or a cell, the
superior of a grassroots organization.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import Recorded, optional_ref, ref
from coso.core.scope import ScopedQuerySet
from coso.core.text import fold
from coso.documents.models import IssuedDocument
from coso.meetings.models import Meeting
from coso.members.models import Member
from coso.orgs.models import Organization, organization_ref

from ..choices import Form, Grade, Stage, SubjectKind
from .period import EvaluationPeriod

PERCENT = {"null": True, "blank": True}


class EvaluationQuerySet(ScopedQuerySet):
    # a member's self-assessment and grade are personal records
    scope_path = "organization__path"
    scope_records = True
    scope_never_null = True

    def members(self) -> EvaluationQuerySet:
        return self.filter(subject_kind=SubjectKind.MEMBER)

    def organizations(self) -> EvaluationQuerySet:
        return self.filter(subject_kind=SubjectKind.ORGANIZATION)

    def in_subtree(self, org: Organization) -> EvaluationQuerySet:
        return self.filter(organization__path__startswith=org.path)

    def search(self, text: str) -> EvaluationQuerySet:
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def vn_ordered(self) -> EvaluationQuerySet:
        return self.order_by("sort_key", "id")


class DecisionQuerySet(ScopedQuerySet):
    scope_path = "organization__path"
    scope_never_null = True


class Evaluation(Recorded):
    """A member's or an organization's evaluation in a period: the self-assessment, the score
    sheet (from 2025), the grades proposed and decided, and where it stands."""

    period = ref(EvaluationPeriod, models.PROTECT, "evaluations", _("period"))
    subject_kind = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices)
    member = optional_ref(Member, models.PROTECT, "evaluations", _("member"))
    # a member's: their cell at the self-assessment; an organization's: itself
    organization = organization_ref("evaluations", _("organization"))
    # the unit the quota counts in (a grassroots organization, or the superior of one)
    quota_unit = ref(Organization, models.PROTECT, "+", _("quota counted in"))
    form = models.CharField(_("form"), max_length=2, choices=Form.choices)
    # --- the self-assessment (DOMAIN.md §12) ---
    strengths = models.TextField(_("strengths and results"), blank=True)
    limitations = models.TextField(_("limitations and their causes"), blank=True)
    fixes = models.TextField(_("fixes of earlier shortcomings"), blank=True)
    collective_responsibility = models.TextField(
        _("responsibility for the collective's shortcomings"), blank=True
    )
    plan = models.TextField(_("plan to fix"), blank=True)
    shortcomings_fixed = models.BooleanField(_("earlier shortcomings fixed"), default=True)
    # --- the score sheet (from 2025; empty before) ---
    criteria_points = models.DecimalField(
        _("points: common criteria"), max_digits=5, decimal_places=2, **PERCENT
    )
    task_points = models.DecimalField(
        _("points: task results"), max_digits=5, decimal_places=2, **PERCENT
    )
    score = models.DecimalField(_("score (of 100)"), max_digits=5, decimal_places=2, **PERCENT)
    tasks_on_time = models.PositiveSmallIntegerField(_("tasks on time (%)"), **PERCENT)
    tasks_beyond = models.PositiveSmallIntegerField(_("tasks beyond requirement (%)"), **PERCENT)
    self_grade = models.CharField(_("grade proposed by the subject"), max_length=10,
                                  choices=Grade.choices)  # fmt: skip
    self_assessed_on = models.DateField(_("self-assessed on"))
    # --- the review (a member's cell votes at its meeting; an organization's superior) ---
    proposed_grade = models.CharField(
        _("grade proposed"), max_length=10, choices=Grade.choices, blank=True
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    # the cell's meeting that reviewed a member (its vote: the meeting's vote on this
    # evaluation, `MeetingVote.workflow == "evaluation"`)
    meeting = optional_ref(Meeting, models.PROTECT, "+", _("meeting"))
    # --- the verification by the level above ---
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = optional_ref(Organization, models.PROTECT, "+", _("verified by"))
    verification_note = models.CharField(_("verification note"), max_length=255, blank=True)
    # --- the decision ---
    grade = models.CharField(_("grade decided"), max_length=10, choices=Grade.choices,
                             blank=True)  # fmt: skip
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision = optional_ref("GradeDecision", models.PROTECT, "evaluations", _("decision"))
    # the rule's caps met when the grade was decided (kept for the record)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    # an organization's four-good title for the year (empty: not considered)
    four_good = models.BooleanField(_("four-good title"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=14, choices=Stage.choices)
    # the member's or organization's name, folded (search) and sortable
    sort_key = models.CharField(max_length=255, blank=True, editable=False)
    search_text = models.CharField(max_length=255, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["sort_key", "search_text"])

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "member"],
                condition=Q(member__isnull=False),
                name="evaluation_member_once",
            ),
            models.UniqueConstraint(
                fields=["period", "organization"],
                condition=Q(subject_kind=SubjectKind.ORGANIZATION),
                name="evaluation_organization_once",
            ),
            models.CheckConstraint(
                condition=Q(subject_kind=SubjectKind.ORGANIZATION, member__isnull=True)
                | Q(subject_kind=SubjectKind.MEMBER, member__isnull=False),
                name="evaluation_subject",
            ),
        ]
        indexes = [
            # a unit's evaluations in a period: its members in Vietnamese order (paged), and
            # on PostgreSQL what the quota and the cells' counts read, from the index alone
            models.Index(
                fields=["period", "quota_unit", "subject_kind", "sort_key", "id"],
                include=["organization", "stage", "grade", "proposed_grade", "self_grade"],
                name="evaluation_unit_rows",
            ),
            models.Index(fields=["organization", "period"]),
            # a unit's evaluations not yet decided, few once the unit has decided: the to-do
            # list's decisions pending (`coso.evaluation.todo.MembersDecisionSource`) find
            # none without reading the unit's decided ones
            models.Index(
                fields=["period", "quota_unit", "subject_kind"],
                condition=~Q(stage=Stage.DECIDED),
                name="evaluation_undecided",
            ),
            # the members reviewed in a period with the cell as their organization, from the
            # index alone (the to-do list's cells to review: `coso.evaluation.todo`)
            models.Index(
                fields=["organization", "period", "member"],
                condition=Q(member__isnull=False) & ~Q(proposed_grade=""),
                name="evaluation_reviewed_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} ({self.period})"

    @property
    def subject_name(self) -> str:
        return str(self.member) if self.member_id else self.organization.name

    @property
    def current_grade(self) -> str:
        """The grade decided, else proposed, else the subject's own."""
        return self.grade or self.proposed_grade or self.self_grade

    @property
    def locked(self) -> bool:
        return self.stage == Stage.DECIDED


class GradeDecision(Recorded):
    """A decision on grades (quyết định công nhận kết quả xếp loại): a grassroots committee's on
    its members, a superior's standing committee's on its organizations. One decision covers
    many evaluations; it is issued through the documents register, or numbered by hand."""

    period = ref(EvaluationPeriod, models.PROTECT, "decisions", _("period"))
    organization = organization_ref("grade_decisions", _("decided by"))
    subject_kind = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices)
    decided_on = models.DateField(_("decided on"))
    number = models.CharField(_("decision number"), max_length=50, blank=True)
    document = optional_ref(IssuedDocument, models.PROTECT, "+", _("decision issued"))

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision on grades")
        verbose_name_plural = _("decisions on grades")
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return self.number or str(self.period)


class ChangeQuerySet(ScopedQuerySet):
    scope_path = "evaluation__organization__path"
    scope_records = True
    scope_never_null = True


class GradeChange(Recorded):
    """A change of a decided (locked) grade: the earlier grade is kept with the reason."""

    evaluation = ref(Evaluation, models.CASCADE, "changes", _("evaluation"))
    old_grade = models.CharField(_("earlier grade"), max_length=10, choices=Grade.choices)
    new_grade = models.CharField(_("new grade"), max_length=10, choices=Grade.choices)
    reason = models.TextField(_("reason"))
    changed_on = models.DateField(_("changed on"))
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("change of a grade")
        verbose_name_plural = _("changes of grades")
        ordering = ["changed_on", "id"]
