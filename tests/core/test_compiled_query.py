"""A query compiled once and run with new values (core/db/compiled.py) answers what its QuerySet
answers, in one query: the user's roles and the roots (accounts.scope), their own record
(members.privacy)."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.accounts.models import RoleAssignment
from coso.accounts.scope import ROLES_AND_ROOTS, _roles_and_roots
from coso.core.db.compiled import SAMPLES, CompiledQuery, Path
from coso.members.privacy import OWN_RECORD, _own_record
from coso.orgs.models import Organization
from tests.helpers import queries

D = dt.date


def test_the_roles_and_roots_are_the_querysets_on_every_day(tree, personas):
    bk = personas["bk_secretary"]
    RoleAssignment.objects.create(
        user=bk, organization=tree["DUK-KT"], role="staff", valid_from=D(2025, 3, 1)
    )
    RoleAssignment.objects.create(
        user=bk, organization=tree["DUK-BK-CK"], role="member", valid_to=D(2025, 3, 1)
    )
    RoleAssignment.objects.filter(user=bk, role="secretary").update(valid_from=D(2024, 1, 1))
    for day in (D(2023, 12, 31), D(2024, 1, 1), D(2025, 2, 28), D(2025, 3, 1), D(2026, 1, 1)):
        for user in (*personas.values(), bk):
            expected = sorted(_roles_and_roots(user.pk, day))
            assert sorted(ROLES_AND_ROOTS.rows(user_id=user.pk, day=day)) == expected
    paths = {code: org.path for code, org in tree.items()}
    assert sorted(ROLES_AND_ROOTS.rows(user_id=bk.pk, day=D(2025, 2, 28))) == sorted(
        [(paths["DUK-BK"], "secretary"), (paths["DUK-BK-CK"], "member"), (paths["DUK"], None)]
    )
    assert sorted(ROLES_AND_ROOTS.rows(user_id=bk.pk, day=D(2025, 3, 1))) == sorted(
        [(paths["DUK-BK"], "secretary"), (paths["DUK-KT"], "staff"), (paths["DUK"], None)]
    )
    assert queries(lambda: ROLES_AND_ROOTS.rows(user_id=bk.pk, day=D(2025, 3, 1))) == 1


def test_the_own_record_is_the_querysets(members, personas):
    user = personas["cell_secretary"]
    assert OWN_RECORD.rows(user_id=user.pk) == [] == list(_own_record(user.pk))
    members["hoa"].user = user
    members["hoa"].save(update_fields=["user"])
    expected = [(members["hoa"].pk, members["hoa"].organization.path)]
    assert OWN_RECORD.rows(user_id=user.pk) == expected == list(_own_record(user.pk))


def test_a_value_missing_from_the_query_or_the_call_is_refused(tree):
    unused = CompiledQuery(lambda code: Organization.objects.values_list("code"), code=int)
    with pytest.raises(ValueError, match="not found"):
        unused.rows(code=1)
    depth = CompiledQuery(lambda d: Organization.objects.filter(depth=d).values_list("code"), d=int)
    with pytest.raises(TypeError, match="expected"):
        depth.rows()
    with pytest.raises(TypeError, match="not a supported value"):
        depth.rows(d="1")
    assert depth.rows(d=1) == [("DUK",)]


def test_a_constant_equal_to_a_sample_is_refused(tree):
    clash = CompiledQuery(
        lambda d: Organization.objects.filter(depth=d, numchild__gt=SAMPLES[int]).values_list(
            "code"
        ),
        d=int,
    )
    with pytest.raises(ValueError, match="neither a value nor a constant"):
        clash.rows(d=1)


def test_a_value_used_other_than_as_it_is_is_refused(tree):
    shifted = CompiledQuery(
        lambda d: Organization.objects.filter(depth=d + 1).values_list("code"), d=int
    )
    with pytest.raises(ValueError, match="neither a value nor a constant"):
        shifted.rows(d=0)


def _codes_under(path: str, offset: int):
    return (
        Organization.objects.filter(path__startswith=path)
        .order_by("path")
        .values_list("code")[offset : offset + 2]
    )


def test_a_path_and_a_page_are_the_querysets(tree):
    """A path goes where the lookup puts it (the range on SQLite, `p%` on PostgreSQL) and a page's
    offset, written into the SQL, gets a compilation of its own."""
    under = CompiledQuery(_codes_under, literals=("offset",), path=Path)
    for org in tree.values():
        for offset in (0, 1, 2, 5):
            rows = under.rows(path=org.path, offset=offset)
            assert rows == list(_codes_under(org.path, offset))
    assert under.rows(path=tree["DUK-BK"].path, offset=1) == [("DUK-BK-CNTT",), ("DUK-BK-CK",)]
    assert under.rows(path=tree["DUK-KT"].path, offset=0) == [("DUK-KT",)]
    assert queries(lambda: under.rows(path=tree["DUK"].path, offset=3)) == 1
    with pytest.raises(TypeError, match="not a supported value"):
        under.rows(path=tree["DUK"].path.lower() + "x", offset=0)
    with pytest.raises(TypeError, match="not a supported literal"):
        under.rows(path=tree["DUK"].path, offset="1")


def test_two_values_of_one_kind_each_have_their_place(tree):
    between = CompiledQuery(
        lambda low, high: (
            Organization.objects.filter(depth__gte=low, depth__lte=high)
            .order_by("path")
            .values_list("code")
        ),
        low=int,
        high=int,
    )
    assert between.rows(low=2, high=2) == [("DUK-BK",), ("DUK-KT",)]
    assert between.rows(low=3, high=9) == [("DUK-BK-CNTT",), ("DUK-BK-CK",)]
    assert between.rows(low=2, high=1) == []
