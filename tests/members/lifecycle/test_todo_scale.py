"""The to-do list at scale: the same items in the same order, a pinned number of queries, and
the partial indexes its screenings read (members/0009_todo_indexes)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.utils import timezone

from coso.core.deadlines import hand_in_deadline, residence_feedback_due
from coso.core.deadlines import recognition_vote_due_on as probation_due
from coso.core.rules import value
from coso.members.choices import StatusKind
from coso.members.models import MISSING_FIELDS_Q, Member, StatusPeriod
from coso.members.queries.screening import (
    KIND_ORDER,
    MissingFieldsSource,
    ProbationSource,
    TodoKind,
)
from coso.members.queries.todo import _scoped, todo_list
from tests.helpers import plan_of, queries, scenario

pytestmark = pytest.mark.django_db


def expected_items(today: dt.date) -> list[tuple]:
    """(kind, member, organization, due date) of every item of `scenario`, in the list's order."""
    horizon = today + dt.timedelta(days=value("todo_due_soon_days", today))
    hold = StatusPeriod.objects.get(kind=StatusKind.GRADUATE_HOLD)
    letter_due, _basis = hand_in_deadline(today - dt.timedelta(70))
    items = [
        (
            TodoKind.PROBATION,
            "Lê Thị Lan0",
            "DUK-BK-CNTT",
            probation_due(today - dt.timedelta(420)),
        ),
        # N working days after the letter's day (issued 70 days ago): the weekday moves it
        (TodoKind.TRANSFER_LETTER, "Lê Văn Bình", "DUK-BK-CK", letter_due),
        (TodoKind.TEMPORARY_END, "Hoàng Văn Dũng", "DUK-KT", today + dt.timedelta(10)),
        (TodoKind.GRADUATE_HOLD, "Nguyễn Thị Hoa", "DUK-BK-CNTT", hold.due_on),
        (TodoKind.ABROAD_END, "Phạm Thị Ánh", "DUK-BK-CK", today - dt.timedelta(5)),
        (
            TodoKind.RESIDENCE_FEEDBACK,
            "Trần Minh Đức",
            "DUK-BK-CNTT",
            residence_feedback_due(today.year - 1),
        ),
    ]
    if residence_feedback_due(today.year) <= horizon:
        due = residence_feedback_due(today.year)
        items.append((TodoKind.RESIDENCE_FEEDBACK, "Trần Minh Đức", "DUK-BK-CNTT", due))
    items.append((TodoKind.MISSING_FIELDS, "Vũ Văn Ân", "DUK-KT", None))
    return sorted(items, key=lambda i: (i[3] is None, i[3] or dt.date.max, KIND_ORDER[i[0]]))


def test_the_same_items_order_and_counts(tree, members, office):
    today = timezone.localdate()
    scenario(tree, members)
    result = todo_list(office, today=today)
    got = [(f.kind, f.member_name, f.organization_code, f.due_on) for f in result.items]
    expected = expected_items(today)
    assert got == expected
    assert result.total == len(expected)
    feedback = len(expected) - 7
    # no member record (1-HSĐV) item nor admission file: the scenario makes no candidate; no
    # cell's meetings either: it records none (tests/meetings/test_todo.py)
    none_here = (
        TodoKind.MEMBER_RECORD,
        TodoKind.ADMISSION,
        TodoKind.MEETING_MISSING,
        TodoKind.MEETING_UNPLANNED,
        TodoKind.THEMATIC_BEHIND,
        TodoKind.STUDY_PLAN_MISSING,
        TodoKind.COMMITMENT_MISSING,
        TodoKind.RESOLUTION_TASK,
        TodoKind.DUES_ARREARS,  # no dues recorded here (tests/dues/test_ledger.py)
        # nor an inspection's follow-up or feedback (tests/inspection/test_pages.py)
        TodoKind.INSPECTION_FOLLOW_UP,
        TodoKind.FEEDBACK_ANSWER,
        # nor a discipline case's deadlines (tests/discipline/)
        TodoKind.DISCIPLINE_STATE_NOTICE,
        TodoKind.DISCIPLINE_APPEAL,
        TodoKind.DISCIPLINE_DEFERRAL,
        TodoKind.DISCIPLINE_DISSOLUTION,
        # nor a member due a party badge (admitted in 2010; tests/awards/test_todo.py)
        TodoKind.BADGE_DUE,
        # nor an evaluation period (tests/evaluation/test_todo.py)
        TodoKind.EVALUATION_CELL_REVIEW,
        TodoKind.EVALUATION_MEMBERS_DECISION,
        TodoKind.EVALUATION_ORGANIZATIONS_DECISION,
        # nor a report owed: no schedule here (tests/plans/test_report_pages.py)
        TodoKind.REPORT_DUE,
    )
    kinds = [k for k in TodoKind.values if k not in none_here]
    assert result.by_kind == {**{k: 1 for k in kinds}, "residence_feedback": 1 + feedback}
    assert [(c.organization.code, c.count, c.by_kind) for c in result.by_organization] == [
        (
            "DUK-BK",
            5 + feedback,
            {
                "probation": 1,
                "transfer_letter": 1,
                "graduate_hold": 1,
                "abroad_end": 1,
                "residence_feedback": 1 + feedback,
            },
        ),
        ("DUK-KT", 2, {"temporary_end": 1, "missing_fields": 1}),
    ]
    details = {f.kind: f.detail for f in result.items}
    assert details[TodoKind.MISSING_FIELDS] == "Missing: hometown."
    assert details[TodoKind.TRANSFER_LETTER].startswith("Letter 10-GT of ")
    # one page in the middle is the same slice of the whole list
    paged = todo_list(office, today=today, page=2, page_size=3)
    assert [(f.kind, f.member_name, f.organization_code, f.due_on) for f in paged.items] == (
        expected[3:6]
    )
    # one kind, one subtree
    probation = todo_list(office, today=today, kinds=[TodoKind.PROBATION])
    assert [(f.kind, f.member_name) for f in probation.items] == [
        (TodoKind.PROBATION, "Lê Thị Lan0")
    ]
    kt = todo_list(office, today=today, organization=tree["DUK-KT"])
    assert [(f.kind, f.member_name) for f in kt.items] == [
        (k, n) for k, n, org, _d in expected if org == "DUK-KT"
    ]


