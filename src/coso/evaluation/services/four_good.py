"""Four-good (chi bộ bốn tốt, đảng bộ cơ sở bốn tốt; DOMAIN.md §3, §17): the checklist a
committee sets for its subtree, a cell's monthly self-assessment against it, and the year's
title.

The checklist in force for an organization is that of the nearest ancestor-or-self that has
active criteria (the criteria are local). A month's self-assessment answers every criterion of
that checklist at once (met or not) and replaces the month's earlier answers. A pillar is met in
a month when every criterion of it answered that month is met. The title for a year needs every
pillar met in at least the rule's months (``four_good_min_months``) and the organization's
decided grade for the year at least the rule's grade (GOOD or better).

The title is computed when read (`four_good_title`: the page shows it live, with its reasons);
`record_four_good_title` stores it on the organization's decided evaluation of the year
(`Evaluation.four_good`), so that what was recognised stays as recognised when the monthly
answers change later (docs/decisions.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.rules import rule_in_force
from coso.core.scope import is_system
from coso.core.scope import may_edit as may_edit  # the steps import it from here
from coso.core.scope import require_edit as require_edit
from coso.orgs.choices import CELL_KINDS, OrgKind
from coso.orgs.models import Organization

from ..choices import GRADE_RANK, Grade, PeriodKind, Pillar, Stage, SubjectKind
from ..models import Evaluation, FourGoodCheck, FourGoodCriterion

__all__ = [
    "FourGoodTitle",
    "add_criterion",
    "checklist_in_force",
    "edit_criterion",
    "four_good_title",
    "month_grid",
    "record_four_good_month",
    "record_four_good_title",
    "require_edit",
    "set_criterion_active",
]

#: organizations that keep no checklist of their own (they use their committee's)
NO_CHECKLIST_KINDS = {*CELL_KINDS, OrgKind.GROUP}


def _lock_org(organization: Organization, actor) -> Organization:
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require_edit(actor, org)
    return org


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the criterion.")})
    if len(text) > 255:
        raise ValidationError({"text": _("A criterion is at most 255 characters.")})
    return text


def _check_pillar(pillar: str) -> None:
    if pillar not in Pillar.values:
        raise ValidationError({"pillar": _("Choose one of the four pillars.")})


# --- the checklist ------------------------------------------------------------------------------


@transaction.atomic
def add_criterion(organization: Organization, *, pillar: str, text: str,
                  position: int | None = None, actor=None) -> FourGoodCriterion:  # fmt: skip
    """Add a criterion of `pillar` to the checklist `organization` sets for its subtree.
    Refused: a cell (it uses its committee's checklist), an empty text, an unknown pillar."""
    org = _lock_org(organization, actor)
    if org.kind in NO_CHECKLIST_KINDS:
        raise ValidationError(
            _("A four-good checklist is set by a committee for its subtree (DOMAIN §17); "
              "%(org)s uses the checklist of its committee.") % {"org": org.name}
        )  # fmt: skip
    _check_pillar(pillar)
    text = _clean_text(text)
    if position is None:
        last = FourGoodCriterion.objects.filter(organization=org, pillar=pillar).order_by(
            "-position"
        )
        position = (last.values_list("position", flat=True).first() or 0) + 1
    return FourGoodCriterion.objects.create(
        organization=org, pillar=pillar, text=text, position=position,
        actor=None if is_system(actor) else actor,
    )  # fmt: skip


def _lock_criterion(criterion: FourGoodCriterion, actor) -> FourGoodCriterion:
    rows = FourGoodCriterion.objects.select_for_update(of=("self",)).select_related("organization")
    locked = rows.get(pk=criterion.pk)
    require_edit(actor, locked.organization)
    return locked


@transaction.atomic
def edit_criterion(criterion: FourGoodCriterion, *, text: str, pillar: str | None = None,
                   position: int | None = None, actor=None) -> FourGoodCriterion:  # fmt: skip
    """Change a criterion's text (and its pillar, its order). The months answered keep their
    answers against it."""
    c = _lock_criterion(criterion, actor)
    c.text = _clean_text(text)
    if pillar is not None:
        _check_pillar(pillar)
        c.pillar = pillar
    if position is not None:
        c.position = position
    c.save(update_fields=["text", "pillar", "position"])
    return c


@transaction.atomic
def set_criterion_active(criterion: FourGoodCriterion, *, active: bool,
                         actor=None) -> FourGoodCriterion:  # fmt: skip
    """Take a criterion out of use (or back in). A criterion is never deleted: the months
    answered against it keep their answers."""
    c = _lock_criterion(criterion, actor)
    c.active = bool(active)
    c.save(update_fields=["active"])
    return c


def checklist_in_force(org: Organization) -> tuple[Organization | None, list[FourGoodCriterion]]:
    """The organization whose checklist `org` uses (the nearest ancestor-or-self with active
    criteria) and its active criteria by pillar and order; (None, []) without one. One
    query."""
    rows = list(
        FourGoodCriterion.objects.filter(
            active=True, organization__path__in=org.ancestor_paths()
        ).select_related("organization")
    )
    if not rows:
        return None, []
    owner = max((c.organization for c in rows), key=lambda o: len(o.path))
    order = {p: i for i, p in enumerate(Pillar.values)}
    mine = [c for c in rows if c.organization_id == owner.pk]
    mine.sort(key=lambda c: (order[c.pillar], c.position, c.pk))
    return owner, mine


# --- the monthly self-assessment ----------------------------------------------------------------


def _check_month(year: int, month: int, today: dt.date) -> None:
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("A month is 1 to 12.")})
    if (year, month) > (today.year, today.month):
        raise ValidationError(
            {"month": _("%(month)02d/%(year)d has not come yet: a month is self-assessed once "
                        "it has begun.") % {"month": month, "year": year}}
        )  # fmt: skip
    if year not in (today.year, today.year - 1):
        raise ValidationError(
            {"year": _("A month is self-assessed in its year or in the following one: "
                       "%(year)d is not open (this year or last year only).") % {"year": year}}
        )  # fmt: skip


