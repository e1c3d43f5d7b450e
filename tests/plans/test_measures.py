"""The plan's figures on a small tree counted by hand (tests/plans/setup.py): the whole bloc,
its children, the trend, the goals (a share replaces the target's), and the query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coso.plans.choices import Measure
from coso.plans.queries.measures import children_figures, figures, trend
from coso.plans.services import seed_plan_74, set_target_share

from .setup import YEAR, year_of_work

#: (numerator, denominator, value, met) of each measure for DUK in 2025
BLOC = {
    Measure.ORGANIZATIONS_GOOD: (3, 4, Decimal("75.00"), False),
    Measure.MEMBERS_GOOD: (4, 6, Decimal("66.67"), False),
    Measure.ADMISSIONS: (1, None, Decimal(1), False),
    Measure.ADMISSION_RATE: (1, 7, Decimal("14.29"), False),
    Measure.THEMATIC_MEETINGS: (2, 3, Decimal("66.67"), False),
    Measure.STUDY_PLANS: (1, 2, Decimal("50.00"), False),
    Measure.COMMITMENTS: (4, 7, Decimal("57.14"), False),
    Measure.REMOVALS: (1, None, Decimal(1), True),
    Measure.FOUR_GOOD: (1, 2, Decimal("50.00"), True),
    Measure.DISCIPLINE: (1, None, Decimal(1), True),
    Measure.DUES_COLLECTED: (30_000, 40_000, Decimal("75.00"), True),
}
BK = {
    Measure.ORGANIZATIONS_GOOD: (2, 3, Decimal("66.67")),
    Measure.MEMBERS_GOOD: (3, 5, Decimal("60.00")),
    Measure.ADMISSIONS: (1, None, Decimal(1)),
    Measure.ADMISSION_RATE: (1, 5, Decimal("20.00")),
    Measure.THEMATIC_MEETINGS: (1, 2, Decimal("50.00")),
    Measure.STUDY_PLANS: (1, 1, Decimal("100.00")),
    Measure.COMMITMENTS: (3, 6, Decimal("50.00")),
    Measure.REMOVALS: (0, None, Decimal(0)),
    Measure.FOUR_GOOD: (0, 1, Decimal("0.00")),
    Measure.DISCIPLINE: (1, None, Decimal(1)),
    Measure.DUES_COLLECTED: (10_000, 20_000, Decimal("50.00")),
}
KT = {
    Measure.ORGANIZATIONS_GOOD: (1, 1, Decimal("100.00")),
    Measure.MEMBERS_GOOD: (1, 1, Decimal("100.00")),
    Measure.ADMISSIONS: (0, None, Decimal(0)),
    Measure.ADMISSION_RATE: (0, 2, Decimal("0.00")),
    Measure.THEMATIC_MEETINGS: (1, 1, Decimal("100.00")),
    Measure.STUDY_PLANS: (0, 1, Decimal("0.00")),
    Measure.COMMITMENTS: (1, 1, Decimal("100.00")),
    Measure.REMOVALS: (1, None, Decimal(1)),
    Measure.FOUR_GOOD: (1, 1, Decimal("100.00")),
    Measure.DISCIPLINE: (0, None, Decimal(0)),
    Measure.DUES_COLLECTED: (20_000, 20_000, Decimal("100.00")),
}

#: the targets read (1), the merges (1), a query per measure (11: the rate shares the
#: admissions' and adds the members at 1 January), the shares (1)
FIGURE_QUERIES = 14


@pytest.fixture
def worked(tree, members):
    year_of_work(tree, members)
    return seed_plan_74(tree["DUK"])


def _parts(figs, with_met=False):
    return {
        f.measure: (f.numerator, f.denominator, f.value, *((f.met,) if with_met else ()))
        for f in figs
    }


@pytest.mark.django_db
def test_the_bloc_figures_counted_by_hand(tree, worked, django_assert_num_queries):
    with django_assert_num_queries(FIGURE_QUERIES):
        figs = figures(tree["DUK"], YEAR, plan=worked)
    assert [f.measure for f in figs] == list(BLOC)
    assert _parts(figs, with_met=True) == BLOC
    goals = {f.measure: (f.goal_min, f.goal_min_exclusive, f.goal_max) for f in figs}
    assert goals[Measure.MEMBERS_GOOD] == (Decimal("90.00"), True, None)
    assert goals[Measure.ADMISSION_RATE] == (Decimal("8.00"), False, Decimal("10.00"))
    assert goals[Measure.ADMISSIONS] == (Decimal("2000.00"), False, None)
    assert goals[Measure.REMOVALS] == (None, False, None)


@pytest.mark.django_db
def test_children_figures_in_one_query_a_measure(tree, worked, django_assert_num_queries):
    # the children (1) on top of the figures' queries
    with django_assert_num_queries(FIGURE_QUERIES + 1):
        by_child = children_figures(tree["DUK"], YEAR, plan=worked)
    assert set(by_child) == {tree["DUK-BK"].pk, tree["DUK-KT"].pk}
    assert _parts(by_child[tree["DUK-BK"].pk]) == BK
    assert _parts(by_child[tree["DUK-KT"].pk]) == KT
    cells = children_figures(tree["DUK-BK"], YEAR, plan=worked)
    cntt = _parts(cells[tree["DUK-BK-CNTT"].pk])
    assert cntt[Measure.MEMBERS_GOOD] == (2, 3, Decimal("66.67"))
    assert cntt[Measure.THEMATIC_MEETINGS] == (1, 1, Decimal("100.00"))
    assert cntt[Measure.STUDY_PLANS] == (0, 0, None)
    ck = _parts(cells[tree["DUK-BK-CK"].pk])
    assert ck[Measure.THEMATIC_MEETINGS] == (0, 1, Decimal("0.00"))
    assert ck[Measure.ADMISSION_RATE] == (1, 2, Decimal("50.00"))


@pytest.mark.django_db
def test_a_count_goal_is_the_issuers_and_a_share_replaces_it(tree, worked):
    target = worked.targets.get(measure=Measure.ADMISSIONS)
    set_target_share(target, tree["DUK-BK"], year=YEAR, goal_min=Decimal(1))
    by_child = children_figures(tree["DUK"], YEAR, plan=worked)
    bk = {f.measure: f for f in by_child[tree["DUK-BK"].pk]}
    kt = {f.measure: f for f in by_child[tree["DUK-KT"].pk]}
    assert (bk[Measure.ADMISSIONS].goal_min, bk[Measure.ADMISSIONS].met) == (Decimal(1), True)
    # no share, no goal below the issuer: 2,000 is the bloc's, not a school's
    assert (kt[Measure.ADMISSIONS].goal_min, kt[Measure.ADMISSIONS].met) == (None, True)
    # a share's goal (percent) for a child replaces the plan's 90%
    rate = worked.targets.get(measure=Measure.MEMBERS_GOOD)
    set_target_share(rate, tree["DUK-BK"], year=YEAR, goal_min=Decimal(60))
    bk = {f.measure: f for f in children_figures(tree["DUK"], YEAR, plan=worked)[tree["DUK-BK"].pk]}
    assert (bk[Measure.MEMBERS_GOOD].goal_min, bk[Measure.MEMBERS_GOOD].met) == (
        Decimal("60.00"),
        True,
    )


@pytest.mark.django_db
def test_trend_reads_every_year_at_once(tree, worked, django_assert_num_queries):
    with django_assert_num_queries(FIGURE_QUERIES):
        series = trend(tree["DUK"], range(2024, 2027), plan=worked)
    assert list(series) == list(BLOC)
    thematic = series[Measure.THEMATIC_MEETINGS]
    assert [(f.year, f.numerator, f.denominator, f.value) for f in thematic] == [
        (2024, 0, 3, Decimal("0.00")),
        (2025, 2, 3, Decimal("66.67")),
        (2026, 0, 3, Decimal("0.00")),
    ]
    members_good = series[Measure.MEMBERS_GOOD]
    assert [(f.year, f.denominator, f.value) for f in members_good] == [
        (2024, 0, None),
        (2025, 6, Decimal("66.67")),
        (2026, 0, None),
    ]
    # the rate's target starts in 2025: no goal the year before
    rate = series[Measure.ADMISSION_RATE]
    assert [(f.year, f.numerator, f.denominator, f.goal_min) for f in rate] == [
        (2024, 0, 7, None),
        (2025, 1, 7, Decimal("8.00")),
        (2026, 0, 7, Decimal("8.00")),
    ]
    commitments = series[Measure.COMMITMENTS]
    assert [(f.year, f.numerator, f.denominator) for f in commitments] == [
        (2024, 0, 7),
        (2025, 4, 7),
        (2026, 0, 7),
    ]