def test_the_number_of_queries_is_pinned(tree, members, office, login):
    today = timezone.localdate()
    scenario(tree, members)
    page = login(office)
    todo_list(office, today=today)  # the per-process caches (scope, day swaps)
    page.get("/todo/")
    feedback_sources = 2 if residence_feedback_due(today.year) <= today + dt.timedelta(30) else 1
    # the scope's top, every source's counts and overdue counts in one query, one page of rows
    # per source, the items' parents' names, the names of the organizations counted; the
    # report schedules (the periods of the reports owed are computed from them)
    assert queries(lambda: todo_list(office, today=today)) == 1 + 1 + (6 + feedback_sources) + 3
    assert queries(lambda: page.get("/todo/")) == PAGE_QUERIES + 3 + (6 + feedback_sources)


#: the page's queries besides the sources' (session, user, second factor, scope, top, names,
#: and whether the user has a member record of their own, for the menu)
PAGE_QUERIES = 7


def test_the_screenings_read_their_partial_indexes(tree, members, office):
    today = timezone.localdate()
    scenario(tree, members)
    missing = MissingFieldsSource(today, today)
    rows = missing.rows(_scoped(missing, office, tree["DUK"]))
    probation = ProbationSource(today, today)
    keys = _scoped(probation, office, tree["DUK"]).values("pk")
    if connection.vendor == "postgresql":
        # the condition alone (the scope's join to the organizations lets a tiny test tree
        # start from them): the partial index matches it and gives the order
        unscoped = Member.objects.filter(MISSING_FIELDS_Q).order_by("sort_key", "id")
        assert "Index Scan using member_todo_missing" in plan_of(unscoped, ordered=True)
        plan = plan_of(keys)
        assert "Index Only Scan using member_probationary" in plan
        assert "Index Only Scan using event_admitted_member" in plan
    else:
        # SQLite reads the probation indexes (plain conditions); the missing fields' OR of
        # conditions it does not match against the query's bound values: the index exists,
        # the plan stays that of before
        plan = plan_of(keys)
        with connection.cursor() as cursor:
            # the admission looked up by member: the partial index, or the (member, kind,
            # date) one the HD 11 movement added, which covers it too (SQLite picks either)
            assert re.search(
                r"USING (COVERING )?INDEX (event_admitted_member \(member_id=\? AND date<\?\)"
                r"|event_member_kind_date \(member_id=\? AND kind=\?)",
                plan,
            ), plan
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'"
                " AND name IN ('member_todo_missing', 'member_probationary',"
                " 'event_admitted_member') ORDER BY name"
            )
            assert [r[0] for r in cursor.fetchall()] == [
                "event_admitted_member",
                "member_probationary",
                "member_todo_missing",
            ]
    assert [m.full_name for m in rows] == ["Vũ Văn Ân"]
    assert [m.full_name for m in Member.objects.filter(pk__in=keys)] == ["Lê Thị Lan0"]
