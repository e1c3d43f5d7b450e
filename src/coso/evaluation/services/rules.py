"""The grading rules, each refusal naming its rule and legal basis (DOMAIN.md §3, §12):

- from 2025 (QĐ 366) the 100-point score sets the best grade possible (≥ 90 EXCELLENT,
  70–89 GOOD, 50–69 COMPLETE, < 50 INCOMPLETE); before, grades come without points;
- EXCELLENT also needs every task on time, at least 30% beyond requirement and the earlier
  shortcomings fixed; more than 20% of tasks behind schedule is INCOMPLETE;
- a member disciplined in the period is INCOMPLETE (one offence counts once); an organization
  with a disciplined sub-unit or leader cannot be EXCELLENT;
- EXCELLENT at most a share (1/5) of those graded GOOD or better within the quota's unit, for
  members and for organizations separately (`quota_status`, `check_quota`).

The numbers are rules (`coso.core.rule_table.evaluation`), looked up on the period's last day.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _

from coso.committees.models import PostHolding
from coso.core.dates import format_date
from coso.core.rules import rule_in_force
from coso.discipline.queries import penalties_between
from coso.orgs.models import Organization

from ..choices import GOOD_OR_BETTER, GRADE_RANK, Grade, SubjectKind
from ..models import Evaluation, EvaluationPeriod


@dataclass(frozen=True)
class Cap:
    """The best grade a rule allows, and why (a Vietnamese sentence naming the rule)."""

    grade: str
    reason: str


def _basis(key: str, on: dt.date) -> str:
    return rule_in_force(key, on).legal_basis


def uses_points(on: dt.date) -> bool:
    """Whether the period's rules grade on a 100-point score (from 2025)."""
    return rule_in_force("grade_thresholds", on).value is not None


def score_grade(score: Decimal | int, on: dt.date) -> str:
    """The grade a score reaches (before the other conditions of EXCELLENT)."""
    thresholds = rule_in_force("grade_thresholds", on).value
    for grade in (Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETE):
        if score >= thresholds[grade.value]:
            return grade.value
    return Grade.INCOMPLETE.value


def _score_caps(ev: Evaluation, on: dt.date) -> list[Cap]:
    if ev.score is None or not uses_points(on):
        return []
    best = score_grade(ev.score, on)
    if best == Grade.EXCELLENT:
        return []
    return [
        Cap(
            best,
            _("A score of %(score)s of 100 reaches at most “%(grade)s” (%(basis)s).")
            % {"score": _points(ev.score), "grade": Grade(best).label,
               "basis": _basis("grade_thresholds", on)},
        )
    ]  # fmt: skip


def _points(score) -> str:
    return f"{Decimal(score).normalize():f}".replace(".", ",")


def _task_caps(ev: Evaluation, on: dt.date) -> list[Cap]:
    shares = rule_in_force("grade_task_shares", on).value
    basis = _basis("grade_task_shares", on)
    caps = []
    behind = None if ev.tasks_on_time is None else Fraction(100 - ev.tasks_on_time, 100)
    if behind is not None and behind > shares["complete_behind"]:
        caps.append(Cap(Grade.INCOMPLETE, _(
            "%(behind)d%% of tasks behind schedule: more than %(most)d%% is “%(grade)s” "
            "(%(basis)s).") % {"behind": 100 - ev.tasks_on_time,
                               "most": shares["complete_behind"] * 100,
                               "grade": Grade.INCOMPLETE.label, "basis": basis}))  # fmt: skip
    if behind is not None and behind > 0:
        caps.append(Cap(Grade.GOOD, _(
            "“%(grade)s” needs every task on time; %(behind)d%% are behind (%(basis)s).")
            % {"grade": Grade.EXCELLENT.label, "behind": 100 - ev.tasks_on_time,
               "basis": basis}))  # fmt: skip
    beyond = None if ev.tasks_beyond is None else Fraction(ev.tasks_beyond, 100)
    if beyond is not None and beyond < shares["excellent_beyond"]:
        caps.append(Cap(Grade.GOOD, _(
            "“%(grade)s” needs at least %(least)d%% of tasks beyond requirement; "
            "%(beyond)d%% are (%(basis)s).") % {
                "grade": Grade.EXCELLENT.label, "least": shares["excellent_beyond"] * 100,
                "beyond": ev.tasks_beyond, "basis": basis}))  # fmt: skip
    if not ev.shortcomings_fixed:
        caps.append(Cap(Grade.GOOD, _(
            "“%(grade)s” needs every earlier shortcoming fixed (%(basis)s).")
            % {"grade": Grade.EXCELLENT.label, "basis": basis}))  # fmt: skip
    return caps


