"""Restructuring services: each step writes its event and period; refusals change nothing."""

import datetime as dt

import pytest
from django.utils import translation

from coso.members.models import Member, MembershipEvent, Placement, member_counts_by_child
from coso.members.services import organizations as reorganization
from coso.orgs import services
from coso.orgs.models import Organization, OrganizationEvent, OrganizationPeriod
from tests.helpers import make_member, refused

D = dt.date


def fresh(org):
    return Organization.objects.get(pk=org.pk)


def open_period(org):
    return OrganizationPeriod.objects.get(organization=org, valid_to__isnull=True)


# --- each step writes its event and period ------------------------------------------------


def test_create_writes_event_and_period(tree):
    bk = tree["DUK-BK"]
    cell = services.create_organization(
        bk, code="DUK-BK-DT", name="Chi bộ Khoa Điện tử", kind="cell",
        established_on=D(2024, 9, 1), decision_number="12-QĐ/ĐU",
    )  # fmt: skip
    assert cell.get_parent() == bk
    event = OrganizationEvent.objects.get(organization=cell)
    assert (event.kind, event.date, event.to_parent, event.new_name, event.decision_number) == (
        "created", D(2024, 9, 1), bk, "Chi bộ Khoa Điện tử", "12-QĐ/ĐU",
    )  # fmt: skip
    period = open_period(cell)
    assert (period.parent, period.name, period.valid_from) == (
        bk,
        "Chi bộ Khoa Điện tử",
        D(2024, 9, 1),
    )


def test_rename_writes_event_and_closes_old_period(tree):
    ck = tree["DUK-BK-CK"]
    services.rename_organization(ck, name="Chi bộ Trường Cơ khí", date=D(2023, 3, 1))
    assert fresh(ck).name == "Chi bộ Trường Cơ khí"
    event = OrganizationEvent.objects.get(organization=ck, kind="renamed")
    assert (event.old_name, event.new_name, event.date) == (
        "Chi bộ Khoa Cơ khí", "Chi bộ Trường Cơ khí", D(2023, 3, 1),
    )  # fmt: skip
    periods = list(OrganizationPeriod.objects.filter(organization=ck).order_by("valid_from"))
    assert [(p.name, p.valid_from, p.valid_to) for p in periods] == [
        ("Chi bộ Khoa Cơ khí", D(2015, 1, 1), D(2023, 3, 1)),
        ("Chi bộ Trường Cơ khí", D(2023, 3, 1), None),
    ]


def test_move_writes_event_and_period_and_carries_subtree(tree, members):
    duk, bk = tree["DUK"], tree["DUK-BK"]
    sub = services.create_organization(
        bk, code="DUK-BK-K1", name="Đảng bộ bộ phận Khối 1", kind="sub_committee",
        established_on=D(2020, 1, 1),
    )  # fmt: skip
    group = services.create_organization(
        tree["DUK-BK-CK"], code="DUK-BK-CK-T1", name="Tổ đảng 1", kind="group",
        established_on=D(2020, 1, 1),
    )  # fmt: skip
    services.move_organization(tree["DUK-BK-CK"], new_parent=sub, date=D(2021, 1, 1))
    ck = fresh(tree["DUK-BK-CK"])
    assert ck.get_parent() == sub
    assert fresh(group).get_parent() == ck  # the subtree moved along
    event = OrganizationEvent.objects.get(organization=ck, kind="moved")
    assert (event.from_parent, event.to_parent, event.date) == (bk, sub, D(2021, 1, 1))
    assert open_period(ck).parent == sub
    # members stay in their cell, which is now under the sub-committee
    assert set(Member.objects.in_subtree(fresh(sub)).values_list("given_name", flat=True)) == {
        "Bình", "Ánh",
    }  # fmt: skip
    assert duk.pk  # unchanged root


def test_merge_moves_members_and_dissolves_source(tree, members):
    ck, cntt = tree["DUK-BK-CK"], tree["DUK-BK-CNTT"]
    reorganization.merge_organizations(ck, into=cntt, date=D(2024, 1, 1), decision_number="5-QĐ/ĐU")
    ck = fresh(ck)
    assert ck.dissolved_on == D(2024, 1, 1)
    assert ck.dissolved_decision == "5-QĐ/ĐU"
    event = OrganizationEvent.objects.get(organization=ck, kind="merged")
    assert (event.related, event.date) == (cntt, D(2024, 1, 1))
    assert OrganizationPeriod.objects.get(organization=ck).valid_to == D(2024, 1, 1)
    assert Member.objects.filter(organization=cntt).count() == 5
    moved = Placement.objects.get(member=members["binh"], valid_to__isnull=True)
    assert (moved.organization, moved.valid_from) == (cntt, D(2024, 1, 1))
    assert MembershipEvent.objects.filter(kind="reorganized", to_organization=cntt).count() == 2


