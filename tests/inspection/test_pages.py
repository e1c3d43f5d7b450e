"""The inspection pages: the organization's list (search, filters, paged, Excel read back, a
fixed number of queries), a plan and its schedule, an inspection's steps through their pages,
the KL document, the to-do list; out of scope 404 and nothing written."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from coso.documents import services as document_services
from coso.inspection import services
from coso.inspection.models import FollowUp, Inspection, TeamMember
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from tests.helpers import pdf_text, queries, refused

from .conftest import concluded

D = dt.date


def _many(plan, tree, n, ubkt):
    subjects = [tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]]
    for k in range(n):
        services.schedule(
            plan, activity="supervision" if k % 2 else "inspection", kind="regular",
            topic=f"Nội dung {k:02d}", starts_on=D(2026, 1 + k % 12, 1),
            ends_on=D(2026, 1 + k % 12, 20), subject_organization=subjects[k % 2], actor=ubkt,
        )  # fmt: skip


def test_list_filters_searches_and_exports(login, plan, tree, ubkt):
    _many(plan, tree, 12, ubkt)
    client = login(ubkt)
    url = reverse("inspection_list", args=["DUK-BK"])
    page = client.get(url).content.decode()
    assert page.count("data-inspection=") == 12 and "12 inspections" in page
    assert "Kế hoạch kiểm tra, giám sát năm 2026" in page and 'id="plan-adopt"' in page
    page = client.get(url, {"activity": "supervision"}).content.decode()
    assert page.count("data-inspection=") == 6
    page = client.get(url, {"q": "co khi"}).content.decode()  # the subject, without accents
    assert page.count("data-inspection=") == 6
    page = client.get(url, {"q": "Nội dung 03"}).content.decode()
    assert page.count("data-inspection=") == 1
    response = client.get(url, {"activity": "inspection", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("No.", "Activity", "Kind", "Inspecting organization", "Subject",
                           "Content")  # fmt: skip
    # latest start first: 10 (November), 8 (September), ...
    assert [(r[1], r[4], r[5], r[6].date()) for r in rows[1:3]] == [
        ("Inspection", "Chi bộ Khoa Công nghệ thông tin", "Nội dung 10", D(2026, 11, 1)),
        ("Inspection", "Chi bộ Khoa Công nghệ thông tin", "Nội dung 08", D(2026, 9, 1)),
    ]
    assert len(rows) == 7


def test_the_list_in_fixed_queries(login, plan, tree, ubkt):
    _many(plan, tree, 10, ubkt)
    client = login(ubkt)
    url = reverse("inspection_list", args=["DUK-BK"])
    first = queries(lambda: client.get(url))
    Inspection.objects.all().delete()
    _many(plan, tree, 40, ubkt)
    assert queries(lambda: client.get(url)) == first
    assert client.get(url).content.decode().count("data-inspection=") == 25  # one page


def test_steps_through_the_pages(login, inspection, members, ubkt):
    client = login(ubkt)
    team_url = reverse("inspection_action", args=[inspection.pk, "team"])
    assert client.get(team_url).status_code == 200
    response = client.post(team_url, {"leader": members["binh"].pk, "members": [members["anh"].pk]})
    assert response.status_code == 302
    assert sorted(TeamMember.objects.values_list("member__given_name", "role")) == [
        ("Bình", "leader"), ("Ánh", "member")]  # fmt: skip
    # refused: shown again with the message, nothing written
    refusal = refused(lambda: client.post(
        reverse("inspection_action", args=[inspection.pk, "finding"]),
        {"finding": "x", "recorded_on": "01/01/2026"}), "from the start of the inspection",
        status=400)  # fmt: skip
    assert 'id="step-form"' in refusal.text
    client.post(reverse("inspection_action", args=[inspection.pk, "finding"]),
                {"finding": "Sổ thu chưa đủ", "recorded_on": "10/03/2026", "violation": "on"})  # fmt: skip
    response = client.post(reverse("inspection_action", args=[inspection.pk, "conclude"]),
                           {"conclusion": "Có vi phạm.", "concluded_on": "02/04/2026",
                            "violation": "on", "proposes_discipline": "on"})  # fmt: skip
    assert response.status_code == 302
    client.post(reverse("inspection_action", args=[inspection.pk, "follow_up"]),
                {"what": "Bổ sung sổ", "responsible": "Chi bộ"})  # fmt: skip
    follow_up = FollowUp.objects.get()
    assert (follow_up.due_on, Inspection.objects.get().proposes_discipline) == (D(2026, 5, 2), True)
    page = client.get(reverse("inspection_detail", args=[inspection.pk])).content.decode()
    assert "Sổ thu chưa đủ" in page and "Proposes discipline" in page and "Bổ sung sổ" in page
    client.post(reverse("inspection_follow_up_done", args=[follow_up.pk]),
                {"on": "20/04/2026", "note": "Xong"})  # fmt: skip
    assert FollowUp.objects.get().done_on == D(2026, 4, 20)
    assert client.get(reverse("inspection_action", args=[inspection.pk, "nope"])).status_code == 404


def test_out_of_scope_pages_are_404(login, inspection, plan, members, cell_secretary, ubkt):
    concluded(inspection, members, ubkt)
    action = services.add_follow_up(inspection, what="x", responsible="y", actor=ubkt)
    client = login(cell_secretary)
    for url in (reverse("inspection_detail", args=[inspection.pk]),
                reverse("inspection_plan_detail", args=[plan.pk]),
                reverse("inspection_schedule", args=[plan.pk]),
                reverse("inspection_action", args=[inspection.pk, "follow_up"]),
                reverse("inspection_follow_up_done", args=[action.pk]),
                reverse("inspection_plan_adopt", args=["DUK-BK"])):  # fmt: skip
        refused(lambda u=url: client.post(u, {"what": "x", "responsible": "y", "on": "01/05/2026"}),
                status=404)  # fmt: skip
        assert client.get(url).status_code == 404


def test_the_conclusion_is_issued_through_the_register(login, inspection, members, ubkt, office):
    refused(lambda: document_services.issue_document(
        "inspection_conclusion", inspection, signer_name="Lê Văn Bình", actor=office),
        "The inspection is not concluded")  # fmt: skip
    concluded(inspection, members, ubkt)
    services.add_follow_up(inspection, what="Bổ sung sổ thu", responsible="Chi bộ", actor=ubkt)
    issued = document_services.issue_document(
        "inspection_conclusion", inspection, signer_name="Lê Văn Bình", actor=office
    )
    assert (issued.entry.symbol, issued.entry.issued_on, issued.signer) == (
        f"01-KL/{issued.entry.symbol.split('/')[1]}",
        D(2026, 4, 2),
        "Lê Văn Bình",
    )
    text = pdf_text(issued.pdf.read(), squeeze=True)
    for part in ("ỦY BAN KIỂM TRA", "KẾT LUẬN", "Chi bộ thu đảng phí chưa đúng quy định",
                 "Bổ sung sổ thu", "T/M ỦY BAN KIỂM TRA", "CHỦ NHIỆM", "Lê Văn Bình"):  # fmt: skip
        assert part.replace(" ", "") in text.replace(" ", ""), part
    page = login(office).get(reverse("inspection_detail", args=[inspection.pk])).content.decode()
    assert issued.entry.symbol in page


def test_follow_ups_on_the_todo_list(inspection, members, ubkt, cell_secretary, office):
    concluded(inspection, members, ubkt)
    services.add_follow_up(inspection, what="Bổ sung sổ", responsible="Chi bộ",
                           due_on=D(2026, 12, 1), actor=ubkt)  # fmt: skip
    services.add_follow_up(inspection, what="Báo cáo", responsible="Chi bộ",
                           due_on=D(2027, 3, 1), actor=ubkt)  # fmt: skip
    today = D(2026, 12, 6)
    result = todo_list(ubkt, today=today, kinds=[TodoKind.INSPECTION_FOLLOW_UP])
    assert [(f.detail, f.due_on, f.url) for f in result.items] == [
        ("Bổ sung sổ (Chi bộ; inspection: Việc thu, nộp đảng phí)", D(2026, 12, 1),
         reverse("inspection_detail", args=[inspection.pk]) + "#follow-up")]  # fmt: skip
    assert todo_list(office, today=today, kinds=[TodoKind.INSPECTION_FOLLOW_UP]).total == 1
    # the cell's secretary does not see the grassroots committee's inspections
    assert todo_list(cell_secretary, today=today, kinds=[TodoKind.INSPECTION_FOLLOW_UP]).total == 0