def _member_cap(case, on: dt.date) -> Cap:
    return Cap(Grade.INCOMPLETE, _(
        "Disciplined in the period (%(penalty)s, decision %(number)s of %(date)s): a member "
        "disciplined during the year is “%(grade)s” (%(basis)s).") % {
            "penalty": case.get_penalty_display(), "number": case.decision_number,
            "date": format_date(case.decision_on), "grade": Grade.INCOMPLETE.label,
            "basis": _basis("excellent_quota_ratio", on)})  # fmt: skip


def _organization_cap(case, on: dt.date) -> Cap:
    return Cap(Grade.GOOD, _(
        "%(who)s was disciplined in the period (decision %(number)s of %(date)s): an "
        "organization with a disciplined sub-unit or leader cannot be “%(grade)s” (%(basis)s).")
        % {"who": case.subject_name, "number": case.decision_number,
           "date": format_date(case.decision_on), "grade": Grade.EXCELLENT.label,
           "basis": _basis("excellent_quota_ratio", on)})  # fmt: skip


def member_cases(period: EvaluationPeriod, member_ids) -> dict:
    """The discipline decided in the period and standing, of each of ``member_ids`` (the first
    case a member's): one query, for checking many members' grades at once."""
    cases = penalties_between(period.starts_on, period.ends_on).filter(member_id__in=member_ids)
    found: dict = {}
    for case in cases:
        found.setdefault(case.member_id, case)
    return found


def discipline_caps(ev: Evaluation, period: EvaluationPeriod, *, cases: dict | None = None
                    ) -> list[Cap]:  # fmt: skip
    """A member disciplined in the period: INCOMPLETE; an organization with a disciplined
    sub-unit or leader: not EXCELLENT (the discipline decided in the period and standing).
    ``cases``: the members' cases read beforehand (`member_cases`) when many are checked; for
    an organization, an empty ``cases`` says the period has no discipline at all."""
    on = period.ends_on
    if ev.subject_kind != SubjectKind.MEMBER and cases == {}:
        return []  # read beforehand: no discipline at all in the period
    if ev.subject_kind == SubjectKind.MEMBER:
        if cases is not None:
            case = cases.get(ev.member_id)
        else:
            case = member_cases(period, [ev.member_id]).get(ev.member_id)
        return [] if case is None else [_member_cap(case, on)]
    case = _disciplined_unit_or_leader(
        ev.organization, penalties_between(period.starts_on, period.ends_on)
    )
    return [] if case is None else [_organization_cap(case, on)]


def _disciplined_unit_or_leader(org: Organization, cases):
    """A case of a sub-unit of ``org`` (or ``org`` itself), or of a member who held a post on
    its committee when decided."""
    unit = cases.filter(subject_organization__path__startswith=org.path).first()
    if unit is not None:
        return unit
    for case in cases.filter(member__isnull=False):
        leader = (
            PostHolding.objects.filter(term__organization=org, member_id=case.member_id)
            .on(case.decision_on)
            .exists()
        )
        if leader:
            return case
    return None


def caps_of(ev: Evaluation, period: EvaluationPeriod, *, cases: dict | None = None) -> list[Cap]:
    """Every rule's cap on the evaluation's grade, strictest first (``cases``: as
    `discipline_caps`)."""
    on = period.ends_on
    return _strictest(
        [*_score_caps(ev, on), *_task_caps(ev, on), *discipline_caps(ev, period, cases=cases)]
    )


def _strictest(caps: list[Cap]) -> list[Cap]:
    return sorted(caps, key=lambda cap: -GRADE_RANK[cap.grade])


def caps_by_id(rows, period: EvaluationPeriod) -> dict[int, list[Cap]]:
    """`caps_of` for many evaluations at once (a grading page), by evaluation id, in a fixed
    number of queries whatever their number: the period's standing penalties of the rows'
    members (one query); for organizations, the period's cases and the posts their members
    held on the rows' committees (two more)."""
    rows = list(rows)
    on = period.ends_on
    sheets: dict[tuple, list[Cap]] = {}  # a cell's rows share a few sheets: each read once
    found = {}
    for ev in rows:
        key = (ev.score, ev.tasks_on_time, ev.tasks_beyond, ev.shortcomings_fixed)
        if key not in sheets:
            sheets[key] = [*_score_caps(ev, on), *_task_caps(ev, on)]
        found[ev.pk] = list(sheets[key])
    cases = penalties_between(period.starts_on, period.ends_on)
    members = {ev.member_id: ev for ev in rows if ev.subject_kind == SubjectKind.MEMBER}
    if members:
        first: dict[int, object] = {}
        for case in cases.filter(member_id__in=list(members)):
            first.setdefault(case.member_id, case)
        for member_id, case in first.items():
            found[members[member_id].pk].append(_member_cap(case, on))
    organizations = [ev for ev in rows if ev.subject_kind == SubjectKind.ORGANIZATION]
    if organizations:
        for ev, case in _organization_cases(organizations, cases):
            found[ev.pk].append(_organization_cap(case, on))
    return {pk: _strictest(caps) for pk, caps in found.items()}


