"""The admission files whose next step is due are on the to-do list (issue 16, finding 6: the
overdue files were not on it), in the scope of the user, linked to the candidate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coso.accounts.services import add_user
from coso.admission.models import Candidate
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import member_flags, todo_list
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_overdue_file_is_on_the_list_of_its_cell(candidate, members, office, cell_secretary):
    today = timezone.localdate()
    Candidate.objects.filter(pk=candidate.pk).update(due_on=today - dt.timedelta(days=12))
    result = todo_list(cell_secretary, today=today)
    (item,) = [f for f in result.items if f.kind == TodoKind.ADMISSION]
    assert (item.member_name, item.organization_code) == (candidate.full_name, "DUK-BK-CNTT")
    assert item.member_id is None
    assert item.url == f"/admission/candidates/{candidate.pk}/"
    assert item.due_text == "12 days overdue"
    assert item.organization_parent == "Đảng bộ Trường Đại học Bách khoa Hà Nội"
    assert result.overdue_by_kind == {TodoKind.ADMISSION: 1}
    assert todo_list(office, today=today, kinds=[TodoKind.ADMISSION]).total == 1
    # a member's own page lists no candidate's file
    assert all(f.kind != TodoKind.ADMISSION for f in member_flags(members["an"], today=today))


def test_a_file_far_from_its_deadline_is_not_listed(candidate, bk_secretary):
    today = timezone.localdate()
    Candidate.objects.filter(pk=candidate.pk).update(due_on=today + dt.timedelta(days=200))
    assert todo_list(bk_secretary, today=today, kinds=[TodoKind.ADMISSION]).total == 0


def test_another_cells_secretary_does_not_see_it(candidate, tree):
    today = timezone.localdate()
    Candidate.objects.filter(pk=candidate.pk).update(due_on=today - dt.timedelta(days=1))
    ck = add_user("bithu_ck", organization=tree["DUK-BK-CK"], role="secretary", password=PASSWORD)
    assert todo_list(ck, today=today, kinds=[TodoKind.ADMISSION]).total == 0
