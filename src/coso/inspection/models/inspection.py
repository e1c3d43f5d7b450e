"""Yearly plans, inspections and supervisions, their teams, findings and follow-up actions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import Recorded, optional_ref, ref
from coso.discipline.models import DisciplineCase
from coso.members.models import Member
from coso.orgs.models import Organization, organization_ref

from ..choices import Activity, FollowUpState, InspectionKind, InspectionState, PlanBody, TeamRole
from ..scope import HandledQuerySet


class PlanQuerySet(HandledQuerySet):
    scope_path = "organization__path"


class InspectionPlan(Recorded):
    """A committee's or its inspection committee's yearly inspection and supervision plan
    (DOMAIN §6, §15: cells adopt one too); its inspections are the schedule."""

    organization = organization_ref("inspection_plans")
    body = models.CharField(_("adopted by"), max_length=24, choices=PlanBody.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    adopted_on = models.DateField(_("adopted on"))
    document_number = models.CharField(_("document number"), max_length=64, blank=True)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection and supervision plan")
        verbose_name_plural = _("inspection and supervision plans")
        ordering = ["-year", "organization", "body"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "body", "year"], name="inspection_plan_one_a_year"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class InspectionQuerySet(HandledQuerySet):
    """Scoped by the organization that inspects (its committee or inspection committee)."""

    scope_path = "organization__path"

    def concluded(self):
        return self.filter(state=InspectionState.CONCLUDED)


class Inspection(Recorded):
    """One inspection or supervision of one subject (an organization or a member), scheduled
    in a plan or opened on signs of violation (from a supervision or a feedback item).

    A conclusion that `proposes_discipline` may open one discipline case against the same
    subject (issue 12: "an inspection can open a discipline case"):
    `services.inspections.open_discipline_case` calls discipline's service (discipline sits
    below inspection in the layers) and links the case here (`discipline_case`)."""

    organization = organization_ref("inspections", _("inspecting organization"))
    body = models.CharField(_("conducted by"), max_length=24, choices=PlanBody.choices)
    plan = optional_ref(InspectionPlan, models.PROTECT, "inspections", _("plan"))
    activity = models.CharField(_("activity"), max_length=12, choices=Activity.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=InspectionKind.choices)
    subject_organization = optional_ref(
        Organization, models.PROTECT, "inspected", _("organization inspected")
    )
    subject_member = optional_ref(Member, models.PROTECT, "inspections", _("member inspected"))
    topic = models.CharField(_("content"), max_length=500)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    state = models.CharField(
        _("state"), max_length=12, choices=InspectionState.choices, default=InspectionState.PLANNED
    )
    opened_from = optional_ref(
        "self", models.PROTECT, "opened_inspections", _("opened from the supervision")
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    violation = models.BooleanField(_("violation found"), default=False)
    proposes_discipline = models.BooleanField(_("proposes discipline"), default=False)
    discipline_case = optional_ref(
        DisciplineCase, models.PROTECT, "inspections", _("discipline case opened"),
        one_to_one=True,
    )  # fmt: skip

    history = HistoricalRecords()
    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection or supervision")
        verbose_name_plural = _("inspections and supervisions")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject_organization__isnull=False, subject_member__isnull=True)
                | Q(subject_organization__isnull=True, subject_member__isnull=False),
                name="inspection_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="inspection_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()}: {self.topic}"

    @property
    def subject_name(self) -> str:
        if self.subject_member_id:
            return self.subject_member.full_name
        return self.subject_organization.name


class PartQuerySet(HandledQuerySet):
    """The parts of an inspection: scoped by the inspecting organization."""

    scope_path = "inspection__organization__path"


class TeamMember(models.Model):
    """A member of the inspection team (đoàn kiểm tra, tổ giám sát)."""

    inspection = ref(Inspection, models.CASCADE, "team", _("inspection"))
    member = ref(Member, models.PROTECT, "inspection_teams", _("member"))
    role = models.CharField(_("role in the team"), max_length=8, choices=TeamRole.choices)

    history = HistoricalRecords()
    objects = PartQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["inspection", "role", "member__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "member"], name="team_member_once"),
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(role="leader"), name="team_one_leader"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.member}"


class Finding(models.Model):
    """What the team found: a strength, a shortcoming or a sign of violation."""

    inspection = ref(Inspection, models.CASCADE, "findings", _("inspection"))
    text = models.TextField(_("finding"))
    violation = models.BooleanField(_("sign of violation"), default=False)
    recorded_on = models.DateField(_("recorded on"))

    history = HistoricalRecords()
    objects = PartQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "recorded_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class FollowUpQuerySet(PartQuerySet):
    def in_state(self, state: str, today):
        if state == FollowUpState.DONE:
            return self.filter(done_on__isnull=False)
        if state == FollowUpState.OVERDUE:
            return self.filter(done_on__isnull=True, due_on__lt=today)
        if state == FollowUpState.OPEN:
            return self.filter(done_on__isnull=True, due_on__gte=today)
        return self


class FollowUp(models.Model):
    """An action the conclusion asks for (remedy a shortcoming, report back), by whom and by
    when; on the to-do list until done."""

    inspection = ref(Inspection, models.CASCADE, "follow_ups", _("inspection"))
    what = models.CharField(_("action"), max_length=500)
    responsible = models.CharField(_("responsible"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("how it was done"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(done_on__isnull=True), name="follow_up_open"
            ),
        ]

    def __str__(self) -> str:
        return self.what

    def state(self, today) -> str:
        if self.done_on is not None:
            return FollowUpState.DONE
        return FollowUpState.OVERDUE if self.due_on < today else FollowUpState.OPEN
