"""The meetings' spreadsheets, read back: a cell's attendance by member and month, the cells of
a subtree with their thematic counts; the rows follow the reader's scope; fixed query counts."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from coso.accounts.services import add_user
from coso.meetings import services
from tests.helpers import PASSWORD, queries

D = dt.date


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def _year(tree, cell):
    cntt = tree["DUK-BK-CNTT"]
    october = services.plan_meeting(cntt, kind="regular", date=D(2026, 10, 13))
    services.record_attendance(october, exceptions={cell["Chi"].pk: ("absent", "")})
    november = services.plan_meeting(
        cntt, kind="regular", date=D(2026, 11, 10), with_thematic=True, topic="Học tập Bác"
    )
    services.record_attendance(november, exceptions={cell["Bình"].pk: ("excused", "Ốm")})
    services.plan_meeting(cntt, kind="extraordinary", date=D(2026, 11, 20))
    services.plan_meeting(cntt, kind="regular", date=D(2025, 11, 10))


def test_attendance_by_member_and_month(login, tree, cell, cell_secretary):
    _year(tree, cell)
    client = login(cell_secretary)
    url = reverse("meeting_calendar", args=["DUK-BK-CNTT"])
    rows = _sheet(client.get(url, {"year": 2026, "export": "attendance"}))
    assert rows[0][:2] == ("No.", "Full name") and rows[0][11:] == (
        "Month 10",
        "Month 11",
        "Month 12",
        "Present",
        "Absent with a reason",
        "Absent without a reason",
    )
    blank = (None,) * 9
    assert rows[1:] == [
        (1, "Nguyễn Văn An", *blank, "C", "C", None, 2, 0, 0),
        (2, "Nguyễn Văn Bình", *blank, "C", "P", None, 1, 1, 0),
        (3, "Nguyễn Văn Chi", *blank, "K", "C", None, 1, 0, 1),
        (4, "Nguyễn Văn Dũng", *blank, "C", "C", None, 2, 0, 0),
        (5, "Nguyễn Văn Giang", *blank, "C", "C", None, 2, 0, 0),
        (6, "Nguyễn Văn Hà", *blank, "C", "C", None, 2, 0, 0),
        (7, "Nguyễn Văn Khánh", *blank, "C", "C", None, 2, 0, 0),
        (8, "Nguyễn Thị Lan", *blank, "C", "C", None, 2, 0, 0),
        (9, "Nguyễn Văn Minh", *blank, "M", "M", None, 0, 0, 0),
        (10, "Trần Thị Oanh", *blank, "C", "C", None, 2, 0, 0),
    ]
    # a plain member's role reads names, not attendance records: an empty sheet
    reader = add_user("dv_cntt", organization=tree["DUK-BK-CNTT"], role="member", password=PASSWORD)
    assert _sheet(login(reader).get(url, {"year": 2026, "export": "attendance"}))[1:] == []


def test_cells_and_thematic_counts(login, tree, cell, bk_secretary):
    _year(tree, cell)
    client = login(bk_secretary)
    url = reverse("meeting_calendar", args=["DUK-BK"])
    rows = _sheet(client.get(url, {"year": 2026, "export": "cells"}))
    assert rows == [
        (
            "Organization code",
            "Organization name",
            "Monthly meetings",
            "Months with a monthly meeting",
            "Thematic meetings",
            "Other meetings",
            "At least 4 thematic",
        ),
        ("DUK-BK-CNTT", "Chi bộ Khoa Công nghệ thông tin", 2, 2, 1, 1, "no"),
        ("DUK-BK-CK", "Chi bộ Khoa Cơ khí", 0, 0, 0, 0, "no"),
    ]
    few = queries(lambda: client.get(url, {"year": 2026, "export": "cells"}))
    for month in range(1, 13):
        services.plan_meeting(
            tree["DUK-BK-CK"], kind="regular", date=D(2026, month, 2), with_thematic=True, topic="T"
        )
    assert queries(lambda: client.get(url, {"year": 2026, "export": "cells"})) == few
    rows = _sheet(client.get(url, {"year": 2026, "export": "cells"}))
    assert rows[2] == ("DUK-BK-CK", "Chi bộ Khoa Cơ khí", 12, 12, 12, 0, "yes")
