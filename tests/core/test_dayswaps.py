"""Day swaps as the office's data (issue 15, item 6): one door (`core.dayswaps`) for the page,
the API and `coso dayswap`; only the office whose editing scope is the whole tree writes (404
otherwise, nothing changed); every stored open deadline follows a swap at once; the swaps of
2026 that `holidays` does not know are shipped, and never come back once the office removed one."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from coso.admission import services as admission_services
from coso.admission.choices import Step
from coso.core import dayswaps
from coso.core.calendar import is_working_day
from coso.core.models import DaySwap
from coso.members import services as member_services
from coso.members.models import Transfer
from tests.helpers import advance, candidate_data, client_for, make_member, refused

pytestmark = pytest.mark.django_db
D = dt.date
BASIS = "Văn bản số 99/VPCP-KGVX ngày 01/12/2026"


def test_the_shipped_swaps_are_in_and_counted():
    rows = list(DaySwap.objects.filter(date__year=2026).values_list("date", "kind"))
    assert rows == [
        (D(2026, 1, 2), "off"),
        (D(2026, 1, 10), "working"),
        (D(2026, 11, 24), "working"),
    ]
    assert not is_working_day(D(2026, 1, 2))
    assert is_working_day(D(2026, 1, 10))
    assert is_working_day(D(2026, 11, 24))


def test_a_shipped_swap_the_office_deleted_does_not_come_back(office):
    swap = DaySwap.objects.get(date=D(2026, 11, 24))
    dayswaps.delete_day_swap(swap, actor=office)
    assert dayswaps.install_shipped() == 0
    assert not DaySwap.objects.filter(date=D(2026, 11, 24)).exists()
    assert not is_working_day(D(2026, 11, 24))  # the holiday again, as `holidays` has it


def test_the_office_enters_changes_and_deletes_a_swap_with_history(office):
    swap = dayswaps.save_day_swap(
        date=D(2027, 1, 8), kind="off", legal_basis=f"  {BASIS} ", note="Nghỉ bù", actor=office
    )
    assert (swap.date, swap.kind, swap.legal_basis, swap.note) == (
        D(2027, 1, 8),
        "off",
        BASIS,
        "Nghỉ bù",
    )
    assert not is_working_day(D(2027, 1, 8))
    dayswaps.save_day_swap(
        date=D(2027, 1, 16), kind="working", legal_basis=BASIS, swap=swap, actor=office
    )
    assert list(DaySwap.objects.filter(date__year=2027).values_list("date", "kind")) == [
        (D(2027, 1, 16), "working")
    ]
    assert is_working_day(D(2027, 1, 8)) and is_working_day(D(2027, 1, 16))
    dayswaps.delete_day_swap(DaySwap.objects.get(date=D(2027, 1, 16)), actor=office)
    history = list(
        DaySwap.history.filter(id=swap.pk)
        .order_by("history_id")
        .values_list("history_type", "date", "history_user")
    )
    assert history == [
        ("+", D(2027, 1, 8), office.pk),
        ("~", D(2027, 1, 16), office.pk),
        ("-", D(2027, 1, 16), office.pk),
    ]


@pytest.mark.parametrize(
    ("day", "kind", "basis", "field", "fragment"),
    [
        (D(2027, 1, 8), "working", BASIS, "date", "Ngày 08/01/2027 vốn đã là ngày làm việc"),
        (D(2027, 1, 9), "off", BASIS, "date", "Ngày 09/01/2027 vốn đã là ngày nghỉ"),
        (D(2027, 9, 2), "off", BASIS, "date", "Ngày 02/09/2027 vốn đã là ngày nghỉ"),
        (D(2027, 1, 8), "off", "  ", "legal_basis", "Ghi số, ngày văn bản"),
        (D(2026, 1, 2), "off", BASIS, "date", "Ngày 02/01/2026 đã có hoán đổi"),
    ],
)
def test_a_wrong_swap_is_refused_and_nothing_changes(office, day, kind, basis, field, fragment):
    refused(
        lambda: dayswaps.save_day_swap(date=day, kind=kind, legal_basis=basis, actor=office),
        fragment,
        field=field,
    )


def test_only_the_whole_trees_office_writes(personas):
    swap = DaySwap.objects.get(date=D(2026, 1, 2))
    for name in ("bk_secretary", "cell_secretary"):
        user = personas[name]
        assert not dayswaps.may_keep_day_swaps(user)
        refused(
            lambda u=user: dayswaps.save_day_swap(
                date=D(2027, 1, 8), kind="off", legal_basis=BASIS, actor=u
            ),
            raises=dayswaps.OutOfScope,
        )  # noqa: E501
        refused(lambda u=user: dayswaps.delete_day_swap(swap, actor=u), raises=dayswaps.OutOfScope)
    assert dayswaps.may_keep_day_swaps(personas["office"])


def test_an_open_transfer_letter_follows_a_swap_in_its_count(tree, office):
    member = make_member(tree["DUK-BK-CNTT"], "Khoa")
    letter = member_services.issue_transfer(
        member, kind="permanent", letter_number="8-GGT", issued_on=D(2025, 3, 3), to=tree["DUK-KT"]
    )
    assert letter.hand_in_due == D(2025, 4, 15)  # 30 working days; 7/4 (Giỗ Tổ) off
    swap = dayswaps.save_day_swap(date=D(2025, 3, 5), kind="off", legal_basis=BASIS, actor=office)
    assert Transfer.objects.get(pk=letter.pk).hand_in_due == D(2025, 4, 16)
    dayswaps.save_day_swap(
        date=D(2025, 4, 10), kind="off", legal_basis=BASIS, swap=swap, actor=office
    )
    assert Transfer.objects.get(pk=letter.pk).hand_in_due == D(2025, 4, 16)  # moved, not added
    dayswaps.delete_day_swap(DaySwap.objects.get(date=D(2025, 4, 10)), actor=office)
    assert Transfer.objects.get(pk=letter.pk).hand_in_due == D(2025, 4, 15)
    # a swap after the deadline changes nothing
    dayswaps.save_day_swap(date=D(2025, 4, 22), kind="off", legal_basis=BASIS, actor=office)
    assert Transfer.objects.get(pk=letter.pk).hand_in_due == D(2025, 4, 15)


def test_an_open_admission_file_follows_a_swap_in_its_count(tree, members, office):
    candidate = admission_services.create_candidate(candidate_data(), cell=tree["DUK-BK-CNTT"])
    advance(candidate, Step.CELL_RESOLUTION, members, tree)
    candidate.refresh_from_db()
    assert candidate.due_on == D(2023, 9, 29)  # the decision: 60 working days after 05/07/2023
    dayswaps.save_day_swap(date=D(2023, 7, 12), kind="off", legal_basis=BASIS, actor=office)
    candidate.refresh_from_db()
    assert candidate.due_on == D(2023, 10, 2)


# --- the page, the API, the command line ------------------------------------------------------


def test_the_page_lists_a_year_and_exports_it(login, office, cell_secretary):
    client = login(cell_secretary)
    page = client.get(reverse("day_swaps") + "?year=2026")
    assert page.status_code == 200
    html = page.content.decode()
    assert "12729/VPCP-KGVX" in html and "Add a day swap" not in html
    export = client.get(reverse("day_swaps") + "?year=2026&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Date", "Weekday", "Kind", "Legal basis", "Note")
    assert [(r[0].date(), r[2]) for r in rows[1:]] == [
        (D(2026, 1, 2), "Substitute day off"),
        (D(2026, 1, 10), "Make-up working day"),
        (D(2026, 11, 24), "Make-up working day"),
    ]


def test_the_office_adds_on_the_page_and_others_get_404(login, office, bk_secretary):
    swap = DaySwap.objects.get(date=D(2026, 1, 2))
    client = login(bk_secretary)
    for url in (reverse("day_swap_add"), reverse("day_swap_edit", args=[swap.pk])):
        refused(lambda u=url: client.get(u), status=404)
        refused(
            lambda u=url: client.post(
                u, {"date": "08/01/2027", "kind": "off", "legal_basis": BASIS}
            ),
            status=404,
        )
    refused(lambda: client.post(reverse("day_swap_delete", args=[swap.pk])), status=404)
    client = login(office)
    bad = client.post(
        reverse("day_swap_add"), {"date": "09/01/2027", "kind": "off", "legal_basis": BASIS}
    )
    assert bad.status_code == 400 and "09/01/2027 is already a day off" in bad.content.decode()
    done = client.post(
        reverse("day_swap_add"), {"date": "08/01/2027", "kind": "off", "legal_basis": BASIS}
    )
    assert done.status_code == 302 and done["Location"] == reverse("day_swaps") + "?year=2027"
    assert DaySwap.objects.get(date=D(2027, 1, 8)).legal_basis == BASIS


def test_the_api_reads_for_all_and_writes_for_the_office(office, cell_secretary):
    url = reverse("api-v1:day-swap-list")
    listed = client_for(cell_secretary).get(url + "?year=2026").json()
    assert [(r["date"], r["kind"]) for r in listed["results"]] == [
        ("2026-01-02", "off"), ("2026-01-10", "working"), ("2026-11-24", "working")
    ]  # fmt: skip
    data = {"date": "2027-01-08", "kind": "off", "legal_basis": BASIS}
    refused(lambda: client_for(cell_secretary).post(url, data, format="json"), status=404)
    bad = client_for(office).post(url, {**data, "kind": "working"}, format="json")
    assert bad.status_code == 400 and "is already a working day" in bad.json()["date"][0]
    made = client_for(office).post(url, data, format="json")
    assert made.status_code == 201 and made.json()["date"] == "2027-01-08"
    detail = reverse("api-v1:day-swap-detail", args=[made.json()["id"]])
    refused(lambda: client_for(cell_secretary).delete(detail), status=404)
    assert client_for(office).delete(detail).status_code == 204
    assert not DaySwap.objects.filter(date=D(2027, 1, 8)).exists()


def test_the_command_line_adds_lists_and_deletes():
    out = io.StringIO()
    call_command("dayswap", "add", "08/01/2027", "--kind", "off", "--basis", BASIS, stdout=out)
    call_command("dayswap", "list", "--year", "2027", stdout=out)
    call_command("dayswap", "delete", "08/01/2027", stdout=out)
    assert out.getvalue().splitlines() == [
        "Đã lưu: 08/01/2027 — Ngày nghỉ bù.",
        f"08/01/2027\tNgày nghỉ bù\t{BASIS}",
        "Đã xóa hoán đổi ngày 08/01/2027.",
    ]
    assert not DaySwap.objects.filter(date=D(2027, 1, 8)).exists()


@pytest.mark.django_db(transaction=True)
def test_a_swap_and_its_deadlines_outside_a_wrapping_transaction(tree, office):
    test_an_open_transfer_letter_follows_a_swap_in_its_count(tree, office)


def test_the_api_refuses_a_year_that_is_not_a_year_and_patches_one_field(office):
    url = reverse("api-v1:day-swap-list")
    for bad in ("0.0", "0", "1.5", "10000"):
        assert client_for(office).get(url, {"year": bad}).status_code == 400, bad
    swap = DaySwap.objects.get(date=D(2026, 1, 2))
    detail = reverse("api-v1:day-swap-detail", args=[swap.pk])
    patched = client_for(office).patch(detail, {"note": "Ghi chú mới"}, format="json")
    assert patched.status_code == 200, patched.content
    swap.refresh_from_db()
    assert (swap.date, swap.kind, swap.note) == (D(2026, 1, 2), "off", "Ghi chú mới")