@transaction.atomic
def record_four_good_month(organization: Organization, *, year: int, month: int,
                           met: Iterable[int], notes: dict[int, str] | None = None,
                           actor=None) -> list[FourGoodCheck]:  # fmt: skip
    """Record `organization`'s self-assessment of `month`/`year` against its checklist: the
    criteria whose ids are in `met` are met, every other one of the checklist not met; the
    month's earlier answers are replaced. Refused: no checklist in force, a month not begun, a
    year other than this one or last, a criterion not of the checklist."""
    org = _lock_org(organization, actor)
    _check_month(year, month, timezone.localdate())
    owner, criteria = checklist_in_force(org)
    if owner is None:
        raise ValidationError(
            _("No four-good checklist is set for %(org)s or a committee above it (DOMAIN §17): "
              "the committee sets it first.") % {"org": org.name}
        )  # fmt: skip
    ids = {c.pk for c in criteria}
    met = {int(i) for i in met}
    notes = {int(k): (v or "").strip()[:255] for k, v in (notes or {}).items()}
    foreign = (met | set(notes)) - ids
    if foreign:
        raise ValidationError(
            {"met": _("Criteria %(ids)s are not of the checklist of %(owner)s that %(org)s uses.")
             % {"ids": ", ".join(str(i) for i in sorted(foreign)), "owner": owner.name,
                "org": org.name}}
        )  # fmt: skip
    FourGoodCheck.objects.filter(organization=org, year=year, month=month).delete()
    who = None if is_system(actor) else actor
    return FourGoodCheck.objects.bulk_create(
        FourGoodCheck(organization=org, criterion=c, year=year, month=month, met=c.pk in met,
                      note=notes.get(c.pk, ""), actor=who)
        for c in criteria
    )  # fmt: skip


