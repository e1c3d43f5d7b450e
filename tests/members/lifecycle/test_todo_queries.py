"""The to-do list and home count each source once, the overdue items in the same query, and run
as many queries for a hundred items as for ten (issue 16, "Speed")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coso.members.queries.screening import sources
from coso.members.queries.todo import _scoped, overdue_count, todo_list
from coso.members.services import statuses
from tests.helpers import make_member, queries, scenario

pytestmark = pytest.mark.django_db

PAGES = ["/todo/", "/todo/?overdue=1", "/todo/?page=2", "/todo/?organization=DUK-BK-CNTT"]


def page_queries(login, user) -> dict[str, int]:
    client = login(user)
    out = {}
    for path in [*PAGES, reverse("home")]:
        client.get(path)  # the per-process caches (scope, day swaps)
        out[path] = queries(lambda path=path: client.get(path))
    client.logout()
    return out


def add_items(org, n: int, tag: str = "") -> None:
    """`n` members with fields missing, each back from abroad five days late: 2 × n items."""
    today = timezone.localdate()
    for i in range(n):
        statuses.record_abroad(
            make_member(org, f"Xa{tag}{i}"),
            purpose="work",
            country="Đức",
            valid_from=today - dt.timedelta(days=400),
            valid_to=today - dt.timedelta(days=5),
        )


def test_ten_or_a_hundred_items_run_the_same_queries(tree, members, personas, login):
    today = timezone.localdate()
    scenario(tree, members)
    # the same kinds in every scope before and after: a kind with no item reads no rows
    add_items(tree["DUK-BK-CNTT"], 1)
    office = personas["office"]
    assert todo_list(office, today=today).total <= 12
    before = {name: page_queries(login, user) for name, user in personas.items()}
    late_before = overdue_count(office, today=today)
    add_items(tree["DUK-BK-CNTT"], 49, tag="b")
    result = todo_list(office, today=today)
    assert result.total >= 100
    assert result.overdue_total == overdue_count(office, today=today) == late_before + 49
    after = {name: page_queries(login, user) for name, user in personas.items()}
    assert after == before


def test_each_sources_overdue_items_are_those_of_the_overdue_list(tree, members, office):
    """`Source.late` picks out of a source's items the ones `sources(overdue=True)` lists."""
    today = timezone.localdate()
    scenario(tree, members)
    add_items(tree["DUK-KT"], 2)
    root = tree["DUK"]
    late = {(s.kind, getattr(s, "year", 0)): s for s in sources(today, overdue=True)}
    for src in sources(today):
        qs = _scoped(src, office, root)
        condition = src.late()
        if condition is True:
            picked = set(qs.values_list("pk", flat=True))
        elif condition is False:
            picked = set()
        else:
            picked = set(qs.filter(condition).values_list("pk", flat=True))
        overdue = late.get((src.kind, getattr(src, "year", 0)))
        expected = (
            set(_scoped(overdue, office, root).values_list("pk", flat=True)) if overdue else set()
        )
        assert picked == expected, src.kind