def _organization_cases(rows: list[Evaluation], cases):
    """(row, its first case) for the organization rows with a disciplined sub-unit or leader,
    as `_disciplined_unit_or_leader` finds them, in two queries."""
    cases = list(cases)
    member_ids = {c.member_id for c in cases if c.member_id}
    holdings = list(
        PostHolding.objects.filter(
            term__organization_id__in=[ev.organization_id for ev in rows], member_id__in=member_ids
        ).values_list("term__organization_id", "member_id", "started_on", "ended_on")
    )
    for ev in rows:
        path = ev.organization.path
        case = next((c for c in cases if c.subject_organization_id
                     and c.subject_organization.path.startswith(path)), None)  # fmt: skip
        if case is None:
            case = next((c for c in cases if c.member_id and any(
                org == ev.organization_id and member == c.member_id and start <= c.decision_on
                and (end is None or c.decision_on < end)
                for org, member, start, end in holdings)), None)  # fmt: skip
        if case is not None:
            yield ev, case


def best_allowed(ev: Evaluation, period: EvaluationPeriod) -> str:
    caps = caps_of(ev, period)
    return caps[0].grade if caps else Grade.EXCELLENT.value


def check_grade(
    ev: Evaluation, grade: str, period: EvaluationPeriod, field: str = "grade", *,
    cases: dict | None = None,
):  # fmt: skip
    """Refuse ``grade`` when a rule caps the evaluation lower (the messages name the rules;
    ``cases``: as `discipline_caps`)."""
    if grade not in Grade.values:
        raise ValidationError({field: _("Choose a grade.")})
    refusals = [
        cap.reason
        for cap in caps_of(ev, period, cases=cases)
        if GRADE_RANK[grade] < GRADE_RANK[cap.grade]
    ]
    if refusals:
        raise ValidationError({field: refusals})


def check_grades(
    ev: Evaluation, grades: dict[str, str], period: EvaluationPeriod, *, cases: dict | None = None
) -> list[str]:
    """The refusals of each of ``grades`` ({field: grade}, an empty one skipped, the subject's
    own required) against the rules' caps, read once: `check_grade` for many fields."""
    caps = caps_of(ev, period, cases=cases)
    refusals: list[str] = []
    for field, grade in grades.items():
        if not grade and field != "self_grade":
            continue
        if grade not in Grade.values:
            refusals.append(_("Choose a grade."))
            continue
        refusals.extend(cap.reason for cap in caps if GRADE_RANK[grade] < GRADE_RANK[cap.grade]
                        and cap.reason not in refusals)  # fmt: skip
    return refusals


def check_score_sheet(ev: Evaluation, on: dt.date) -> None:
    """From 2025 a score is required and adds up from the sheet's parts; before, no points."""
    given = [f for f in ("score", "criteria_points", "task_points") if getattr(ev, f) is not None]
    basis = _basis("grade_thresholds", on)
    if not uses_points(on):
        if given:
            raise ValidationError({given[0]: _(
                "The evaluation of %(year)d grades without points (%(basis)s): leave the score "
                "empty.") % {"year": on.year, "basis": basis}})  # fmt: skip
        return
    if ev.score is None:
        if ev.criteria_points is None or ev.task_points is None:
            raise ValidationError({"score": _(
                "From 2025 every evaluation has a score of 100 points (%(basis)s).")
                % {"basis": basis}})  # fmt: skip
        ev.score = ev.criteria_points + ev.task_points
    sheet = rule_in_force("score_sheet", on).value
    for field, part in (("criteria_points", "criteria"), ("task_points", "tasks")):
        points = getattr(ev, field)
        if points is not None and not 0 <= points <= sheet[part]:
            raise ValidationError({field: _("Between 0 and %(most)d points on the sheet.")
                                   % {"most": sheet[part]}})  # fmt: skip
    parts = (ev.criteria_points, ev.task_points)
    if None not in parts and sum(parts) != ev.score:
        raise ValidationError({"score": _("The score (%(score)s) is not the sum of its parts "
                                          "(%(sum)s).") % {"score": _points(ev.score),
                                                           "sum": _points(sum(parts))}})  # fmt: skip
    if not 0 <= ev.score <= 100:
        raise ValidationError({"score": _("A score is between 0 and 100.")})
    for field in ("tasks_on_time", "tasks_beyond"):
        share = getattr(ev, field)
        if share is not None and share > 100:
            raise ValidationError({field: _("A share is between 0 and 100%.")})


