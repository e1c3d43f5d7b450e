"""Việc cần làm: every overdue and soon-due item in the user's scope, counts by kind and
organization, filters, export, the API, a fixed number of queries; the yearly movement."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from coso.core.deadlines import recognition_vote_due_on as probation_due
from coso.core.deadlines import residence_feedback_due
from coso.members import services
from coso.members.choices import EventKind, MemberStatus, TransferKind
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import movement_by_year, todo_list
from coso.members.services import statuses, transfers
from tests.helpers import queries, scenario

pytestmark = pytest.mark.django_db
D = dt.date


def test_every_kind_is_listed_with_due_dates_and_counts(tree, members, office):
    today = timezone.localdate()
    scenario(tree, members)
    result = todo_list(office, today=today)
    by_kind = {f.kind: f for f in result.items}
    # the member record (1-HSĐV) is due from the admission app's probation row, which this
    # members-only scenario does not make (tests/admission/test_member_record.py)
    # nor an admission file (no candidate here: tests/admission/test_todo_admission.py), nor a
    # cell's meetings (none recorded here: tests/meetings/test_todo.py)
    assert set(by_kind) == set(TodoKind.values) - {
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
        # nor a discipline case's deadlines: no case here (tests/discipline/)
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
    }
    assert result.total == len(result.items) == sum(result.by_kind.values())
    assert result.by_kind[TodoKind.RESIDENCE_FEEDBACK] == (
        2 if residence_feedback_due(today.year) <= today + dt.timedelta(days=30) else 1
    )
    probation = by_kind[TodoKind.PROBATION]
    assert probation.member_name == "Lê Thị Lan0"
    assert probation.due_on == probation_due(today - dt.timedelta(days=420))
    assert probation.overdue and probation.days_overdue == (today - probation.due_on).days > 0
    letter = by_kind[TodoKind.TRANSFER_LETTER]
    assert (letter.member_name, letter.organization_code) == ("Lê Văn Bình", "DUK-BK-CK")
    assert letter.overdue and "10-GT" in letter.detail
    temporary = by_kind[TodoKind.TEMPORARY_END]
    assert not temporary.overdue and temporary.days_overdue == -10
    assert by_kind[TodoKind.GRADUATE_HOLD].member_name == "Nguyễn Thị Hoa"
    assert "second warning" in by_kind[TodoKind.GRADUATE_HOLD].detail
    assert by_kind[TodoKind.ABROAD_END].days_overdue == 5
    assert by_kind[TodoKind.MISSING_FIELDS].due_on is None
    assert "Hometown" in by_kind[TodoKind.MISSING_FIELDS].detail.title()
    assert result.items[-1].kind == TodoKind.MISSING_FIELDS  # no due date: last
    dues = [f.due_on for f in result.items if f.due_on]
    assert dues == sorted(dues)
    assert all(f.url == f"/members/{f.member_id}/lifecycle/" for f in result.items)
    # counts by organization: the children of the top of the office's scope
    counts = {c.organization.code: c.count for c in result.by_organization}
    assert set(counts) == {"DUK-BK", "DUK-KT"}
    assert sum(counts.values()) == result.total
    assert counts["DUK-KT"] == 2  # dung's temporary activity, an2's record


def test_scope_and_filters(tree, members, office, bk_secretary, cell_secretary):
    today = timezone.localdate()
    scenario(tree, members)
    mine = todo_list(cell_secretary, today=today)
    assert {f.organization_code for f in mine.items} == {"DUK-BK-CNTT"}
    assert {f.kind for f in mine.items} == {
        TodoKind.PROBATION,
        TodoKind.GRADUATE_HOLD,
        TodoKind.RESIDENCE_FEEDBACK,
    }
    assert [c.organization.code for c in mine.by_organization] == ["DUK-BK-CNTT"]
    bk = todo_list(bk_secretary, today=today)
    assert {c.organization.code for c in bk.by_organization} == {"DUK-BK-CNTT", "DUK-BK-CK"}
    only = todo_list(office, today=today, kinds=[TodoKind.TRANSFER_LETTER])
    assert [f.kind for f in only.items] == [TodoKind.TRANSFER_LETTER]
    assert only.by_kind == {TodoKind.TRANSFER_LETTER: 1}
    kt = todo_list(office, today=today, organization=tree["DUK-KT"])
    assert {f.organization_code for f in kt.items} == {"DUK-KT"}
    paged = todo_list(office, today=today, page=2, page_size=3)
    everything = todo_list(office, today=today, page_size=100)
    assert [f.member_id for f in paged.items] == [f.member_id for f in everything.items[3:6]]
    assert paged.pages == -(-everything.total // 3)


def test_fixed_number_of_queries_whatever_the_data_size(tree, members, office, login, api):
    today = timezone.localdate()
    scenario(tree, members)
    page, rest = login(office), api(office)
    # warm the per-process caches (the user's scope, the year's day swaps) first
    todo_list(office, today=today)
    small = (
        queries(lambda: todo_list(office, today=today)),
        queries(lambda: page.get("/todo/")),
        queries(lambda: rest.get("/api/v1/todo/")),
    )
    total = todo_list(office, today=today).total
    scenario(tree, members, n=4, tag="x")
    assert todo_list(office, today=today).total >= total + 4 * 7
    large = (
        queries(lambda: todo_list(office, today=today)),
        queries(lambda: page.get("/todo/")),
        queries(lambda: rest.get("/api/v1/todo/")),
    )
    assert small == large
    assert large[0] <= 20


def test_page_export_and_api(tree, members, office, cell_secretary, login, api):
    scenario(tree, members)
    response = login(office).get("/todo/")
    assert response.status_code == 200
    body = response.content.decode()
    for kind in TodoKind:
        assert f'data-kind="{kind.value}"' in body
    assert "Lê Văn Bình" in body and "Đảng bộ Trường Đại học Bách khoa Hà Nội" in body
    filtered = login(office).get("/todo/", {"kind": "transfer_letter"}).content.decode()
    assert "Lê Văn Bình" in filtered and "Nguyễn Thị Hoa" not in filtered
    # a code out of the scope is unknown there: said so, with nothing listed
    outside = login(cell_secretary).get("/todo/", {"organization": "DUK-KT"})
    assert outside.status_code == 200 and 'id="todo-items"' not in outside.content.decode()
    assert "There is no organization with the code DUK-KT." in outside.content.decode()
    export = login(office).get("/todo/export.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Kind", "Member")
    assert len(rows) - 1 == todo_list(office, today=timezone.localdate()).total
    data = api(office).get("/api/v1/todo/", {"page_size": 3}).json()
    assert data["count"] == sum(data["by_kind"].values())
    assert len(data["results"]) == 3 and data["pages"] == -(-data["count"] // 3)
    assert {"kind", "member_name", "organization", "due_on", "days_overdue", "url"} <= set(
        data["results"][0]
    )
    refused = api(cell_secretary).get("/api/v1/todo/", {"organization": "DUK-KT"})
    assert refused.status_code == 400
    assert refused.json()["organization"] == ["There is no organization with the code DUK-KT."]
    mine = api(cell_secretary).get("/api/v1/todo/").json()
    assert {r["organization"] for r in mine["results"]} == {"DUK-BK-CNTT"}


def test_movement_by_year(tree, members, office):
    cntt, ck, kt = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"], tree["DUK-KT"]
    services.register_member(
        {
            "family_name": "Vũ",
            "middle_name": "Văn",
            "given_name": "Tân",
            "sex": "male",
            "birth_date": D(2000, 1, 1),
            "admitted_on": D(2025, 3, 3),
        },
        organization=cntt,
        status=MemberStatus.PROBATIONARY,
        event_kind=EventKind.ADMITTED,
    )
    services.remove_member(
        members["binh"], kind=EventKind.STRUCK_OFF, date=D(2025, 6, 2), document_number="1"
    )
    statuses.record_death(members["dung"], date=D(2026, 1, 5))
    letter = transfers.issue_transfer(
        members["an"],
        kind=TransferKind.PERMANENT,
        to=kt,
        letter_number="9-GT",
        issued_on=D(2026, 2, 2),
    )
    transfers.receive_transfer(letter, received_on=D(2026, 2, 10))
    letter = transfers.issue_transfer(
        members["duc"],
        kind=TransferKind.PERMANENT,
        to=ck,
        letter_number="8-GT",
        issued_on=D(2026, 2, 2),
    )
    transfers.receive_transfer(letter, received_on=D(2026, 2, 10))  # inside BK: not counted
    with CaptureQueriesContext(connection) as ctx:
        rows = movement_by_year(tree["DUK"], range(2025, 2027))
    assert len(ctx.captured_queries) == 3
    table = {(r["organization"].code, r["year"]): r for r in rows}
    assert table["DUK-BK", 2025]["admitted"] == 1
    assert table["DUK-BK", 2025]["struck_off"] == 1
    assert table["DUK-BK", 2026]["transferred_out"] == 1
    assert table["DUK-BK", 2026]["transferred_in"] == 0
    assert table["DUK-KT", 2026]["transferred_in"] == 1
    assert table["DUK-KT", 2026]["deceased"] == 1
    inside = {(r["organization"].code, r["year"]): r for r in movement_by_year(tree["DUK-BK"])}
    assert inside["DUK-BK-CK", 2026]["transferred_in"] == 1
    assert inside["DUK-BK-CNTT", 2026]["transferred_out"] == 2
