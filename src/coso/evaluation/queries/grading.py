"""The read side of the evaluation: a cell's grading rows (each member to be graded with their
evaluation, the rules' caps and what the reviewers must see: the residence cell's feedback of the
year, the year's meeting attendance, the study commitment), a grassroots organization's members
grouped by cell, and the organizations a unit grades. Each in a fixed number of queries,
whatever the number of members."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from coso.core.scope import scope_q
from coso.meetings.choices import MeetingKind, Presence, Standing
from coso.meetings.models import Attendance
from coso.meetings.queries import commitments_of
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member, ResidenceFeedback
from coso.members.privacy import own_record
from coso.orgs.models import Organization

from ..choices import Stage, SubjectKind
from ..eligibility import member_reason
from ..models import Evaluation, EvaluationPeriod
from ..services import caps_by_id, quota_statuses
from ..services.rules import Cap


def records_scope(user):
    """The organizations whose members' records (their grades among them) ``user`` may read."""
    return Organization.objects.filter(scope_q(user, "path", edit=False, records=True))


def evaluations_of(user):
    """The evaluations of ``user``'s records scope, and their own (a member reaches theirs)."""
    scope = Evaluation.objects.visible_q(user)
    own = own_record(user)
    if scope and own is not None:  # an empty Q is every row: nothing to add
        scope |= Q(member_id=own[0])
    return Evaluation.objects.filter(scope)


@dataclass
class GradingRow:
    """A member to be graded in the cell, their evaluation (None: not self-assessed yet) and
    what the reviewers see."""

    member: Member
    evaluation: Evaluation | None = None
    caps: list[Cap] = field(default_factory=list)
    feedback: ResidenceFeedback | None = None
    present: int = 0
    expected: int = 0
    commitment: object = None

    @property
    def editable(self) -> bool:
        """Whether the cell's form still takes this member's grade (not reviewed yet)."""
        return self.evaluation is None or self.evaluation.stage == Stage.SELF_ASSESSED


def attendance_by_member(org: Organization, year: int, user) -> dict[int, tuple[int, int]]:
    """(present, called) at the cell's regular meetings of ``year`` by member id, for the rows
    ``user`` may read (one query)."""
    rows = (
        Attendance.objects.visible_to(user)
        .filter(
            meeting__organization=org, meeting__date__year=year, meeting__kind=MeetingKind.REGULAR
        )
        .exclude(standing=Standing.AWAY)
        .values("member_id")
        .annotate(present=Count("pk", filter=Q(presence=Presence.PRESENT)), called=Count("pk"))
        .order_by()
    )
    return {r["member_id"]: (r["present"], r["called"]) for r in rows}


def feedback_by_member(members, year: int, user) -> dict[int, ResidenceFeedback]:
    """The residence cell's latest feedback of ``year`` on each member (one query)."""
    found = {}
    rows = (
        ResidenceFeedback.objects.visible_to(user)
        .filter(liaison__member__in=[m.pk for m in members], year=year)
        .select_related("liaison")
        .order_by("received_on", "pk")
    )
    for fb in rows:
        found[fb.liaison.member_id] = fb
    return found


#: what a grading list shows of an evaluation (its sections' texts stay in the database)
LISTED = ("pk", "period_id", "subject_kind", "member_id", "organization_id", "stage",
          "self_grade", "proposed_grade", "grade", "score", "tasks_on_time", "tasks_beyond",
          "shortcomings_fixed", "sort_key")  # fmt: skip


#: what the cell's grading reads of a member (its page, the eligibility, the steps it calls)
ROLL = ("pk", "family_name", "middle_name", "given_name", "full_name", "status", "admitted_on",
        "organization_id", "sort_key", "party_card_number")  # fmt: skip


