"""The to-do page on the demo data: items of every kind, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coso.accounts.models import RoleAssignment
from coso.members.choices import MemberStatus, TransferKind
from coso.members.models import Member, Transfer
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from coso.members.services import transfers
from coso.orgs.models import Organization

pytestmark = pytest.mark.django_db


def page_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/todo/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_demo_todo_lists_every_kind_in_a_fixed_number_of_queries(login):
    call_command("demo", "--size", "small", stdout=StringIO())
    office = RoleAssignment.objects.get(organization__code="DUK", role="staff").user
    today = timezone.localdate()
    result = todo_list(office, today=today, page_size=500)
    # every kind, the discipline cases' deadlines included (the demo's cases), but an
    # organization's dissolution: the demo decides none
    # the demo's open period: cells to review and members' grades to decide are due within the
    # list's horizon; the superior's date (20 January) comes inside it only from late December
    later = {TodoKind.EVALUATION_ORGANIZATIONS_DECISION}
    kinds = set(TodoKind.values) - {TodoKind.DISCIPLINE_DISSOLUTION} - later
    assert {f.kind for f in result.items} - later == kinds
    assert all(result.by_kind[k] >= 1 for k in kinds)
    assert any(f.overdue for f in result.items if f.kind == TodoKind.TRANSFER_LETTER)
    # the state body's notice overdue; the appeal period and the deferral running
    assert [f.overdue for f in result.items if f.kind == TodoKind.DISCIPLINE_STATE_NOTICE] == [True]
    assert [f.overdue for f in result.items if f.kind == TodoKind.DISCIPLINE_APPEAL] == [False]
    assert [f.overdue for f in result.items if f.kind == TodoKind.DISCIPLINE_DEFERRAL] == [False]
    client = login(office)
    client.get("/todo/")  # warm the scope and calendar caches
    before, body = page_queries(client)
    for kind in kinds:
        assert f'data-kind="{kind}"' in body
    # more letters in flight and more records to fix: the same number of queries
    free = (
        Member.objects.filter(status=MemberStatus.OFFICIAL, transfers__isnull=True)
        .exclude(occupation="Sinh viên")
        .order_by("id")[:15]
    )
    target = Organization.objects.filter(code__startswith="DUK-XD", kind="cell").first()
    for i, m in enumerate(free):
        if m.organization_id == target.pk:
            continue
        transfers.issue_transfer(
            m,
            kind=TransferKind.PERMANENT,
            to=target,
            letter_number=f"{i}-GT/T",
            issued_on=today - dt.timedelta(days=60),
        )
    Member.objects.filter(pk__in=[m.pk for m in free]).update(hometown="")
    assert Transfer.objects.in_flight().count() >= 15
    after, _body = page_queries(client)
    assert after == before