def month_grid(org: Organization, year: int) -> dict[int, dict[str, bool]]:
    """{month: {pillar: met}} of the months `org` answered in `year`: a pillar is met in a
    month when every criterion of it answered that month is met. One query."""
    grid: dict[int, dict[str, bool]] = {}
    rows = FourGoodCheck.objects.filter(organization=org, year=year).values_list(
        "month", "criterion__pillar", "met"
    )
    for month, pillar, met in rows:
        pillars = grid.setdefault(month, {})
        pillars[pillar] = pillars.get(pillar, True) and met
    return grid


# --- the year's title ---------------------------------------------------------------------------


@dataclass
class FourGoodTitle:
    """The four-good title of an organization for a year, and why (or why not)."""

    year: int
    awarded: bool
    #: months each pillar was met in
    months: dict[str, int]
    min_months: int
    min_grade: str
    grade: str  # the decided grade of the year ("" when not decided)
    legal_basis: str
    reasons: list[str] = field(default_factory=list)

    @property
    def grade_label(self) -> str:
        return Grade(self.grade).label if self.grade else ""


def _year_grade(org: Organization, year: int) -> str:
    return (
        Evaluation.objects.filter(
            subject_kind=SubjectKind.ORGANIZATION, organization=org,
            period__kind=PeriodKind.YEAR, period__year=year, stage=Stage.DECIDED,
        ).exclude(grade="").values_list("grade", flat=True).first() or ""
    )  # fmt: skip


def four_good_title(org: Organization, year: int, *, grade: str | None = None) -> FourGoodTitle:
    """Whether `org` earns the four-good title for `year`, with the reasons: every pillar met
    in at least the rule's months, and the year's decided grade (`grade`, else read from the
    organization's evaluation of the year) at least the rule's. Two queries."""
    rule = rule_in_force("four_good_min_months", dt.date(year, 12, 31))
    need_months, need_grade = rule.value["months"], rule.value["grade"]
    grid = month_grid(org, year)
    months = {p: sum(1 for m in grid.values() if m.get(p)) for p in Pillar.values}
    grade = _year_grade(org, year) if grade is None else grade
    reasons = []
    for pillar in Pillar:
        if months[pillar.value] < need_months:
            reasons.append(
                _("%(pillar)s: met in %(n)d months, the title needs %(min)d.")
                % {"pillar": pillar.label, "n": months[pillar.value], "min": need_months}
            )
    if not grade:
        reasons.append(_("The grade of %(year)d is not decided yet.") % {"year": year})
    elif GRADE_RANK[grade] > GRADE_RANK[need_grade]:
        reasons.append(
            _("Graded “%(grade)s” for %(year)d; the title needs “%(min)s” or better.")
            % {"grade": Grade(grade).label, "year": year, "min": Grade(need_grade).label}
        )
    return FourGoodTitle(
        year=year, awarded=not reasons, months=months, min_months=need_months,
        min_grade=need_grade, grade=grade, legal_basis=rule.legal_basis, reasons=reasons,
    )  # fmt: skip


@transaction.atomic
def record_four_good_title(evaluation: Evaluation, *, actor=None) -> FourGoodTitle:
    """Store the four-good title on an organization's decided evaluation of a year
    (`Evaluation.four_good`: True or False), computed from the monthly answers and the
    decided grade. Refused: a member's evaluation, a period other than a year, not decided."""
    rows = Evaluation.objects.select_for_update(of=("self",)).select_related(
        "organization", "period"
    )
    ev = rows.get(pk=evaluation.pk)
    require_edit(actor, ev.quota_unit if ev.quota_unit_id else ev.organization)
    if ev.subject_kind != SubjectKind.ORGANIZATION:
        raise ValidationError(_("The four-good title is an organization's, not a member's."))
    if ev.period.kind != PeriodKind.YEAR:
        raise ValidationError(_("The four-good title is given for a year, not for another period."))
    if ev.stage != Stage.DECIDED or not ev.grade:
        raise ValidationError(
            _("The grade of %(year)d is not decided yet: the four-good title follows the "
              "decision.") % {"year": ev.period.year}
        )  # fmt: skip
    title = four_good_title(ev.organization, ev.period.year, grade=ev.grade)
    ev.four_good = title.awarded
    ev._history_user = None if is_system(actor) else actor
    ev.save(update_fields=["four_good"])
    return title