def cell_members(period: EvaluationPeriod, cell: Organization) -> tuple[list, list]:
    """The cell's active members in Vietnamese order (one query), split into those graded in
    the period and those not, each of these with the reason (`member_reason`)."""
    graded, not_graded = [], []
    members = Member.objects.filter(organization=cell, status__in=ACTIVE_STATUSES).only(*ROLL)
    for m in members.order_by("sort_key", "pk"):
        reason = member_reason(m, period)
        if reason:
            not_graded.append((m, reason))
        else:
            graded.append(m)
    return graded, not_graded


def cell_rows(period: EvaluationPeriod, cell: Organization, user, members=None
              ) -> list[GradingRow]:  # fmt: skip
    """The cell's members to be graded (``members``: as `cell_members` reads them), in
    Vietnamese order, with their evaluation, caps and the reviewers' facts: six queries."""
    if members is None:
        members = cell_members(period, cell)[0]
    evaluations = {
        ev.member_id: ev
        for ev in Evaluation.objects.filter(period=period, member__in=[m.pk for m in members]).only(
            *LISTED
        )
    }
    caps = caps_by_id(evaluations.values(), period)
    feedback = feedback_by_member(members, period.year, user)
    attendance = attendance_by_member(cell, period.year, user)
    commitments = commitments_of(members, period.year, user)
    rows = []
    for m in members:
        ev = evaluations.get(m.pk)
        if ev is not None:
            ev.member, ev.period = m, period
        present, called = attendance.get(m.pk, (0, 0))
        rows.append(GradingRow(m, ev, caps.get(ev.pk, []) if ev else [], feedback.get(m.pk),
                               present, called, commitments.get(m.pk)))  # fmt: skip
    return rows


@dataclass
class CellSummary:
    """A cell's members of a unit's quota by stage."""

    organization: Organization
    counts: dict


def cells_summary(period: EvaluationPeriod, unit: Organization) -> list[CellSummary]:
    """The members' evaluations counted in ``unit`` by cell and stage, the cells in name order
    (two queries: the counts from the unit's index alone, then the cells' names)."""
    rows = (
        Evaluation.objects.filter(period=period, quota_unit=unit, subject_kind=SubjectKind.MEMBER)
        .values_list("organization_id", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict] = {}
    for org_id, stage, n in rows:
        counts.setdefault(org_id, {})[Stage(stage).label] = n
    cells = Organization.objects.filter(pk__in=list(counts)).only("pk", "name", "code")
    return [CellSummary(o, counts[o.pk]) for o in cells.order_by("name", "pk")]


def unit_members(period: EvaluationPeriod, unit: Organization):
    """The members' evaluations counted in ``unit`` in Vietnamese name order (a queryset: the
    page pages it; by cell, the cells' own pages list them)."""
    return (
        Evaluation.objects.filter(period=period, quota_unit=unit, subject_kind=SubjectKind.MEMBER)
        .select_related("organization", "member")
        .only(
            *LISTED,
            "member__full_name",
            "organization__name",
            "organization__short_name",
            "organization__code",
        )
        .order_by("sort_key", "pk")
    )


def unit_organizations(period: EvaluationPeriod, unit: Organization) -> list[Evaluation]:
    """The organizations' evaluations graded by ``unit`` (its cells; a superior's grassroots
    organizations), in name order, with their caps (a fixed number of queries)."""
    rows = list(
        Evaluation.objects.filter(
            period=period, quota_unit=unit, subject_kind=SubjectKind.ORGANIZATION
        )
        .exclude(organization=unit)
        .select_related("organization")
        .only(
            *LISTED,
            "organization__name",
            "organization__path",
            "organization__code",
            "organization__short_name",
        )  # fmt: skip
        .order_by("sort_key", "pk")
    )
    caps = caps_by_id(rows, period)
    for ev in rows:
        ev.period = period
        ev.caps = caps.get(ev.pk, [])
    return rows


def quotas(period: EvaluationPeriod, unit: Organization) -> dict:
    """The live quota lines of ``unit``: its members and its organizations (one query)."""
    return quota_statuses(period, unit)
