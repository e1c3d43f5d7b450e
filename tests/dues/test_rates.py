"""The monthly amount by the rules in force that month: QĐ 342-QĐ/TW up to January 2026, QĐ
01-QĐ/TW from February 2026; exemptions and reductions by decision."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.dues import services
from coso.dues.models import DuesMonth, DuesRelief
from coso.dues.rates import monthly_amount
from coso.members.models import Member
from tests.helpers import make_member, refused

D = dt.date
pytestmark = pytest.mark.django_db


def person(cell, given, **extra):
    """A member; recognized a year after an admission date given."""
    if "admitted_on" in extra:
        a = extra["admitted_on"]
        extra.setdefault("recognized_on", a.replace(year=a.year + 1))
    return make_member(cell, given, **extra)


def due(member, month):
    return DuesMonth.objects.get(member=member, month=month)


def open_months(org, *months):
    for m in months:
        services.open_month(org, m)


def test_salary_of_8_million_in_january_under_342_and_march_under_01(tree):
    cell = tree["DUK-BK-CNTT"]
    an = person(cell, "An")
    basis = services.set_basis(an, category="salary", income=8_000_000, valid_from=D(2025, 1, 1))
    january = monthly_amount(basis, [], an, D(2026, 1, 1))
    march = monthly_amount(basis, [], an, D(2026, 3, 1))
    assert (january.due, january.legal_basis) == (80_000, "QĐ 342-QĐ/TW (28/12/2010)")
    assert (march.due, march.legal_basis) == (80_000, "QĐ 01-QĐ/TW (3/2/2026)")
    open_months(cell, D(2026, 1, 1), D(2026, 3, 1))
    assert due(an, D(2026, 1, 1)).due == 80_000
    assert due(an, D(2026, 3, 1)).due == 80_000


def test_student_pensioner_and_others(tree):
    cell = tree["DUK-BK-CNTT"]
    sv = person(cell, "Sinh", birth_date=D(2004, 5, 1), admitted_on=D(2024, 5, 1))
    hưu = person(cell, "Hưu", birth_date=D(1955, 1, 1), admitted_on=D(1980, 1, 1))
    young = person(cell, "Trẻ", birth_date=D(1990, 1, 1))
    old = person(cell, "Già", birth_date=D(1960, 1, 1))
    nữ = person(cell, "Nữ", sex="female", middle="Thị", birth_date=D(1969, 1, 1))
    services.set_basis(sv, category="student", valid_from=D(2025, 9, 1))
    services.set_basis(hưu, category="pension", income=6_000_000, valid_from=D(2025, 1, 1))
    for m in (young, old, nữ):
        services.set_basis(
            m, category="other", region=1, fixed_amount=10_000, valid_from=D(2025, 1, 1)
        )
    open_months(cell, D(2026, 1, 1), D(2026, 3, 1))
    jan, mar = D(2026, 1, 1), D(2026, 3, 1)
    # QĐ 342: a student is an "other" member at the rule's least; others the cell's amount
    assert [due(m, jan).due for m in (sv, hưu, young, old, nữ)] == [
        2000,
        30_000,
        10_000,
        10_000,
        10_000,
    ]
    # QĐ 01: 5,000 đ; 0.5% of the pension; 0.3% / 0.2% of region I's 5,310,000 đ by age
    # (a woman of 57 years and 2 months in March 2026 is past 57 years: above)
    assert [due(m, mar).due for m in (sv, hưu, young, old, nữ)] == [
        5000,
        30_000,
        15_930,
        10_620,
        10_620,
    ]


def test_the_cells_amount_under_342_is_within_its_bounds(tree):
    an = person(tree["DUK-BK-CNTT"], "An")
    refused(
        lambda: services.set_basis(
            an, category="other", region=1, fixed_amount=40_000, valid_from=D(2025, 1, 1)
        ),
        "between 2,000 and 30,000",
        field="fixed_amount",
    )
    refused(
        lambda: services.set_basis(an, category="other", valid_from=D(2026, 2, 1)),
        "needs the region",
        field="region",
    )
    refused(
        lambda: services.set_basis(an, category="salary", valid_from=D(2026, 2, 1)),
        field="income",
    )


def test_exempt_member_of_52_years(tree):
    cell = tree["DUK-BK-CNTT"]
    lão = person(cell, "Lão", birth_date=D(1950, 2, 1), admitted_on=D(1974, 3, 10))
    services.set_basis(lão, category="pension", income=7_000_000, valid_from=D(2025, 1, 1))
    open_months(cell, D(2026, 2, 1), D(2026, 3, 1))
    assert due(lão, D(2026, 3, 1)).due == 35_000
    services.grant_relief(
        lão,
        kind="exemption",
        reason="long_membership",
        valid_from=D(2026, 3, 1),
        decision_number="12-QĐ/ĐU",
        decision_date=D(2026, 2, 25),
    )
    assert (due(lão, D(2026, 2, 1)).due, due(lão, D(2026, 2, 1)).relief) == (35_000, "")
    assert (due(lão, D(2026, 3, 1)).due, due(lão, D(2026, 3, 1)).relief) == (0, "exempt")
    services.open_month(cell, D(2026, 4, 1))
    assert due(lão, D(2026, 4, 1)).due == 0


def test_long_membership_exemption_refused_below_50_years(tree):
    cell = tree["DUK-BK-CNTT"]
    an = person(cell, "An", birth_date=D(1950, 1, 1), admitted_on=D(1976, 5, 19))
    refused(
        lambda: services.grant_relief(
            an,
            kind="exemption",
            reason="long_membership",
            valid_from=D(2026, 4, 1),
            decision_number="13-QĐ/ĐU",
            decision_date=D(2026, 3, 25),
        ),
        "needs 50 years",
        "19/05/2026",
        field="reason",
    )
    # from May 2026, the month in which the 50 years are reached, it is granted
    relief = services.grant_relief(
        an,
        kind="exemption",
        reason="long_membership",
        valid_from=D(2026, 5, 1),
        decision_number="13-QĐ/ĐU",
        decision_date=D(2026, 4, 25),
    )
    assert (relief.valid_from, relief.valid_to) == (D(2026, 5, 1), None)
    refused(
        lambda: services.grant_relief(
            an,
            kind="exemption",
            reason="serious_illness",
            valid_from=D(2026, 6, 1),
            decision_number="14-QĐ/ĐU",
            decision_date=D(2026, 5, 25),
        ),
        "already has an exemption",
    )


def test_half_reduction_ends_after_12_months(tree):
    cell = tree["DUK-BK-CNTT"]
    an = person(cell, "An")
    services.set_basis(an, category="salary", income=8_000_000, valid_from=D(2025, 1, 1))
    relief = services.grant_relief(
        an,
        kind="reduction",
        reason="hardship",
        percent=50,
        months=12,
        valid_from=D(2025, 12, 1),
        decision_number="05-QĐ/CB",
        decision_date=D(2025, 11, 20),
    )
    assert relief.valid_to == D(2026, 12, 1)
    months = [D(2025, 11, 1), D(2025, 12, 1), D(2026, 6, 1), D(2026, 11, 1), D(2026, 12, 1)]
    open_months(cell, *months)
    assert [due(an, m).due for m in months] == [80_000, 40_000, 40_000, 40_000, 80_000]
    assert [due(an, m).relief for m in months] == ["", "reduced", "reduced", "reduced", ""]


def test_reduction_refusals_change_nothing(tree):
    an = person(tree["DUK-BK-CNTT"], "An")
    kwargs = dict(
        kind="reduction",
        reason="hardship",
        valid_from=D(2026, 3, 1),
        decision_number="05-QĐ/CB",
        decision_date=D(2026, 2, 20),
    )
    refused(
        lambda: services.grant_relief(an, percent=40, months=6, **kwargs),
        "30, 50, 70",
        field="percent",
    )
    refused(
        lambda: services.grant_relief(an, percent=50, months=13, **kwargs),
        "1 to 12 months",
        field="months",
    )
    refused(
        lambda: services.grant_relief(
            an, percent=50, months=6, **{**kwargs, "decision_number": " "}
        ),
        field="decision_number",
    )
    refused(
        lambda: services.grant_relief(
            an, percent=None, **{**kwargs, "kind": "exemption", "reason": "hardship"}
        ),
        field="reason",
    )
    assert not DuesRelief.objects.exists()


def test_voluntary_extra_is_added_and_a_new_basis_recomputes_open_months(tree):
    cell = tree["DUK-BK-CNTT"]
    an = person(cell, "An")
    services.set_basis(an, category="salary", income=8_000_000, valid_from=D(2025, 1, 1))
    open_months(cell, D(2026, 3, 1), D(2026, 4, 1))
    services.set_basis(
        an, category="salary", income=9_000_000, voluntary_extra=10_000, valid_from=D(2026, 4, 1)
    )
    assert [due(an, D(2026, 3, 1)).due, due(an, D(2026, 4, 1)).due] == [80_000, 100_000]
    assert Member.objects.get(pk=an.pk).dues_bases.count() == 2
