"""`set_target_share`: the superior sets a child's goal for a year; anyone else, a bad goal or
an organization outside the plan changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coso.core.scope import OutOfScope
from coso.plans.choices import Measure
from coso.plans.models import TargetShare
from coso.plans.services import seed_plan_74, set_target_share
from tests.helpers import refused


@pytest.fixture
def plan(tree):
    return seed_plan_74(tree["DUK"])


def _share_values():
    return list(
        TargetShare.objects.values_list("organization__code", "year", "goal_min", "goal_max")
    )


@pytest.mark.django_db
def test_the_superior_sets_and_changes_a_share(tree, plan, office):
    target = plan.targets.get(measure=Measure.ADMISSIONS)
    share = set_target_share(target, tree["DUK-BK"], year=2026, goal_min=Decimal(120), actor=office)
    assert (share.goal_min, share.goal_max, share.actor) == (Decimal(120), None, office)
    set_target_share(target, tree["DUK-BK"], year=2026, goal_min=Decimal(150), actor=office)
    # the same goal again changes nothing (no history row)
    set_target_share(target, tree["DUK-BK"], year=2026, goal_min=Decimal(150), actor=office)
    assert _share_values() == [("DUK-BK", 2026, Decimal("150.00"), None)]
    history = TargetShare.history.order_by("history_date").values_list("history_type", "goal_min")
    assert list(history) == [("+", Decimal("120.00")), ("~", Decimal("150.00"))]


@pytest.mark.django_db
def test_the_organization_itself_may_not_set_its_share(tree, plan, bk_secretary, cell_secretary):
    target = plan.targets.get(measure=Measure.ADMISSIONS)
    for actor, org in ((bk_secretary, tree["DUK-BK"]), (cell_secretary, tree["DUK-KT"])):
        refused(
            lambda a=actor, o=org: set_target_share(
                target, o, year=2026, goal_min=Decimal(5), actor=a
            ),
            raises=OutOfScope,
        )
    assert _share_values() == []


@pytest.mark.django_db
def test_bad_goals_are_refused_in_vietnamese(tree, plan, office):
    admissions = plan.targets.get(measure=Measure.ADMISSIONS)
    rate = plan.targets.get(measure=Measure.ADMISSION_RATE)
    bk = tree["DUK-BK"]
    cases = [
        (admissions, 2031, Decimal(5), None, "year", "Chỉ tiêu áp dụng từ năm 2022 đến năm 2030."),
        (admissions, 2026, None, None, "goal_min", "mức tối thiểu hoặc tối đa"),
        (admissions, 2026, Decimal("2.5"), None, "goal_min", "số nguyên"),
        (rate, 2026, Decimal(101), None, "goal_min", "100%"),
        (rate, 2026, Decimal(9), Decimal(8), "goal_max", "thấp hơn mức tối thiểu"),
        (admissions, 2026, Decimal(-1), None, "goal_min", "không thể âm"),
    ]
    for target, year, low, high, field, text in cases:
        refused(
            lambda t=target, y=year, lo=low, hi=high: set_target_share(
                t, bk, year=y, goal_min=lo, goal_max=hi, actor=office
            ),
            text,
            field=field,
        )
    refused(
        lambda: set_target_share(admissions, tree["DUK"], year=2026, goal_min=Decimal(1)),
        "không thuộc phạm vi",
        field="organization",
    )


@pytest.mark.django_db(transaction=True)
def test_set_target_share_outside_a_wrapping_transaction(tree, office):
    plan = seed_plan_74(tree["DUK"], actor=office)
    target = plan.targets.get(measure=Measure.ADMISSIONS)
    set_target_share(target, tree["DUK-KT"], year=2026, goal_min=Decimal(40), actor=office)
    assert _share_values() == [("DUK-KT", 2026, Decimal("40.00"), None)]
    assert seed_plan_74(tree["DUK"], actor=office).pk == plan.pk
    assert plan.targets.count() == 11
