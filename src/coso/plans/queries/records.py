"""The records behind a figure (the drill-down: "each number opens the records behind it"): for an
organization, a year and a measure, the rows counted and whether each meets the measure (a
member graded GOOD or better, a cell with four thematic meetings, an organization with its
study plan...). Counted as `counting` counts them, on today's tree with the merges restated.

Each list is one queryset of dicts, the same keys for every measure (`label`, `place`,
`detail`, `ok`, `rank`, `ref`, `words`), so a page pages it (a COUNT and a slice) and an export streams it.
Members sort by their stored Vietnamese sort key; organizations in tree order (how a report
lists its units).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat

from coso.core.rules import value as rule_value
from coso.core.text import fold
from coso.discipline.models import DisciplineCase
from coso.dues.models import YearTotal
from coso.evaluation.choices import GOOD_OR_BETTER, PeriodKind, SubjectKind
from coso.evaluation.models import Evaluation
from coso.meetings.choices import MeetingStatus
from coso.meetings.models import Commitment, Meeting, StudyPlan
from coso.members.choices import EventKind, PlacementKind
from coso.members.models import MembershipEvent, Placement
from coso.members.models.placement import placement_on_q
from coso.orgs.choices import CELL_KINDS, GRASSROOTS_KINDS
from coso.orgs.models import Organization

from ..choices import Measure
from .counting import GRADED_KINDS, REMOVAL_KINDS, Scope
from .tree import Tree, todays_tree

FIELDS = ("label", "place", "detail", "ok", "rank", "ref", "words")
TRUE = Value(True, output_field=BooleanField())
GRADE_LABEL = Case(
    When(grade="excellent", then=Value("HTXSNV")),
    When(grade="good", then=Value("HTTNV")),
    When(grade="complete", then=Value("HTNV")),
    default=Value("KHTNV"),
    output_field=CharField(),
)


def _scoped(qs, tree: Tree, path_field: str, root: str):
    qs = qs.filter(tree.within(path_field, root))
    if tree.needs_check():
        qs = qs.alias(counted_path=tree.expression(path_field)).filter(
            counted_path__startswith=root
        )
    return qs


def _rows(qs, *, name, place, detail, ok, sort, code=None, search=None):
    return qs.annotate(
        words=search if search is not None else Value(""),
        label=name,
        place=place,
        detail=Cast(detail, CharField()),
        ok=Cast(ok, BooleanField()),
        rank=sort,
        ref=code if code is not None else Value(""),
    ).values(*FIELDS)


def _grades(scope: Scope, year: int, kind: str):
    qs = (
        Evaluation.objects.filter(
            subject_kind=kind, period__kind=PeriodKind.YEAR, period__year=year, stage="decided"
        )
        .exclude(grade="")
        .select_related(None)
    )
    if kind == SubjectKind.ORGANIZATION:
        qs = qs.filter(organization__kind__in=GRADED_KINDS)
    qs = _scoped(qs, scope.tree, "organization__path", scope.root)
    good = Case(When(grade__in=GOOD_OR_BETTER, then=TRUE), default=Value(False))
    if kind == SubjectKind.MEMBER:
        return _rows(qs, name=F("member__full_name"), place=F("organization__name"),
                     detail=GRADE_LABEL, ok=good, sort=F("member__sort_key"),
                     search=F("member__search_text"))  # fmt: skip
    return _rows(qs, name=F("organization__name"), place=F("organization__code"),
                 detail=GRADE_LABEL, ok=good, sort=F("organization__path"),
                 search=F("organization__search_text"))  # fmt: skip


def _events(scope: Scope, year: int, kinds, path_field: str):
    qs = MembershipEvent.objects.filter(kind__in=kinds, date__year=year)
    qs = _scoped(qs, scope.tree, path_field, scope.root)
    org = path_field.removesuffix("__path")
    return _rows(qs, name=F("member__full_name"), place=F(f"{org}__name"),
                 detail=Cast("date", CharField()), ok=TRUE, sort=F("member__sort_key"),
                 search=F("member__search_text"))  # fmt: skip


def _units(scope: Scope, year: int, kinds, records, need: int):
    """The organizations of `kinds` standing on the year's reference day with how many of
    `records` (by `organization_id`) they have, a merged one's counted for its successor."""
    tree = scope.tree
    day = scope.reference_day(year)
    units = (
        Organization.objects.filter(kind__in=sorted(kinds))
        .exclude(pk__in=tree.absorbed)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=day))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))
    )
    units = _scoped(units, tree, "path", scope.root)
    counted = records.filter(organization_id=OuterRef("pk"))
    held = Coalesce(
        Subquery(counted.order_by().values("organization_id").annotate(n=Count("id")).values("n")),
        0,
    )
    for successor, absorbed in _predecessors(tree).items():
        extra = records.filter(organization_id__in=absorbed).order_by()
        n_extra = Subquery(
            extra.annotate(k=Value(1)).values("k").annotate(n=Count("id")).values("n")
        )
        held = held + Case(
            When(pk=successor, then=Coalesce(n_extra, 0)), default=0, output_field=IntegerField()
        )
    units = units.annotate(held=held)
    return _rows(units, name=F("name"), place=F("code"), detail=F("held"),
                 ok=Case(When(held__gte=need, then=TRUE), default=Value(False)),
                 sort=F("path"), code=F("code"), search=F("search_text"))  # fmt: skip


