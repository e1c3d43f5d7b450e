"""Demo grading results (DOMAIN.md §3, §12; KH 74-KH/ĐUK): the bloc opens the evaluation of
each of the last four years and of this one. The four past years are decided for every member
and organization of the bloc (grades without points before 2025, with the 100-point sheet
from 2025), most GOOD, the EXCELLENT as many as the quota allows, and every seventh grassroots
organization below the plan's target (more COMPLETE); a member disciplined in the year is
INCOMPLETE. This year's period is open and half done: a third of the grassroots organizations
decided, a third with their cells' proposals, a third self-assessed only.

Through the evaluation's steps (one door): the cells' reports and grades and the members'
with the bulk steps `grade_cells` and `grade_members` (a grassroots organization a call), the
grassroots organizations' through `self_assess`, `review`, `verify` and `decide_grades`. Only
the bloc is graded (a city's wards are not): the city size costs what the bloc does. Called by
`coso.demo.generator.DemoGenerator.run` after the discipline cases, inside its transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from fractions import Fraction

from django.utils import translation

from coso.discipline.queries import penalties_between
from coso.evaluation import services
from coso.evaluation.choices import GOOD_OR_BETTER, Grade, PeriodKind, SubjectKind
from coso.evaluation.eligibility import graded_members, organization_reason
from coso.evaluation.models import Evaluation
from coso.evaluation.queries.results import target_of
from coso.evaluation.services import Dates, GradeRow, OrganizationRow
from coso.evaluation.services.rules import allowed_excellent, member_cases, uses_points
from coso.orgs.choices import GRASSROOTS_KINDS
from coso.orgs.models import Organization

from . import names as N

#: every this many grassroots organizations, one below the plan's target
BELOW_EVERY = 7
#: the weak year, this many years before the one being evaluated (2023 when it is 2026): more
#: COMPLETE everywhere, the bloc's shares graded GOOD or better below the plan's 90 % (the story
#: of the plan's dashboard, README)
WEAK_YEAR_BACK = 3
#: the share graded below GOOD in a unit (below the target or not), in the weak year and others
LOWER = {True: {True: 0.16, False: 0.11}, False: {True: 0.16, False: 0.04}}
#: the score (of 100) and task shares written for each grade (from 2025)
SHEET = {
    Grade.EXCELLENT: (Decimal(93), 100, 40),
    Grade.GOOD: (Decimal(82), 100, 10),
    Grade.COMPLETE: (Decimal(62), 90, 0),
    Grade.INCOMPLETE: (Decimal(45), 70, 0),
}


def current_year(today: dt.date) -> int:
    """The year being evaluated now: this one from November, else the last."""
    return today.year if today.month >= 11 else today.year - 1


def fill_evaluation(gen) -> int:
    """The demo's grading; returns how many evaluations were written."""
    started = time.monotonic()
    bloc = Organization.objects.filter(code=N.ROOT_CODE).first()
    if bloc is None:
        return 0
    with translation.override("vi"):
        year = current_year(gen.today)
        for past in range(year - 4, year):
            _year(gen, bloc, past, _dates(dt.date(past, 12, 31)), done=3)
        _year(gen, bloc, year, _dates(gen.today), done=None)
    written = Evaluation.objects.count()
    gen.log(f"  đánh giá, xếp loại: {written} bản ({time.monotonic() - started:.1f} giây)")
    return written


def _dates(end: dt.date) -> Dates:
    """Self-assessed, reviewed and decided by ``end`` (the year's last day, or today)."""
    return Dates(end - dt.timedelta(days=20), end - dt.timedelta(days=12),
                 end - dt.timedelta(days=4))  # fmt: skip


def _open(bloc, year: int, last: dt.date):
    opened = min(dt.date(year, 11, 1), last - dt.timedelta(days=25))
    return services.open_period(
        bloc, kind=PeriodKind.YEAR, year=year, cells_due_on=dt.date(year, 12, 15),
        grassroots_due_on=dt.date(year, 12, 31), superior_due_on=dt.date(year + 1, 1, 15),
        opened_on=opened,
    )  # fmt: skip