def test_split_creates_parts_and_dissolves_source(tree, members):
    cntt = tree["DUK-BK-CNTT"]
    parts = [
        reorganization.SplitPart(
            "DUK-BK-CNTT-1", "Chi bộ CNTT 1", [members["an"].pk, members["duc"].pk]
        ),
        reorganization.SplitPart("DUK-BK-CNTT-2", "Chi bộ CNTT 2", [members["hoa"].pk]),
    ]
    one, two = reorganization.split_organization(cntt, parts=parts, date=D(2024, 6, 1))
    assert fresh(cntt).dissolved_on == D(2024, 6, 1)
    for part in (one, two):
        assert part.get_parent() == tree["DUK-BK"]
        assert part.kind == "cell"
        split = OrganizationEvent.objects.get(organization=part, kind="split")
        assert (split.related, split.date) == (cntt, D(2024, 6, 1))
        assert open_period(part).parent == tree["DUK-BK"]
    assert set(Member.objects.filter(organization=one).values_list("given_name", flat=True)) == {
        "An", "Đức",
    }  # fmt: skip
    assert list(Member.objects.filter(organization=two).values_list("given_name", flat=True)) == [
        "Hoa"
    ]
    assert OrganizationEvent.objects.filter(organization=cntt, kind="dissolved").exists()
    assert not OrganizationPeriod.objects.filter(organization=cntt, valid_to__isnull=True).exists()


def test_dissolve_writes_event_and_closes_period(tree):
    empty = services.create_organization(
        tree["DUK-BK"], code="DUK-BK-X", name="Chi bộ X", kind="cell", established_on=D(2020, 1, 1)
    )
    reorganization.dissolve_organization(empty, date=D(2024, 12, 31), decision_number="9-QĐ/ĐU")
    empty = fresh(empty)
    assert (empty.dissolved_on, empty.dissolved_decision) == (D(2024, 12, 31), "9-QĐ/ĐU")
    event = OrganizationEvent.objects.get(organization=empty, kind="dissolved")
    assert event.date == D(2024, 12, 31)
    assert OrganizationPeriod.objects.get(organization=empty).valid_to == D(2024, 12, 31)


# --- refusals change nothing ---------------------------------------------------------------


def test_move_under_own_descendant_is_refused(tree, members):
    with translation.override("en"):
        errors = refused(
            lambda: services.move_organization(
                tree["DUK-BK"], new_parent=tree["DUK-BK-CNTT"], date=D(2024, 1, 1)
            ),
            field="new_parent",
        )["new_parent"]
    assert errors == ["An organization cannot be moved under itself or its own sub-unit."]


def test_committee_under_a_cell_is_refused(tree, members):
    with translation.override("en"):
        errors = refused(
            lambda: services.create_organization(
                tree["DUK-BK-CNTT"], code="DUK-BK-CNTT-X", name="X", kind="sub_committee",
                established_on=D(2024, 1, 1),
            ),
            field="kind",
        )["kind"]  # fmt: skip
    assert errors == ["A sub-committee cannot be placed under a cell."]
    sub = services.create_organization(
        tree["DUK-BK"], code="DUK-BK-K1", name="Đảng bộ bộ phận 1", kind="sub_committee",
        established_on=D(2020, 1, 1),
    )  # fmt: skip
    with translation.override("en"):
        errors = refused(
            lambda: services.move_organization(
                sub, new_parent=tree["DUK-BK-CK"], date=D(2024, 1, 1)
            ),
            field="kind",
        )["kind"]
    assert errors == ["A sub-committee cannot be placed under a cell."]


def test_dissolving_an_org_with_active_members_is_refused(tree, members):
    with translation.override("en"):
        errors = refused(
            lambda: reorganization.dissolve_organization(tree["DUK-BK-CNTT"], date=D(2024, 1, 1)),
            field="date",
        )["date"]
    assert errors == [
        "The organization still holds 3 active members: move them before dissolving it."
    ]
    # also through a sub-unit
    refused(
        lambda: reorganization.dissolve_organization(tree["DUK-BK"], date=D(2024, 1, 1)),
        field="date",
    )


def test_merging_into_own_subtree_is_refused(tree, members):
    with translation.override("en"):
        errors = refused(
            lambda: reorganization.merge_organizations(
                tree["DUK-BK"], into=tree["DUK-BK-CNTT"], date=D(2024, 1, 1)
            ),
            field="into",
        )["into"]
        assert errors == ["An organization cannot be merged into itself or its own sub-unit."]
        refused(
            lambda: reorganization.merge_organizations(
                tree["DUK-BK-CK"], into=tree["DUK-BK-CK"], date=D(2024, 1, 1)
            ),
            field="into",
        )