def _predecessors(tree: Tree) -> dict[int, list[int]]:
    """{successor id: the organizations merged into it} (today's tree)."""
    if not tree.absorbed:
        return {}
    paths = {counted for _real, counted, whole in tree.subs if whole}
    ids = dict(Organization.objects.filter(path__in=paths).values_list("path", "id"))
    out: dict[int, list[int]] = {}
    real_ids = dict(Organization.objects.filter(pk__in=tree.absorbed).values_list("path", "id"))
    for real, counted, whole in tree.subs:
        if whole and counted in ids and real in real_ids:
            out.setdefault(ids[counted], []).append(real_ids[real])
    return out


def _thematic(scope, year):
    meetings = (
        Meeting.objects.thematic().exclude(status=MeetingStatus.PLANNED).filter(date__year=year)
    )
    need = rule_value("thematic_meetings_per_year_min", dt.date(year, 12, 31))
    return _units(scope, year, CELL_KINDS, meetings, need)


def _commitments(scope: Scope, year: int):
    day = scope.reference_day(year)
    qs = Placement.objects.filter(kind=PlacementKind.OFFICIAL).filter(placement_on_q(day))
    qs = _scoped(qs, scope.tree, "organization__path", scope.root)
    signed = Exists(Commitment.objects.filter(member_id=OuterRef("member_id"), year=year))
    return _rows(qs, name=F("member__full_name"), place=F("organization__name"),
                 detail=Value(""), ok=signed, sort=F("member__sort_key"),
                 search=F("member__search_text"))  # fmt: skip


def _discipline(scope: Scope, year: int):
    qs = (
        DisciplineCase.objects.filter(
            subject_kind__in=("member", "probationary"), status="decided", decision_on__year=year
        )
        .exclude(penalty="")
        .exclude(appeal_outcome="annulled")
    )
    qs = _scoped(qs, scope.tree, "member__organization__path", scope.root)
    return _rows(qs, name=F("subject_name"), place=F("member__organization__name"),
                 detail=F("penalty"), ok=TRUE, sort=F("sort_key"), search=F("search_text"))  # fmt: skip


def _dues(scope: Scope, year: int):
    qs = YearTotal.objects.filter(year=year, members__gt=0)
    qs = _scoped(qs, scope.tree, "organization__path", scope.root)
    detail = Concat(Cast("paid", CharField()), Value(" / "), Cast("due", CharField()))
    return _rows(qs, name=F("organization__name"), place=F("organization__code"),
                 detail=detail, ok=Case(When(paid__gte=F("due"), then=TRUE), default=Value(False)),
                 sort=F("organization__path"), search=F("organization__search_text"))  # fmt: skip


def record_rows(organization: Organization, year: int, measure: str, *, failing=False, q=""):
    """The records behind `measure`'s figure of `organization` in `year` (a queryset of dicts,
    ordered); `failing`: only those that do not meet it; `q`: a name or code, accents aside."""
    tree = todays_tree()
    root = tree.counted(organization.path)
    scope = Scope(root, len(root), (year,), tree)
    builders = {
        Measure.ORGANIZATIONS_GOOD: lambda: _grades(scope, year, SubjectKind.ORGANIZATION),
        Measure.MEMBERS_GOOD: lambda: _grades(scope, year, SubjectKind.MEMBER),
        Measure.ADMISSIONS: lambda: _events(
            scope, year, [EventKind.ADMITTED], "to_organization__path"
        ),
        Measure.REMOVALS: lambda: _events(scope, year, REMOVAL_KINDS, "from_organization__path"),
        Measure.THEMATIC_MEETINGS: lambda: _thematic(scope, year),
        Measure.STUDY_PLANS: lambda: _units(
            scope, year, GRASSROOTS_KINDS, StudyPlan.objects.filter(year=year), 1
        ),
        Measure.FOUR_GOOD: lambda: _units(
            scope,
            year,
            GRASSROOTS_KINDS,
            Evaluation.objects.filter(
                subject_kind=SubjectKind.ORGANIZATION,
                four_good=True,
                period__kind=PeriodKind.YEAR,
                period__year=year,
            ),
            1,
        ),  # fmt: skip
        Measure.COMMITMENTS: lambda: _commitments(scope, year),
        Measure.DISCIPLINE: lambda: _discipline(scope, year),
        Measure.DUES_COLLECTED: lambda: _dues(scope, year),
    }
    builders[Measure.ADMISSION_RATE] = builders[Measure.ADMISSIONS]
    rows = builders[measure]()
    if failing:
        rows = rows.filter(ok=False)
    for word in fold(q).split():
        rows = rows.filter(words__contains=word)
    return rows.order_by("rank", "label")
