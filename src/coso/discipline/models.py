"""A discipline case (vụ việc kỷ luật) against a member or a party organization, and its steps.

A `DisciplineCase` belongs to the organization that handles it (a member's cell, the superior
of an organization disciplined) and moves through the steps of `choices.Step`; each step done
is a `CaseStep` row (date, document, who). The case keeps its last step, its status, the penalty
decided and the dates that make to-do items (the appeal's last day, the state body's notice), so
lists and the to-do screening filter in SQL. Workflow fields change only through
`coso.discipline.services`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import Recorded, optional_ref
from coso.core.scope import ScopedQuerySet
from coso.core.text import fold
from coso.documents.models import IssuedDocument
from coso.meetings.models import Meeting
from coso.members.models import Member
from coso.orgs.models import Organization, organization_ref

from .choices import AppealOutcome, CaseStatus, DecidingBody, Penalty, Step, SubjectKind

#: the steps in order
STEPS: list[str] = list(Step.values)

#: the steps that may follow each one (a member's self-review is followed by the cell's vote;
#: an organization's by the decision or the proposal upward)
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    Step.OPENED: (Step.SELF_REVIEW,),
    Step.SELF_REVIEW: (Step.DECISION, Step.PROPOSAL),
    Step.CELL_VOTE: (Step.DECISION, Step.PROPOSAL),
    Step.PROPOSAL: (Step.DECISION,),
    Step.DECISION: (Step.APPEAL,),
    Step.APPEAL: (Step.APPEAL_OUTCOME,),
}


class CaseQuerySet(ScopedQuerySet):
    # a case is a personal record: not for a plain member's names-only role
    scope_path = "organization__path"
    scope_records = True
    scope_never_null = True

    def in_subtree(self, org: Organization) -> CaseQuerySet:
        return self.filter(organization__path__startswith=org.path)

    def search(self, text: str) -> CaseQuerySet:
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def vn_ordered(self) -> CaseQuerySet:
        return self.order_by("sort_key", "-breach_on", "id")

    def penalized(self) -> CaseQuerySet:
        """Cases decided with a penalty that stands (an annulled one does not count)."""
        return self.filter(status=CaseStatus.DECIDED).exclude(appeal_outcome=AppealOutcome.ANNULLED)


class DisciplineCase(models.Model):
    """One case: its subject (a member or an organization), the breach and its offence, the
    penalty proposed, then what its steps decided."""

    organization = organization_ref("discipline_cases", _("handled by"))
    subject_kind = models.CharField(_("subject"), max_length=16, choices=SubjectKind.choices)
    member = optional_ref(Member, models.PROTECT, "discipline_cases", _("member"))
    subject_organization = optional_ref(
        Organization, models.PROTECT, "discipline_subject_cases", _("organization disciplined")
    )
    holds_office = models.BooleanField(
        _("holds an office"),
        default=False,
        help_text=_("A party, state or mass-organization post (dismissal needs one)."),
    )
    breach = models.TextField(_("breach"))
    breach_on = models.DateField(_("date of the breach"))
    offence = models.CharField(_("offence (article of Regulation 69)"), max_length=16)
    proposed_penalty = models.CharField(
        _("penalty proposed"), max_length=12, choices=Penalty.choices
    )
    opened_on = models.DateField(_("opened on"))
    # workflow (services only)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    step = models.CharField(_("last step done"), max_length=16, choices=Step.choices)
    step_on = models.DateField(_("date of the last step"))
    self_review_refused = models.BooleanField(_("refused the self-review"), default=False)
    self_proposed_penalty = models.CharField(
        _("penalty the subject proposed"), max_length=12, choices=Penalty.choices, blank=True
    )
    voted_penalty = models.CharField(
        _("penalty voted"), max_length=12, choices=Penalty.choices, blank=True
    )
    proposed_to = optional_ref(
        Organization, models.PROTECT, "discipline_proposals", _("proposed to")
    )
    penalty = models.CharField(
        _("penalty decided"), max_length=12, choices=Penalty.choices, blank=True
    )
    decided_by = optional_ref(
        Organization, models.PROTECT, "discipline_decisions", _("deciding organization")
    )
    decision_body = models.CharField(
        _("deciding body"), max_length=24, choices=DecidingBody.choices, blank=True
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    # the decision issued through the documents register (none: a number given by hand)
    decision_document = optional_ref(IssuedDocument, models.PROTECT, "+", _("decision issued"))
    decision_on = models.DateField(_("decision date"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    appeal_due_on = models.DateField(_("last day to appeal"), null=True, blank=True)
    appealed_on = models.DateField(_("appealed on"), null=True, blank=True)
    appeal_outcome = models.CharField(
        _("appeal's outcome"), max_length=10, choices=AppealOutcome.choices, blank=True
    )
    state_body = models.CharField(_("state body employing the member"), max_length=255, blank=True)
    state_notice_due_on = models.DateField(_("state body's notice due"), null=True, blank=True)
    state_notice_on = models.DateField(_("state body's notice received"), null=True, blank=True)
    deferral_reason = models.CharField(_("reason for deferral"), max_length=16, blank=True)
    deferred_until = models.DateField(_("deferred until"), null=True, blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    # derived (services)
    subject_name = models.CharField(_("subject"), max_length=255)
    sort_key = models.CharField(max_length=255, db_index=True)
    search_text = models.CharField(max_length=400, blank=True)

    history = HistoricalRecords(excluded_fields=["sort_key", "search_text"])
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("discipline case")
        verbose_name_plural = _("discipline cases")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["status", "appeal_due_on"]),
            models.Index(fields=["decision_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, subject_organization__isnull=True)
                | Q(member__isnull=True, subject_organization__isnull=False),
                name="discipline_case_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} — {self.get_proposed_penalty_display()}"

    @property
    def next_steps(self) -> list[str]:
        """The steps that may follow the last one (none while deferred or once closed)."""
        if self.status in (CaseStatus.DEFERRED, CaseStatus.CLOSED):
            return []
        if self.step == Step.SELF_REVIEW and self.subject_kind != SubjectKind.ORGANIZATION:
            return [Step.CELL_VOTE]
        return list(NEXT_STEPS.get(self.step, ()))


class CaseStepQuerySet(ScopedQuerySet):
    scope_path = "case__organization__path"
    scope_records = True


class CaseStep(Recorded):
    """One step done on a case, with its paper and who entered it."""

    case = models.ForeignKey(
        DisciplineCase, on_delete=models.CASCADE, related_name="steps", verbose_name=_("case")
    )
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    date = models.DateField(_("date"))
    penalty = models.CharField(_("penalty"), max_length=12, choices=Penalty.choices, blank=True)
    organization = optional_ref(Organization, models.PROTECT, "+", _("organization"))
    meeting = optional_ref(Meeting, models.PROTECT, "discipline_steps", _("meeting"))
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    vote_base = models.PositiveIntegerField(_("official members"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = CaseStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("step of a discipline case")
        verbose_name_plural = _("steps of discipline cases")
        ordering = ["case", "date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="discipline_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_step_display()} ({self.date})"
