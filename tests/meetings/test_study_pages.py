"""The study pages: an organization's plan and its members' commitments (paged, Excel, fixed
queries), an editor's steps on it, a member's own page; refusals shown with nothing written."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coso.meetings import services
from coso.meetings.models import Commitment, StudyPlan
from tests.helpers import PASSWORD, make_member, queries, refused

D = dt.date
YEAR = timezone.localdate().year
CNTT = "DUK-BK-CNTT"


def _page(client, **params):
    return client.get(reverse("study_organization", args=[CNTT]), {"year": YEAR, **params})


def test_the_calendar_links_to_the_study_page(login, tree, cell_secretary):
    client = login(cell_secretary)
    body = client.get(reverse("meeting_calendar", args=[CNTT])).content.decode()
    assert reverse("study_organization", args=[CNTT]) in body


def test_a_plan_adopted_from_the_page(login, tree, cell, cell_secretary):
    client = login(cell_secretary)
    assert 'id="no-plan"' in _page(client).content.decode()
    response = client.post(
        reverse("study_plan", args=[CNTT]) + f"?year={YEAR}",
        {"theme": "Thực hành tiết kiệm", "actions": "Mỗi tháng một việc tốt"},
    )
    assert response.status_code == 302
    plan = StudyPlan.objects.get()
    assert (plan.organization.code, plan.year, plan.theme) == (CNTT, YEAR, "Thực hành tiết kiệm")
    body = _page(client).content.decode()
    assert "Thực hành tiết kiệm" in body and 'id="no-plan"' not in body


def test_a_commitment_recorded_by_the_secretary_and_refused_with_one_action(
    login, tree, cell, cell_secretary
):
    client = login(cell_secretary)
    url = reverse("study_sign", args=[CNTT]) + f"?year={YEAR}"
    refused(
        lambda: client.post(url, {"member": cell["An"].pk, "action_1": "Một việc"}),
        "A personal commitment names 2 to 3 concrete actions",
        status=400,
    )
    response = client.post(
        url, {"member": cell["An"].pk, "action_1": "Việc một", "action_3": "Việc ba"}
    )
    assert response.status_code == 302
    row = Commitment.objects.get()
    assert (row.member, row.year, row.actions) == (cell["An"], YEAR, ["Việc một", "Việc ba"])
    # a member of another cell is not among the choices: the form refuses it
    other = make_member(tree["DUK-KT"], "Phúc")
    refused(
        lambda: client.post(url, {"member": other.pk, "action_1": "A", "action_2": "B"}),
        status=400,
    )


def test_the_cells_comment_from_the_page(login, tree, cell, cell_secretary):
    row = services.sign_commitment(cell["An"], year=YEAR, actions=["A", "B"])
    row = services.self_assess(row, text="Đã làm", on=D(YEAR, 10, 5))
    client = login(cell_secretary)
    url = reverse("study_comment", args=[row.pk])
    refused(lambda: client.post(url, {"comment": " "}), status=400)
    response = client.post(url, {"comment": "Hoàn thành tốt"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.cell_comment, row.commented_by) == ("Hoàn thành tốt", cell_secretary)
    assert "Hoàn thành tốt" in _page(client).content.decode()


def test_the_member_list_in_a_fixed_number_of_queries_and_its_export(
    login, tree, cell, cell_secretary
):
    services.sign_commitment(cell["An"], year=YEAR, actions=["A", "B"])
    client = login(cell_secretary)
    _page(client)  # warm the caches
    few = queries(lambda: _page(client))
    for i in range(12):
        m = make_member(tree[CNTT], f"Thêm{i}")
        services.sign_commitment(m, year=YEAR, actions=["X", "Y", "Z"])
    assert queries(lambda: _page(client)) == few
    response = _page(client, export="xlsx")
    assert response["Content-Disposition"].endswith(f'hoc-tap-{CNTT}-{YEAR}.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    today = dt.datetime.combine(timezone.localdate(), dt.time())
    assert rows[0] == (
        "No.", "Full name", "Signed on", "Actions committed", "Self-assessment", "The cell's comment"
    )  # fmt: skip
    assert rows[1:3] == [(1, "Nguyễn Văn An", today, "A\nB"), (2, "Nguyễn Văn Bình")]
    assert rows[10:12] == [(10, "Nguyễn Văn Nam"), (11, "Nguyễn Văn Thêm0", today, "X\nY\nZ")]
    # the ten of the roster in the party's care (Oanh is KT's), and the twelve added
    assert len(rows) == 1 + 10 + 12


def _account(member, username="dv_an"):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    member.user = user
    member.save(update_fields=["user"])
    return user


def test_the_member_signs_and_assesses_on_their_own_page(login, tree, cell, monkeypatch):
    client = login(_account(cell["An"]))
    page = client.get(reverse("my_meetings")).content.decode()
    assert page.count(f'id="my-study-link" href="{reverse("my_study")}"') == 1
    refused(
        lambda: client.post(reverse("my_study_sign"), {"action_1": "Một"}),
        "2 to 3 concrete actions",
        status=400,
    )
    response = client.post(reverse("my_study_sign"), {"action_1": "Một", "action_2": "Hai"})
    assert response.status_code == 302
    row = Commitment.objects.get()
    assert (row.member, row.year, row.actions) == (cell["An"], YEAR, ["Một", "Hai"])
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(YEAR, 9, 30))
    refused(
        lambda: client.post(reverse("my_study_assess"), {"text": "Đã làm"}),
        f"written from 01/10/{YEAR} on",
        status=400,
    )
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(YEAR, 12, 20))
    response = client.post(reverse("my_study_assess"), {"text": "Đã làm đủ"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.self_assessment, row.assessed_on) == ("Đã làm đủ", D(YEAR, 12, 20))
    assert "Đã làm đủ" in client.get(reverse("my_study")).content.decode()


@pytest.mark.parametrize("name", ["my_study"])
def test_no_member_record_no_own_page(login, tree, cell_secretary, name):
    assert login(cell_secretary).get(reverse(name)).status_code == 404


def test_the_member_list_searched(login, tree, cell, cell_secretary):
    client = login(cell_secretary)
    body = _page(client, q="binh").content.decode()
    assert body.count('data-member="') == 1
    assert f'data-member="{cell["Bình"].pk}"' in body