# --- the quota --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaStatus:
    """EXCELLENT against the quota in one unit: ``base`` graded GOOD or better, ``allowed``
    EXCELLENT at most, ``excellent`` graded (or proposed) EXCELLENT."""

    unit: Organization
    kind: str
    base: int
    allowed: int
    excellent: int
    legal_basis: str

    @property
    def over(self) -> bool:
        return self.excellent > self.allowed

    def __str__(self) -> str:
        return _("%(allowed)d of %(base)d GOOD-or-better may be EXCELLENT; %(excellent)d "
                 "proposed") % {"allowed": self.allowed, "base": self.base,
                                "excellent": self.excellent}  # fmt: skip


def allowed_excellent(base: int, on: dt.date) -> int:
    """How many of ``base`` GOOD-or-better may be EXCELLENT: the rule's share, rounded down."""
    return math.floor(rule_in_force("excellent_quota_ratio", on).value * base)


def _tallies(rows, *, decided: bool) -> dict[str, tuple[int, int]]:
    """(GOOD-or-better, EXCELLENT) by subject kind over ``rows`` (one query, grouped by the
    grades): the decided grades, or the current ones (decided, else proposed, else the
    subject's own)."""
    grades = ("grade",) if decided else ("grade", "proposed_grade", "self_grade")
    found: dict[str, list[int]] = {kind: [0, 0] for kind in SubjectKind.values}
    counted = rows.values_list("subject_kind", *grades).annotate(n=Count("pk")).order_by()
    for kind, *given, n in counted:
        current = next((g for g in given if g), "")
        found[kind][0] += n if current in GOOD_OR_BETTER else 0
        found[kind][1] += n if current == Grade.EXCELLENT else 0
    return {kind: (base, top) for kind, (base, top) in found.items()}


def _status(period: EvaluationPeriod, unit: Organization, kind: str, counts: tuple[int, int]):
    on = period.ends_on
    base, top = counts
    return QuotaStatus(unit, kind, base, allowed_excellent(base, on), top,
                       _basis("excellent_quota_ratio", on))  # fmt: skip


def quota_status(
    period: EvaluationPeriod, unit: Organization, kind: str, *, decided: bool = False
) -> QuotaStatus:
    """The unit's quota now (one query): by the current grades while grading, by the decided
    ones when ``decided``."""
    rows = Evaluation.objects.filter(period=period, quota_unit=unit, subject_kind=kind)
    return _status(period, unit, kind, _tallies(rows, decided=decided)[kind])


def quota_statuses(period: EvaluationPeriod, unit: Organization) -> dict[str, QuotaStatus]:
    """`quota_status` by the current grades for the unit's members and its organizations at
    once (one query), as the grading page shows them: {"members": …, "organizations": …}."""
    counts = _tallies(Evaluation.objects.filter(period=period, quota_unit=unit), decided=False)
    return {
        "members": _status(period, unit, SubjectKind.MEMBER, counts[SubjectKind.MEMBER]),
        "organizations": _status(period, unit, SubjectKind.ORGANIZATION,
                                 counts[SubjectKind.ORGANIZATION]),
    }  # fmt: skip


def quota_refusal(period: EvaluationPeriod, status: QuotaStatus) -> ValidationError:
    """The refusal of a quota exceeded, naming the rule and the counts (one message for the
    decision, a change and the import)."""
    share = rule_in_force("excellent_quota_ratio", period.ends_on).value
    whom = _("members") if status.kind == SubjectKind.MEMBER else _("organizations")
    return ValidationError({"grade": _(
        "Quota: “%(grade)s” may be at most %(share)d%% of the %(whom)s graded GOOD or better "
        "in %(unit)s (%(basis)s): %(base)d are GOOD or better, so at most %(allowed)d may be "
        "EXCELLENT; this would make %(excellent)d.") % {
            "grade": Grade.EXCELLENT.label, "share": share * 100, "whom": whom,
            "unit": status.unit.name, "basis": status.legal_basis, "base": status.base,
            "allowed": status.allowed, "excellent": status.excellent}})  # fmt: skip


def check_quota(period: EvaluationPeriod, unit: Organization, kind: str) -> QuotaStatus:
    """Refuse when the unit's decided EXCELLENT exceed the quota (called after the grades are
    written, inside the step's transaction: the refusal rolls them back)."""
    status = quota_status(period, unit, kind, decided=True)
    if status.over:
        raise quota_refusal(period, status)
    return status
