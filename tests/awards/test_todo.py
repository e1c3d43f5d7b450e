"""Badges due by the next occasion and not yet proposed, on the to-do list."""

import datetime as dt

import pytest
from django.utils import timezone

from coso.awards import rules, services
from coso.core.dates import add_years
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from tests.awards.conftest import old_member

pytestmark = pytest.mark.django_db


def test_a_badge_due_is_a_to_do_until_proposed(tree, office):
    today = timezone.localdate()
    occasion = rules.next_occasion(today)
    due = old_member(tree["DUK-BK-CK"], "Bảo", add_years(occasion, -30))
    old_member(tree["DUK-BK-CK"], "Cúc", add_years(occasion, -30) + dt.timedelta(days=1))
    result = todo_list(office, today=today, kinds=[TodoKind.BADGE_DUE])
    assert [(f.member_name, f.due_on, f.overdue) for f in result.items] == [
        ("Trần Văn Bảo", occasion, False)
    ]
    d = occasion.strftime("%d/%m/%Y")
    assert result.items[0].detail == (f"30-year badge, due on {d}, for the occasion of {d}.")
    assert result.items[0].url == f"/awards/members/{due.pk}/"
    assert todo_list(office, today=today, overdue=True, kinds=[TodoKind.BADGE_DUE]).total == 0
    services.propose_badge(due, years=30, occasion=occasion, proposed_on=today)
    assert todo_list(office, today=today, kinds=[TodoKind.BADGE_DUE]).total == 0
