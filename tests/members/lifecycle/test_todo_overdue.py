"""The to-do list's overdue items: counted apart, listed first under their own heading, a
filter of their own, and told by their days ("14 days overdue"), never as "ending soon"
(issue 16, finding 6)."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import iter_all, todo_list
from tests.helpers import queries, scenario

pytestmark = pytest.mark.django_db


def test_overdue_items_are_counted_and_filtered(tree, members, office):
    today = timezone.localdate()
    scenario(tree, members)
    everything = todo_list(office, today=today, page_size=100)
    late = [f for f in everything.items if f.overdue]
    # the probation vote, the letter not handed in, the return from abroad, last year's
    # feedback (and this year's once its date has passed)
    assert {f.kind for f in late} >= {
        TodoKind.PROBATION,
        TodoKind.TRANSFER_LETTER,
        TodoKind.ABROAD_END,
        TodoKind.RESIDENCE_FEEDBACK,
    }
    assert everything.overdue_total == len(late)
    assert everything.items[: len(late)] == late  # the overdue ones first
    only = todo_list(office, today=today, overdue=True, page_size=100)
    assert [(f.kind, f.member_id) for f in only.items] == [(f.kind, f.member_id) for f in late]
    assert only.total == only.overdue_total == len(late)
    assert only.overdue_by_kind == everything.overdue_by_kind
    assert [f.kind for f in iter_all(office, today=today, overdue=True)] == [f.kind for f in late]


def test_an_items_date_says_overdue_or_days_left(tree, members, office):
    today = timezone.localdate()
    scenario(tree, members)
    items = {f.kind: f for f in todo_list(office, today=today).items}
    assert items[TodoKind.ABROAD_END].due_text == "5 days overdue"
    assert items[TodoKind.TEMPORARY_END].due_text == "10 days left"
    assert items[TodoKind.MISSING_FIELDS].due_text == ""
    # no kind says the item is near: the date says how far it is
    assert all("ending" not in str(k.label).lower() for k in TodoKind)
    with translation.override("vi"):
        assert all("sắp" not in str(k.label).lower() for k in TodoKind)
        assert items[TodoKind.ABROAD_END].due_text == "Quá hạn 5 ngày"


def test_the_page_shows_the_overdue_count_heading_and_filter(tree, members, office, login):
    scenario(tree, members)
    today = timezone.localdate()
    page = login(office)
    body = page.get("/todo/").content.decode()
    late = todo_list(office, today=today).overdue_total
    assert f'<span class="badge text-bg-danger fs-6" id="todo-overdue-badge">{late} overdue' in body
    assert body.index(">Overdue</th>") < body.index(">Due soon</th>")
    assert "5 days overdue" in body and "10 days left" in body
    filtered = page.get("/todo/", {"overdue": "1"})
    assert all(f.overdue for f in filtered.context["result"].items)
    assert ">Due soon</th>" not in filtered.content.decode()
    assert filtered.context["result"].total == late


def test_the_page_runs_a_fixed_number_of_queries_with_the_filter(tree, members, office, login):
    scenario(tree, members)
    page = login(office)
    page.get("/todo/", {"overdue": "1"})
    small = queries(lambda: page.get("/todo/", {"overdue": "1"}))
    scenario(tree, members, n=3, tag="x")
    assert queries(lambda: page.get("/todo/", {"overdue": "1"})) == small