def test_future_date_is_refused(tree, members):
    refused(
        lambda: services.rename_organization(
            tree["DUK-BK-CK"], name="Tên mới", date=D.today() + dt.timedelta(days=30)
        ),
        field="date",
    )


# --- warnings ------------------------------------------------------------------------------


def test_cell_with_fewer_than_three_official_members_is_warned(tree, members):
    with translation.override("en"):
        assert reorganization.organization_warnings(tree["DUK-BK-CK"]) == [
            "The cell has 2 official members, fewer than 3: it cannot validly vote; add members or merge it."
        ]
        assert reorganization.organization_warnings(tree["DUK-BK-CNTT"]) == []


def test_grassroots_cell_with_thirty_members_is_warned(tree, members):
    kt = tree["DUK-KT"]  # holds 2 members
    for i in range(27):
        make_member(kt, f"Thành{i}", family="Đỗ")
    with translation.override("en"):
        assert reorganization.organization_warnings(kt) == []  # 29 members
        make_member(kt, "Tâm", family="Đỗ")
        assert reorganization.organization_warnings(kt) == [
            "The grassroots cell has 30 members (30 or more): consider making it a grassroots committee with cells."
        ]


def test_dissolved_org_has_no_warnings(tree):
    empty = services.create_organization(
        tree["DUK-BK"], code="DUK-BK-X", name="Chi bộ X", kind="cell", established_on=D(2020, 1, 1)
    )
    assert reorganization.organization_warnings(empty) != []
    reorganization.dissolve_organization(empty, date=D(2024, 1, 1))
    assert reorganization.organization_warnings(fresh(empty)) == []


# --- history -------------------------------------------------------------------------------


def test_org_on_date_after_a_move_and_a_rename(tree, members):
    bk, ck = tree["DUK-BK"], tree["DUK-BK-CK"]
    sub = services.create_organization(
        bk, code="DUK-BK-K1", name="Đảng bộ bộ phận Khối 1", kind="sub_committee",
        established_on=D(2019, 1, 1),
    )  # fmt: skip
    services.move_organization(ck, new_parent=sub, date=D(2020, 1, 1))
    services.rename_organization(fresh(ck), name="Chi bộ Trường Cơ khí", date=D(2022, 1, 1))

    before = services.org_on_date(ck, D(2018, 6, 1))
    assert (before.parent, before.name) == (bk, "Chi bộ Khoa Cơ khí")
    moved = services.org_on_date(ck, D(2021, 6, 1))
    assert (moved.parent, moved.name) == (sub, "Chi bộ Khoa Cơ khí")
    on_move_day = services.org_on_date(ck, D(2020, 1, 1))
    assert on_move_day.parent == sub
    renamed = services.org_on_date(ck, D(2023, 6, 1))
    assert (renamed.parent, renamed.name) == (sub, "Chi bộ Trường Cơ khí")
    assert services.org_on_date(ck, D(2010, 1, 1)) is None  # before it existed


def test_member_counts_per_child_on_a_past_date_after_a_merge(tree, members):
    bk, cntt, ck = tree["DUK-BK"], tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    reorganization.merge_organizations(ck, into=cntt, date=D(2024, 1, 1))
    bk = fresh(bk)
    assert member_counts_by_child(bk, D(2023, 6, 1)) == {cntt.pk: 3, ck.pk: 2}
    assert member_counts_by_child(bk, D(2024, 1, 1)) == {cntt.pk: 5, ck.pk: 0}
    assert member_counts_by_child(bk, D(2024, 6, 1)) == {cntt.pk: 5, ck.pk: 0}
    duk = fresh(tree["DUK"])
    assert member_counts_by_child(duk, D(2023, 6, 1)) == {bk.pk: 5, tree["DUK-KT"].pk: 2}
    assert member_counts_by_child(duk, D(2014, 6, 1)) == {bk.pk: 0, tree["DUK-KT"].pk: 0}


# --- as deployed, outside a wrapping transaction (CI runs these on SQLite and PostgreSQL) ---


@pytest.mark.django_db(transaction=True)
def test_split(tree, members):
    test_split_creates_parts_and_dissolves_source(tree, members)


@pytest.mark.django_db(transaction=True)
def test_a_refused_dissolution_changes_nothing(tree, members):
    test_dissolving_an_org_with_active_members_is_refused(tree, members)


def test_ancestor_paths_top_first_with_or_without_itself(tree):
    cell = Organization.objects.get(code="DUK-BK-CNTT")
    duk, bk = (Organization.objects.get(code=c).path for c in ("DUK", "DUK-BK"))
    assert cell.ancestor_paths() == [duk, bk, cell.path]
    assert cell.ancestor_paths(self_too=False) == [duk, bk]
    top = Organization.objects.get(code="DUK")
    assert top.ancestor_paths() == [duk]
    assert top.ancestor_paths(self_too=False) == []
