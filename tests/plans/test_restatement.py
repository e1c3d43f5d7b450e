"""A past year counted on today's tree (the default: a merged organization's work counts for
its successor, a moved one's where it is now) and on the tree as it was (`as_of_tree`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from coso.members.services.organizations import merge_organizations
from coso.orgs import services as org_services
from coso.plans.choices import Measure
from coso.plans.queries.measures import children_figures, figures, trend

from .setup import YEAR
from .test_measures import FIGURE_QUERIES, worked  # noqa: F401 (the fixture)

BEFORE = dt.date(YEAR, 12, 31)


def _by_measure(figs):
    return {f.measure: (f.numerator, f.denominator, f.value) for f in figs}


@pytest.fixture
def merged(tree, worked):  # noqa: F811
    """CK merged into CNTT on 1/3/2026: its members (binh, anh, moi) move there."""
    merge_organizations(tree["DUK-BK-CK"], into=tree["DUK-BK-CNTT"], date=dt.date(2026, 3, 1))
    for org in tree.values():
        org.refresh_from_db()
    return worked


@pytest.mark.django_db
def test_a_merged_cells_year_counts_for_its_successor(tree, merged, django_assert_num_queries):
    cntt, bk = tree["DUK-BK-CNTT"], tree["DUK-BK"]
    # the merges' paths: one query more
    with django_assert_num_queries(FIGURE_QUERIES + 1):
        figs = _by_measure(figures(cntt, YEAR, plan=merged))
    # CNTT's 3 graded members and CK's 2 (binh good)
    assert figs[Measure.MEMBERS_GOOD] == (3, 5, Decimal("60.00"))
    # one cell (CK absorbed) with CNTT's 4 and CK's 3 thematic meetings
    assert figs[Measure.THEMATIC_MEETINGS] == (1, 1, Decimal("100.00"))
    assert figs[Measure.ADMISSIONS] == (1, None, Decimal(1))
    assert figs[Measure.ADMISSION_RATE] == (1, 5, Decimal("20.00"))
    assert figs[Measure.ORGANIZATIONS_GOOD] == (1, 2, Decimal("50.00"))
    cells = children_figures(bk, YEAR, plan=merged)
    assert list(cells) == [cntt.pk]
    assert _by_measure(figures(bk, YEAR, plan=merged))[Measure.THEMATIC_MEETINGS] == (
        1,
        1,
        Decimal("100.00"),
    )
    bloc = trend(tree["DUK"], range(YEAR, YEAR + 1), plan=merged)
    assert [(f.numerator, f.denominator) for f in bloc[Measure.THEMATIC_MEETINGS]] == [(2, 2)]


@pytest.mark.django_db
def test_the_tree_as_it_was_before_the_merge(tree, merged):
    cntt, ck, bk = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"], tree["DUK-BK"]
    figs = _by_measure(figures(cntt, YEAR, plan=merged, as_of_tree=BEFORE))
    assert figs[Measure.MEMBERS_GOOD] == (2, 3, Decimal("66.67"))
    assert figs[Measure.THEMATIC_MEETINGS] == (1, 1, Decimal("100.00"))
    cells = children_figures(bk, YEAR, plan=merged, as_of_tree=BEFORE)
    assert list(cells) == [cntt.pk, ck.pk]
    assert _by_measure(cells[ck.pk])[Measure.THEMATIC_MEETINGS] == (0, 1, Decimal("0.00"))
    assert _by_measure(figures(bk, YEAR, plan=merged, as_of_tree=BEFORE))[
        Measure.THEMATIC_MEETINGS
    ] == (1, 2, Decimal("50.00"))


@pytest.mark.django_db
def test_a_moved_cell_counts_where_it_is_and_where_it_was(tree, worked):  # noqa: F811
    xd = org_services.create_organization(
        tree["DUK"], code="DUK-XD", name="Đảng bộ Trường Đại học Xây dựng",
        kind="grassroots_committee", established_on=dt.date(2026, 1, 1),
    )  # fmt: skip
    ck = org_services.move_organization(tree["DUK-BK-CK"], new_parent=xd, date=dt.date(2026, 2, 1))
    bk = tree["DUK-BK"]
    bk.refresh_from_db()
    today = _by_measure(figures(xd, YEAR, plan=worked))
    assert today[Measure.THEMATIC_MEETINGS] == (0, 1, Decimal("0.00"))
    assert today[Measure.MEMBERS_GOOD] == (1, 2, Decimal("50.00"))
    assert _by_measure(figures(bk, YEAR, plan=worked))[Measure.MEMBERS_GOOD] == (
        2,
        3,
        Decimal("66.67"),
    )
    # on the tree of 31/12/2025 CK is BK's again, and not XD's
    then = _by_measure(figures(bk, YEAR, plan=worked, as_of_tree=BEFORE))
    assert then[Measure.MEMBERS_GOOD] == (3, 5, Decimal("60.00"))
    assert then[Measure.THEMATIC_MEETINGS] == (1, 2, Decimal("50.00"))
    assert list(children_figures(bk, YEAR, plan=worked, as_of_tree=BEFORE)) == [
        tree["DUK-BK-CNTT"].pk,
        ck.pk,
    ]
    assert _by_measure(figures(xd, YEAR, plan=worked, as_of_tree=BEFORE))[
        Measure.THEMATIC_MEETINGS
    ] == (0, 0, None)
    bloc = children_figures(tree["DUK"], YEAR, plan=worked, as_of_tree=BEFORE)
    assert _by_measure(bloc[bk.pk])[Measure.MEMBERS_GOOD] == (3, 5, Decimal("60.00"))