def _grades(n: int, below: bool, rng, on: dt.date, weak: bool = False) -> list[str]:
    """``n`` grades: most GOOD, EXCELLENT within the quota, a few COMPLETE (more when
    ``below`` the target or in the ``weak`` year), best first."""
    lower = round(n * LOWER[weak][below]) if n >= 5 else (1 if below and n else 0)
    good = n - lower
    top = allowed_excellent(good, on) if good >= 5 else 0
    top = rng.randint(top // 2, top) if top else 0
    grades = [Grade.EXCELLENT] * top + [Grade.GOOD] * (good - top) + [Grade.COMPLETE] * lower
    return [g.value for g in grades]


def _year(gen, bloc, year: int, dates: Dates, *, done: int | None) -> None:
    period = _open(bloc, year, dates.decided_on + dt.timedelta(days=4))
    points = uses_points(period.ends_on)
    units = list(
        Organization.objects.filter(path__startswith=bloc.path, kind__in=GRASSROOTS_KINDS).order_by(
            "path"
        )
    )
    for i, unit in enumerate(units):
        # this year: a third decided, a third proposed by the cells, a third self-assessed
        stage = 3 if done else (3, 2, 1)[i % 3]
        _grade_unit(gen, period, unit, dates, stage, below=i % BELOW_EVERY == 3, points=points,
                    weak=year == current_year(gen.today) - WEAK_YEAR_BACK)  # fmt: skip
    if done:
        _grade_grassroots(period, bloc, units, dates, points)


def _sheet(grade: str, points: bool) -> dict:
    if not points:
        return {}
    score, on_time, beyond = SHEET[Grade(grade)]
    return {"score": score, "tasks_on_time": on_time, "tasks_beyond": beyond}


def _grade_unit(
    gen, period, unit, dates: Dates, stage: int, *, below: bool, points: bool, weak: bool
):
    members = list(
        graded_members(period, unit).select_related("organization").order_by("sort_key", "pk")
    )
    holders = sorted({m.organization for m in members}, key=lambda o: o.path)
    # a cell founded too late in the year (a new cohort's) is reviewed, not graded
    cells = [o for o in holders if o.pk != unit.pk and not organization_reason(o, period)]
    cell_grades = _capped(period, cells, _grades(len(cells), below, gen.rng, period.ends_on, weak))
    rows = []
    for line, (org, grade) in enumerate(zip(cells, cell_grades, strict=True), start=2):
        rows.append(OrganizationRow(line, org, grade, grade if stage >= 2 else "",
                            grade if stage >= 3 else "", **_sheet(grade, points)))  # fmt: skip
    cell_dates = Dates(dates.self_assessed_on - dt.timedelta(days=2), dates.reviewed_on,
                       dates.decided_on)  # fmt: skip
    if rows:
        services.grade_cells(period, unit, rows, dates=cell_dates)
    if unit in holders:  # a grassroots cell reports itself, graded by the bloc
        services.self_assess(period, organization=unit, on=cell_dates.self_assessed_on,
                             self_grade=Grade.GOOD, **_sheet(Grade.GOOD, points))  # fmt: skip
    cases = member_cases(period, [m.pk for m in members])
    # a member disciplined in the year is INCOMPLETE; the others share the grades
    members = [m for m in members if m.pk in cases] + gen.rng.sample(
        [m for m in members if m.pk not in cases], len(members) - len(cases))  # fmt: skip
    grades = [Grade.INCOMPLETE.value] * len(cases) + _grades(
        len(members) - len(cases), below, gen.rng, period.ends_on, weak)  # fmt: skip
    out = []
    for line, (member, grade) in enumerate(zip(members, grades, strict=True), start=2):
        out.append(GradeRow(line, member, "2A", grade, grade if stage >= 2 else "",
                            grade if stage >= 3 else "", **_sheet(grade, points)))  # fmt: skip
    if out:
        services.grade_members(period, unit, out, dates=dates,
                               number=f"{period.year % 100:02d}-QĐ/ĐU")  # fmt: skip


def _capped(period, cells, grades: list[str]) -> list[str]:
    """EXCELLENT lowered to GOOD for a cell with a disciplined sub-unit or leader (read only
    in a year with discipline decided)."""
    if Grade.EXCELLENT not in grades or not penalties_between(
        period.starts_on, period.ends_on).exists():  # fmt: skip
        return grades
    out = []
    for org, grade in zip(cells, grades, strict=True):
        ev = Evaluation(period=period, subject_kind=SubjectKind.ORGANIZATION, organization=org)
        if grade == Grade.EXCELLENT and services.best_allowed(ev, period) != Grade.EXCELLENT:
            grade = Grade.GOOD.value
        out.append(grade)
    return out


def _grade_grassroots(period, bloc, units, dates: Dates, points: bool) -> None:
    """The bloc grades its grassroots organizations: their reports, its proposal (GOOD, the
    below-target ones COMPLETE, the best within the quota EXCELLENT), the verification and
    the decision."""
    for unit in units:
        ev = Evaluation.objects.filter(period=period, subject_kind=SubjectKind.ORGANIZATION,
                                       organization=unit).first()  # fmt: skip
        if ev is None:
            ev = services.self_assess(period, organization=unit, on=dates.self_assessed_on,
                                      self_grade=Grade.GOOD, **_sheet(Grade.GOOD, points))  # fmt: skip
        members = Evaluation.objects.filter(period=period, quota_unit=unit,
                                            subject_kind=SubjectKind.MEMBER)  # fmt: skip
        good = members.filter(grade__in=GOOD_OR_BETTER).count()
        total = members.exclude(grade="").count()
        target = target_of(period.year)[0]
        below = target is not None and total and Fraction(good, total) <= target
        grade = Grade.COMPLETE if below else Grade.GOOD
        services.review(ev, grade=grade, on=dates.reviewed_on)
    reviewed = Evaluation.objects.filter(period=period, quota_unit=bloc,
                                         subject_kind=SubjectKind.ORGANIZATION)  # fmt: skip
    services.verify(list(reviewed), by=bloc, on=dates.reviewed_on)
    services.decide_grades(period, bloc, kind=SubjectKind.ORGANIZATION, on=dates.decided_on,
                           number=f"{period.year % 100:02d}-QĐ/ĐUK")  # fmt: skip
