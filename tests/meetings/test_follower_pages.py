"""The followers' pages: BK's page of its cells and followers (assign, end, search, the year's
counts, Excel, a fixed number of queries), the follower on the meeting page and the attendance
sheet, the follower's and the member's own page with the materials published to them (a member
of another cell gets 404), and the links to a member's own pages."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coso.accounts.services import add_user
from coso.meetings import services
from coso.meetings.models import Follower, Guest, Material
from coso.orgs import services as org_services
from tests.helpers import PASSWORD, make_member, queries, refused

from .conftest import DAY, FOLLOWING_FROM

D = dt.date


def _account(member, username):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    member.user = user
    member.save(update_fields=["user"])
    return user


def _followed(tree, quang):
    return services.assign_follower(
        tree["DUK-BK"], tree["DUK-BK-CNTT"], quang, started_on=FOLLOWING_FROM
    )


def test_the_committee_assigns_and_ends_on_its_page(login, tree, cell, quang, bk_secretary):
    client = login(bk_secretary)
    url = reverse("meeting_followers", args=["DUK-BK"])
    page = client.get(url).content.decode()
    assert page.count("No follower assigned") == 2 and page.count("Assign a follower") == 2
    assert "Đỗ Văn Quang" in page  # the committee's roster in the form
    assign = reverse("meeting_follower_assign", args=["DUK-BK"])
    cntt = tree["DUK-BK-CNTT"]
    refusal = refused(
        lambda: client.post(
            assign, {"cell": cntt.pk, "member": quang.pk, "started_on": "01/07/2025"}
        ),
        "Đỗ Văn Quang is not on the committee of Đảng bộ Trường Đại học Bách khoa Hà Nội on "
        "01/07/2025",
        status=400,
    )
    assert 'id="assign-errors"' in refusal.text
    response = client.post(
        assign, {"cell": cntt.pk, "member": quang.pk, "started_on": "01/08/2025", "decision": "5"}
    )
    assert response.status_code == 302
    follower = Follower.objects.get()
    assert (follower.cell, follower.member, follower.started_on, follower.assigned_by) == (
        cntt,
        quang,
        FOLLOWING_FROM,
        bk_secretary,
    )
    page = client.get(url).content.decode()
    assert "Follower: <span" in page and page.count("No follower assigned") == 1
    end = reverse("meeting_follower_end", args=[follower.pk])
    refused(lambda: client.post(end, {"ended_on": "01/08/2025"}), "must end after", status=400)
    assert client.post(end, {"ended_on": "01/12/2026"}).status_code == 302
    follower.refresh_from_db()
    assert follower.ended_on == D(2026, 12, 1)


def test_out_of_scope_and_not_a_committee(login, tree, quang, cell_secretary, bk_secretary):
    follower = _followed(tree, quang)
    client = login(cell_secretary)
    refused(lambda: client.get(reverse("meeting_followers", args=["DUK-BK"])), status=404)
    refused(
        lambda: client.post(
            reverse("meeting_follower_end", args=[follower.pk]), {"ended_on": "01/12/2026"}
        ),
        status=404,
    )
    # a cell has no followers' page of its own
    refused(
        lambda: login(bk_secretary).get(reverse("meeting_followers", args=["DUK-BK-CNTT"])),
        status=404,
    )


def _held(tree, quang, day, came):
    meeting = services.plan_meeting(tree["DUK-BK-CNTT"], kind="regular", date=day, topic="T")
    return services.record_attendance(meeting, guests={quang.pk: came})


def test_the_year_on_the_page_and_in_excel(login, tree, cell, quang, bk_secretary):
    _followed(tree, quang)
    _held(tree, quang, D(2026, 10, 10), False)
    _held(tree, quang, DAY, True)
    client = login(bk_secretary)
    url = reverse("meeting_followers", args=["DUK-BK"])
    page = client.get(url, {"year": 2026}).content.decode()
    assert "2026: 2 meetings held; the follower was invited to 2 and came to 1." in page
    assert "2026: 0 meetings held; the follower was invited to 0 and came to 0." in page
    found = client.get(url, {"year": 2026, "q": "quang"}).context["rows"]
    assert [(c.code, f.member.given_name) for c, f in found] == [("DUK-BK-CNTT", "Quang")]
    response = client.get(url, {"year": 2026, "export": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [tuple(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[0][:3] == ("Organization code", "Organization name", "Follower")
    assert [r[:3] + r[4:] for r in rows[1:]] == [
        (
            "DUK-BK-CNTT",
            "Chi bộ Khoa Công nghệ thông tin",
            "Đỗ Văn Quang",
            "Đảng bộ Trường Đại học Bách khoa Hà Nội",
            2,
            2,
            1,
        ),
        ("DUK-BK-CK", "Chi bộ Khoa Cơ khí", None, None, 0, 0, 0),
    ]
    assert rows[1][3].date() == FOLLOWING_FROM


def test_the_page_queries_stay_fixed(login, tree, cell, quang, bk_secretary):
    _followed(tree, quang)
    _held(tree, quang, DAY, True)
    client = login(bk_secretary)
    url = reverse("meeting_followers", args=["DUK-BK"])
    client.get(url)
    small = queries(lambda: client.get(url))
    for i in range(4):
        new = org_services.create_organization(
            tree["DUK-BK"], code=f"DUK-BK-N{i}", name=f"Chi bộ {i}", kind="cell"
        )
        make_member(new, f"Người{i}")
        if i % 2:  # Quang follows two more cells
            services.assign_follower(tree["DUK-BK"], new, quang, started_on=FOLLOWING_FROM)
        services.record_attendance(services.plan_meeting(new, kind="regular", date=DAY))
    assert queries(lambda: client.get(url)) == small
    assert len(client.get(url).context["rows"]) == 6


def test_the_meeting_page_and_the_sheet_show_the_follower(login, tree, cell, quang, cell_secretary):
    client = login(cell_secretary)
    meeting = services.plan_meeting(tree["DUK-BK-CNTT"], kind="regular", date=DAY, topic="T")
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "No member of the superior committee follows this cell" in page
    Follower.objects.create(
        committee=tree["DUK-BK"], cell=tree["DUK-BK-CNTT"], member=quang, started_on=DAY
    )
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'Đỗ Văn Quang</span> —\n    <span class="text-danger">not invited</span>' in page
    Follower.objects.all().delete()
    _followed(tree, quang)
    sheet = reverse("meeting_attendance", args=[meeting.pk])
    form = client.get(sheet).content.decode()
    assert "Guests (no vote)" in form and f'name="g{quang.pk}"' in form and "checked" in form
    data = {f"p{m.pk}": "present" for m in cell.values() if m.given_name != "Nam"}
    data[f"p{cell['Minh'].pk}"] = "exempted"
    assert client.post(sheet, data).status_code == 302  # the guest unticked: did not come
    assert Guest.objects.get().came is False
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'invited, <span class="text-danger">did not come</span>' in page
    client.post(sheet, {**data, f"g{quang.pk}": "on"})
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'invited, <span class="text-success">came</span>' in page


def test_own_pages_show_invitations_and_published_materials(login, tree, cell, quang):
    _followed(tree, quang)
    ahead = services.plan_meeting(
        tree["DUK-BK-CNTT"],
        kind="extraordinary",
        date=timezone.localdate() + dt.timedelta(days=3),
        place="Phòng họp C1",
        topic="Kết nạp đảng viên",
    )
    material = services.publish_material(
        ahead,
        kind="draft_resolution",
        title="Dự thảo nghị quyết",
        file=ContentFile(b"du thao", name="du-thao.txt"),
    )
    hidden = services.publish_material(ahead, kind="other", title="Chưa công bố")
    Material.objects.filter(pk=hidden.pk).update(
        published_on=timezone.localdate() + dt.timedelta(1)
    )
    download = reverse("my_meeting_material", args=[material.pk])
    # the follower: the cell's meeting among those they follow, with its material
    client = login(_account(quang, "cuv_quang"))
    page = client.get(reverse("my_meetings")).content.decode()
    assert "Meetings of the cells you follow" in page and "Phòng họp C1" in page
    assert download in page and "Chưa công bố" not in page
    assert b"".join(client.get(download).streaming_content) == b"du thao"
    # a member of the cell: the invitation and the material; the unpublished one not yet
    client = login(_account(cell["An"], "dv_an"))
    page = client.get(reverse("my_meetings")).content.decode()
    assert "Kết nạp đảng viên" in page and download in page and "Chưa công bố" not in page
    assert "Meetings of the cells you follow" not in page
    assert client.get(download).status_code == 200
    # a member of another cell (with a member's role there): 404 by either door
    other = make_member(tree["DUK-BK-CK"], "Sơn", family="Lý")
    user = add_user("dv_son", organization=tree["DUK-BK-CK"], role="member", password=PASSWORD)
    other.user = user
    other.save(update_fields=["user"])
    client = login(user)
    refused(lambda: client.get(download), status=404)
    refused(lambda: client.get(reverse("meeting_material_file", args=[material.pk])), status=404)


def test_the_member_finds_their_pages(login, tree, cell, office):
    client = login(_account(cell["An"], "dv_an"))
    page = client.get(reverse("home")).content.decode()
    assert 'id="home-my-meetings"' in page and 'id="menu-my-meetings"' in page
    assert 'id="home-my-meetings"' not in login(office).get(reverse("home")).content.decode()
