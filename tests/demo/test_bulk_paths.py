"""The bulk services the demo stands on: the tree's bulk path against treebeard's add_child, and
the members' bulk loader (validation first, then rows and history)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from coso.members.choices import EventKind, MemberStatus, Sex
from coso.members.models import Member, MembershipEvent, Placement
from coso.members.services.bulk import BulkLoadError, MemberRow, bulk_load_members, check_rows
from coso.orgs import services as org_services
from coso.orgs.bulk import OrgSpec, bulk_create_tree, child_path
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization, OrganizationEvent, OrganizationPeriod

pytestmark = pytest.mark.django_db

# --- orgs/bulk.py against treebeard's add_child ----------------------------------------------


def _spec_tree(prefix):
    d = dt.date(2020, 1, 1)
    return OrgSpec(
        code=prefix,
        name=f"Đảng ủy {prefix}",
        kind=OrgKind.SUPERIOR,
        established_on=d,
        children=[
            OrgSpec(
                code=f"{prefix}-G{i}",
                name=f"Đảng bộ {i}",
                kind=OrgKind.GRASSROOTS_COMMITTEE,
                established_on=d,
                children=[
                    OrgSpec(
                        code=f"{prefix}-G{i}-C{j}",
                        name=f"Chi bộ {j}",
                        kind=OrgKind.CELL,
                        established_on=d,
                    )
                    for j in range(n)
                ],
            )  # fmt: skip
            for i, n in enumerate([2, 0, 12, 1])
        ]
        + [OrgSpec(code=f"{prefix}-K", name="Chi bộ K", kind=OrgKind.GRASSROOTS_CELL)],
    )


def _add_with_treebeard(spec, parent=None):
    org = org_services.create_organization(
        parent,
        code=spec.code,
        name=spec.name,
        kind=spec.kind,
        established_on=spec.established_on,
    )
    for child in spec.children:
        _add_with_treebeard(child, org)
    return org


def _shape(prefix):
    """(code without prefix, path below the root, depth, numchild) of a subtree."""
    root = Organization.objects.get(code=prefix)
    return [
        (o.code.removeprefix(prefix), o.path[4:], o.depth, o.numchild)
        for o in Organization.objects.subtree(root)
    ]


def test_bulk_paths_equal_treebeard_add_child(db):
    _add_with_treebeard(_spec_tree("A"))
    created = bulk_create_tree([_spec_tree("B")])
    assert _shape("A") == _shape("B")
    assert Organization.objects.get(code="B").path == "0002"
    assert Organization.objects.get(code="B-G2-C9").path == "00020003000A"  # 10th child
    assert created["B-G2-C11"].path == "00020003000C"
    assert Organization.find_problems() == ([], [], [], [], [])
    # events and periods as create_organization writes them
    b_g0 = Organization.objects.get(code="B-G0")
    ev = OrganizationEvent.objects.get(organization=b_g0)
    assert (ev.kind, ev.date, ev.to_parent.code) == ("created", dt.date(2020, 1, 1), "B")
    period = OrganizationPeriod.objects.get(organization=b_g0)
    assert (period.parent.code, period.name, period.valid_from) == (
        "B",
        "Đảng bộ 0",
        dt.date(2020, 1, 1),
    )


def test_bulk_under_an_existing_parent_then_add_child(db):
    root = _add_with_treebeard(_spec_tree("A"))
    g0 = Organization.objects.get(code="A-G0")  # has two children made by add_child
    bulk_create_tree(
        [OrgSpec(code="A-G0-X", name="Chi bộ X", kind=OrgKind.CELL),
         OrgSpec(code="A-G0-Y", name="Chi bộ Y", kind=OrgKind.CELL)],
        parent=g0,
    )  # fmt: skip
    g0.refresh_from_db()
    assert g0.numchild == 4
    assert Organization.objects.get(code="A-G0-X").path == g0.path + "0003"
    # treebeard keeps going after the bulk rows
    after = org_services.create_organization(g0, code="A-G0-Z", name="Chi bộ Z", kind=OrgKind.CELL)
    assert after.path == g0.path + "0005"
    # and new roots continue after the last root
    bulk_create_tree([OrgSpec(code="R2", name="Gốc 2", kind=OrgKind.SUPERIOR)])
    assert Organization.objects.get(code="R2").path == "0002"
    assert Organization.find_problems() == ([], [], [], [], [])
    assert root.pk


def test_bulk_refuses_bad_trees_and_writes_nothing(db):
    root = org_services.create_organization(None, code="R", name="Gốc", kind=OrgKind.SUPERIOR)
    with pytest.raises(ValidationError):  # a cell directly under a superior committee
        bulk_create_tree([OrgSpec(code="R-C", name="Chi bộ", kind=OrgKind.CELL)], parent=root)
    with pytest.raises(ValidationError):  # a code already in use
        bulk_create_tree([OrgSpec(code="R", name="Gốc", kind=OrgKind.SUPERIOR)])
    with pytest.raises(ValidationError):  # a code twice in one call
        bulk_create_tree(
            [OrgSpec(code="X", name="X", kind=OrgKind.SUPERIOR,
                     children=[OrgSpec(code="X", name="X", kind=OrgKind.SUPERIOR)])]
        )  # fmt: skip
    with pytest.raises(ValidationError):  # not a superior at the top
        bulk_create_tree([OrgSpec(code="G", name="G", kind=OrgKind.GRASSROOTS_CELL)])
    assert list(Organization.objects.values_list("code", flat=True)) == ["R"]
    assert child_path("0001", 36) == "00010010"


# --- members/bulk.py -------------------------------------------------------------------------


def _member(org, cccd, **extra):
    data = {
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": "An",
        "sex": Sex.MALE,
        "birth_date": dt.date(1980, 1, 1),
        "admitted_on": dt.date(2005, 1, 1),
        "recognized_on": dt.date(2006, 1, 1),
        "cccd": cccd,
        "organization": org,
        "status": MemberStatus.OFFICIAL,
    }
    data.update(extra)
    return Member(**data)


def test_bulk_load_members_writes_rows_and_history(tree):
    cell = tree["DUK-BK-CNTT"]
    rows = [
        MemberRow.registered(_member(cell, f"00108000000{i}"), active_from=dt.date(2015, 1, 1))
        for i in range(3)
    ]
    members = bulk_load_members(rows)
    assert [m.full_name for m in members] == ["Nguyễn Văn An"] * 3
    assert all(m.pk and m.sort_key and m.search_text.startswith("nguyen van an") for m in members)
    assert Placement.objects.filter(organization=cell, valid_to__isnull=True).count() == 3
    assert MembershipEvent.objects.filter(kind=EventKind.REGISTERED).count() == 3
    assert Member.history.filter(history_type="+").count() == 3


def test_bulk_load_members_validates_everything_first(tree):
    cell = tree["DUK-BK-CNTT"]
    bulk_load_members(
        [MemberRow.registered(_member(cell, "001080000001"), active_from=dt.date(2015, 1, 1))]
    )
    rows = [
        # CCCD already in the database
        MemberRow.registered(_member(cell, "001080000001"), active_from=dt.date(2015, 1, 1)),
        # the same CCCD twice in the rows
        MemberRow.registered(_member(cell, "001080000002"), active_from=dt.date(2015, 1, 1)),
        MemberRow.registered(_member(cell, "001080000002"), active_from=dt.date(2015, 1, 1)),
        # active, but no current placement
        MemberRow(member=_member(cell, "001080000003")),
        # admitted before the 18th birthday
        MemberRow.registered(
            _member(cell, "001080000004", admitted_on=dt.date(1990, 1, 1)),
            active_from=dt.date(2015, 1, 1),
        ),
    ]
    problems = check_rows(rows)
    assert sorted({i for i, _ in problems}) == [0, 2, 3, 4]
    with pytest.raises(BulkLoadError) as err:
        bulk_load_members(rows)
    assert len(err.value.row_errors) == len(problems)
    assert Member.objects.count() == 1
