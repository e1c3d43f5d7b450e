"""Home's button to the overdue items (issue 16: "see the cell's overdue items from home in 1"):
its count is the to-do page's overdue total, for each persona's scope."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coso.core.dates import add_months
from coso.members.queries.todo import overdue_count, todo_list
from tests.helpers import probationary_member

pytestmark = pytest.mark.django_db


def home_button(client) -> tuple[str, str]:
    html = client.get(reverse("home")).content.decode()
    m = re.search(r'id="home-overdue" href="([^"]+)">([^<]+)</a>', html)
    return m.group(1), m.group(2)


def test_home_counts_the_overdue_items_of_each_scope(login, personas, tree):
    today = timezone.localdate()
    # a probation over sixteen months ago: its recognition vote is long overdue
    probationary_member(tree["DUK-BK-CNTT"], "Lan", admitted_on=add_months(today, -16))
    probationary_member(tree["DUK-KT"], "Mai", admitted_on=add_months(today, -17))
    # admitted last month: nothing due
    probationary_member(tree["DUK-BK-CNTT"], "Hoa", admitted_on=today - dt.timedelta(days=30))
    expected = {"office": 2, "bk_secretary": 1, "cell_secretary": 1}
    for name, user in personas.items():
        client = login(user)
        href, text = home_button(client)
        n = expected[name]
        assert (href, text) == ("/todo/?overdue=1", f"{n} overdue item{'s' if n > 1 else ''}")
        assert overdue_count(user, today=today) == n
        assert todo_list(user, today=today).overdue_total == n
        page = client.get(href).content.decode()
        assert re.search(r'id="todo-overdue-total" href="[^"]*">(\d+)<', page).group(1) == str(n)
        client.logout()


def test_nothing_overdue_is_said_plainly(login, cell_secretary, tree):
    href, text = home_button(login(cell_secretary))
    assert (href, text) == ("/todo/?overdue=1", "0 overdue items")
