"""The awards pages: the due list of an occasion (propose, Excel), the badges and the
commendations of an organization, a badge's steps, the member's panel; fixed query counts."""

import datetime as dt
import io

import openpyxl
import pytest

from coso.awards import exports
from coso.awards.models import BadgeAward, Commendation
from tests.awards.conftest import old_member
from tests.helpers import queries, refused

pytestmark = pytest.mark.django_db
D = dt.date
OCCASION = "2026-09-02"


@pytest.fixture
def due(tree, veteran):
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    return [
        veteran,  # 30 years on 11/03/2023
        old_member(cntt, "Bảo", D(1996, 9, 2)),  # 30 years on the occasion
        old_member(ck, "Đào", D(1986, 1, 2)),  # 40 years on 02/01/2026
    ]


def test_the_due_list_proposes_and_exports(login, office, tree, due):
    page = login(office)
    url = f"/awards/org/DUK/due/?occasion={OCCASION}"
    r = page.get(url)
    assert r.status_code == 200
    text = r.content.decode()
    assert "3 members due" in text
    assert "11/03/2023" in text and "02/01/2026" in text
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(page.get(url + "&format=xlsx").streaming_content))
    )
    rows = list(sheet.active.iter_rows(values_only=True))
    assert [(r[0], r[4], r[5].date()) for r in rows[1:]] == [
        ("Trần Văn Bảo", 30, D(2026, 9, 2)),
        ("Trần Văn Đào", 40, D(2026, 1, 2)),
        ("Trần Văn Lâm", 30, D(2023, 3, 11)),
    ]
    r = page.post(url, {"member": [due[2].pk], "proposed_on": "01/08/2026"})
    assert r.status_code == 302
    assert list(BadgeAward.objects.values_list("member__given_name", "years", "occasion")) == [
        ("Đào", 40, D(2026, 9, 2))
    ]
    r = page.post(url, {"all": "1", "proposed_on": "01/08/2026"})
    assert r.status_code == 302
    assert BadgeAward.objects.count() == 3
    assert "0 members due" in page.get(url).content.decode()


def test_the_due_export_reads_the_members_once(login, office, tree, due, monkeypatch):
    """The due condition is read once whatever the rows (not once a slice), the members'
    badges and events a batch at a time: 2 queries a batch."""
    monkeypatch.setattr(exports, "CHUNK", 2)
    page = login(office)
    url = f"/awards/org/DUK/due/?occasion={OCCASION}&format=xlsx"

    def names():
        data = b"".join(page.get(url).streaming_content)
        return [r[0] for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(
            min_row=2, values_only=True)]  # fmt: skip

    assert names() == ["Trần Văn Bảo", "Trần Văn Đào", "Trần Văn Lâm"]
    # the session's 5, the members once, 2 batches of 2 (their badges, their events)
    assert queries(names) == 10
    for i in range(3):
        old_member(tree["DUK-KT"], f"Khánh{i}", D(1980, 1, 1), gap=i % 2 == 0)
    assert queries(names) == 12  # 6 rows: a third batch, the members still read once
    assert len(names()) == 6


def test_a_refused_proposal_changes_nothing(login, office, tree, due):
    page = login(office)
    refused(lambda: page.post(f"/awards/org/DUK/due/?occasion={OCCASION}",
                              {"all": "1", "proposed_on": "01/01/2099"}),
            status=400)  # fmt: skip


def test_the_due_page_in_a_fixed_number_of_queries(login, office, tree, due):
    page = login(office)
    url = f"/awards/org/DUK/due/?occasion={OCCASION}"
    page.get(url)
    n = queries(lambda: page.get(url))
    for i in range(6):
        old_member(tree["DUK-KT"], f"Khánh{i}", D(1980, 1, 1), gap=i % 2 == 0)
    assert queries(lambda: page.get(url)) == n


def test_a_badge_goes_through_its_steps(login, office, tree, due):
    page = login(office)
    r = page.post(f"/awards/members/{due[0].pk}/",
                  {"badge-years": "30", "badge-occasion": "19/05/2023",
                   "badge-proposed_on": "01/04/2023"})  # fmt: skip
    assert r.status_code == 302
    award = BadgeAward.objects.get()
    r = page.post(f"/awards/badges/{award.pk}/steps/decide/",
                  {"decide-decision_number": "12-QĐ/ĐUK", "decide-decision_on": "05/05/2023",
                   "decide-issued_by": "Ban Thường vụ Đảng ủy Khối"})  # fmt: skip
    assert r.status_code == 302
    r = page.post(f"/awards/badges/{award.pk}/steps/present/",
                  {"present-presented_on": "19/05/2023"})  # fmt: skip
    assert r.status_code == 302
    award.refresh_from_db()
    assert (award.status, award.decision_number, award.presented_on, award.due_on) == (
        "presented",
        "12-QĐ/ĐUK",
        D(2023, 5, 19),
        D(2023, 3, 11),
    )
    assert "30-year party badge" in page.get(f"/members/{due[0].pk}/").content.decode()
    assert page.get(f"/awards/badges/{award.pk}/").status_code == 200
    lst = page.get("/awards/org/DUK/badges/?status=presented").content.decode()
    assert "Trần Văn Lâm" in lst and "1 badge" in lst


def test_commendations_of_an_organization_and_a_member(login, office, tree, due):
    page = login(office)
    data = {"level": "bloc", "kind": "merit", "reason": "Hoàn thành xuất sắc", "year": "2025",
            "decision_number": "5-QĐ/ĐUK", "decision_on": "10/01/2026",
            "issued_by": "Đảng ủy Khối"}  # fmt: skip
    assert page.post("/awards/org/DUK-BK/commendations/", data).status_code == 302
    member_data = {f"commendation-{k}": v for k, v in data.items()}
    assert page.post(f"/awards/members/{due[1].pk}/", member_data).status_code == 302
    got = Commendation.objects.order_by("pk").values_list("subject_name", "organization__code")
    assert list(got) == [("Đảng bộ Trường Đại học Bách khoa Hà Nội", "DUK-BK"),
                         ("Trần Văn Bảo", "DUK-BK-CNTT")]  # fmt: skip
    text = page.get("/awards/org/DUK-BK/commendations/?q=bao").content.decode()
    assert "1 commendation" in text
    c = Commendation.objects.get(member=due[1])
    r = page.post(f"/awards/commendations/{c.pk}/actions/revoke/", {"revoke-change_reason": "Sai"})
    assert r.status_code == 302
    c.refresh_from_db()
    assert (c.status, c.change_reason, c.history.count()) == ("revoked", "Sai", 2)
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(
        page.get("/awards/org/DUK/commendations/?format=xlsx").streaming_content)))  # fmt: skip
    # Vietnamese order: a member by given name (Bảo), an organization by its name (Đảng bộ ...)
    assert [r[0] for r in sheet.active.iter_rows(values_only=True)][1:] == [
        "Trần Văn Bảo", "Đảng bộ Trường Đại học Bách khoa Hà Nội"]  # fmt: skip


def test_the_menu_leads_to_the_due_list_of_the_users_top(login, office, cell_secretary):
    assert login(office).get("/awards/").url == "/awards/org/DUK/due/"
    assert login(cell_secretary).get("/awards/").url == "/awards/org/DUK-BK-CNTT/due/"
