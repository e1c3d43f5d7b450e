"""The pages whose figures are kept (core.db.result_cache) show a change at once, and keep to
each user's scope: outside a wrapping transaction, so that values are really kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coso.accounts.models import RoleAssignment
from coso.accounts.services import end_role
from coso.core.dates import add_months
from coso.core.db import result_cache
from coso.members.queries.todo import overdue_count, todo_list
from tests.helpers import make_member, probationary_member
from tests.plans.test_dashboard_measures import YEAR, admit, admitted  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def admissions(client) -> str:
    html = client.get(reverse("plan_dashboard", args=["DUK"])).content.decode()
    return re.search(r'id="value-admissions">([^<]+)<', html).group(1)


def test_the_dashboard_shows_an_admission_at_once_and_each_user_only_their_scope(
    login,
    office,
    cell_secretary,
    tree,
    admitted,  # noqa: F811 (the fixture)
):
    client = login(office)
    assert admissions(client) == "4"
    with CaptureQueriesContext(connection) as captured:
        assert admissions(client) == "4"
    # kept: the measures are not counted again
    read = [q["sql"] for q in captured.captured_queries if "coso_ts_" not in q["sql"]]
    assert not [sql for sql in read if "t:" not in sql and "members_membershipevent" in sql]
    admit(tree["DUK-BK-CNTT"], dt.date(YEAR, 7, 1))
    assert admissions(client) == "5"
    # the PDF and the sheet are drawn from the same board, kept apart
    for name in ("plan_dashboard_xlsx", "plan_dashboard_pdf"):
        assert client.get(reverse(name, args=["DUK"])).status_code == 200
    client.logout()
    # the kept board does not open the bloc to a cell's secretary
    other = login(cell_secretary)
    assert other.get(reverse("plan_dashboard", args=["DUK"])).status_code == 404
    assert other.get(reverse("plan_dashboard_pdf", args=["DUK"])).status_code == 404
    assert other.get(reverse("plan_dashboard", args=["DUK-BK-CNTT"])).status_code == 200


def test_a_role_that_ends_takes_the_kept_to_do_list_with_it(tree, bk_secretary):
    today = timezone.localdate()
    probationary_member(tree["DUK-BK-CNTT"], "Lan", admitted_on=add_months(today, -16))
    user = get_user_model().objects.get(pk=bk_secretary.pk)
    assert todo_list(user, today=today).overdue_total == 1
    assert overdue_count(user, today=today) == 1
    role = RoleAssignment.objects.get(user=bk_secretary)
    end_role(role, valid_to=today - dt.timedelta(days=1))
    user = get_user_model().objects.get(pk=bk_secretary.pk)  # the next request's user
    assert todo_list(user, today=today).overdue_total == 0
    assert overdue_count(user, today=today) == 0


def member_total(client) -> str:
    html = client.get(reverse("home")).content.decode()
    return re.search(r'id="member-total"[^>]*>([^<]+)<', html).group(1)


def test_home_counts_a_new_member_at_once_and_each_user_only_their_scope(
    login, office, cell_secretary, tree
):
    make_member(tree["DUK-BK-CNTT"], "An")
    make_member(tree["DUK-KT"], "Bình")
    client = login(office)
    assert member_total(client) == "2"
    with CaptureQueriesContext(connection) as captured:
        assert member_total(client) == "2"
    # kept: the members are not counted again
    counted = [q["sql"] for q in captured.captured_queries if 'COUNT("' in q["sql"]]
    assert not [sql for sql in counted if "members_member" in sql or "orgs_organization" in sql]
    make_member(tree["DUK-BK-CNTT"], "Chi")
    assert member_total(client) == "3"
    client.logout()
    # the cell's secretary: the cell's two, not the bloc's kept three
    assert member_total(login(cell_secretary)) == "2"


def test_a_slow_board_is_shown_as_it_was_while_it_is_counted_again(
    login,
    office,
    tree,
    settings,
    admitted,  # noqa: F811 (the fixture)
):
    settings.COSO_REFRESH_BEHIND = 0  # every board counts as slow (a city's takes seconds)
    client = login(office)
    assert admissions(client) == "4"
    admit(tree["DUK-BK-CNTT"], dt.date(YEAR, 7, 1))
    assert admissions(client) == "4"  # as it was, at once, while it is counted again
    result_cache.wait_for_refreshes()
    assert admissions(client) == "5"
    html = client.get(reverse("plan_dashboard", args=["DUK"])).content.decode()
    counted = re.search(r'id="counted-at">([^<]+)<', html).group(1)
    assert re.fullmatch(r"Figures counted at \d\d:\d\d \d\d/\d\d/\d{4}", counted), counted
