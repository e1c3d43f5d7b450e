"""Member record and timeline: in scope 200 with the exact content, out of scope 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coso.members import services
from coso.members.models import Member
from tests.helpers import OWN, PERSONAS, SCOPE, listed_names, member_post_data, snapshot

# --- detail -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_in_scope_and_404_outside(login, personas, people, persona):
    client = login(personas[persona])
    key, _code = OWN[persona]
    member = people[key]
    response = client.get(reverse("member_detail", args=[member.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="me-auto mb-0">{member.full_name}</h1>' in html
    assert member.cccd in html
    assert "01/01/1985" in html and "19/05/2010" in html and "19/05/2011" in html
    assert (
        f'href="{reverse("org_detail", args=[member.organization.code])}" '
        f'id="member-organization">{member.organization.name}</a>'
    ) in html
    assert f'action="{reverse("member_move", args=[member.pk])}"' in html
    assert f'href="{reverse("member_edit", args=[member.pk])}"' in html
    outsider = people[SCOPE[persona][1]]
    assert client.get(reverse("member_detail", args=[outsider.pk])).status_code == 404
    assert client.get(reverse("member_detail", args=[999999])).status_code == 404


def test_detail_shows_addresses_by_name_and_sections(login, personas, members):
    member = services.update_member(
        members["an"],
        {
            "permanent_province": 1,
            "permanent_ward": 70,
            "permanent_address": "12 Hàng Bạc",
            "hometown": "Xã Tân Lạc",
            "hometown_province": 25,
            "workplace": "Trường Đại học Bách khoa Hà Nội",
        },
        expected_version=1,
    )
    html = (
        login(personas["cell_secretary"])
        .get(reverse("member_detail", args=[member.pk]))
        .content.decode()
    )
    assert "12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội" in html
    assert "Xã Tân Lạc, Phú Thọ" in html
    for section in ("Identity", "Addresses", "Education and work", "Party record"):
        assert f">{section}</div>" in html
    assert "Trường Đại học Bách khoa Hà Nội" in html


def test_viewer_sees_record_without_actions(login, tree, members, django_user_model):
    from coso.accounts.services import add_user

    viewer = add_user("dangvien", organization=tree["DUK-KT"], role="member")
    client = login(viewer)
    pk = members["dung"].pk
    html = client.get(reverse("member_detail", args=[pk])).content.decode()
    assert "Hoàng Văn Dũng" in html
    assert reverse("member_edit", args=[pk]) not in html
    assert 'id="member-actions"' not in html
    before = snapshot()
    assert client.get(reverse("member_edit", args=[pk])).status_code == 404
    data = {"removal-kind": "deceased", "removal-date": "01/01/2024"}
    assert client.post(reverse("member_remove", args=[pk]), data).status_code == 404
    assert snapshot() == before
    assert listed_names(client.get(reverse("member_list"))) == ["Vũ Văn Ân", "Hoàng Văn Dũng"]
    assert "Add a member" not in client.get(reverse("member_list")).content.decode()


# --- timeline -----------------------------------------------------------------------------


def test_timeline_shows_edit_with_user_name_newest_first(login, personas, members):
    user = personas["cell_secretary"]
    user.last_name, user.first_name = "Lê Văn", "Thư"
    user.save()
    client = login(user)
    member = members["duc"]
    response = client.post(
        reverse("member_edit", args=[member.pk]),
        member_post_data(member, phone="0912000111", birth_date="02/01/1985"),
    )
    assert response.status_code == 302
    services.set_exemption(
        Member.objects.get(pk=member.pk), exempt=True, date=dt.date(2024, 6, 1),
        document_number="12-QĐ/ĐU", actor=user,
    )  # fmt: skip
    html = client.get(reverse("member_detail", args=[member.pk])).content.decode()
    timeline = html[html.index('id="member-timeline"') :]
    today = timezone.localdate().strftime("%d/%m/%Y")
    items = timeline.split('<li class="list-group-item">')[1:]
    # newest first: today's edit, then the exemption event (01/06/2024; its status change is
    # not repeated as a field change) and the registration (01/01/2015)
    assert len(items) == 3
    edit = items[0]
    assert f"<strong>{today}</strong>" in edit and "Record changed" in edit
    assert "Status:" not in timeline
    assert "<strong>01/06/2024</strong>" in items[1] and "Exempted from party work" in items[1]
    assert "<strong>01/01/2015</strong>" in items[2] and "Entered into the registry" in items[2]
    assert "Phone: <del>—</del> → 0912000111" in edit
    assert "Date of birth: <del>01/01/1985</del> → 02/01/1985" in edit
    assert "By Lê Văn Thư on" in edit
    assert "Decision 12-QĐ/ĐU" in timeline
    assert "To Chi bộ Khoa Công nghệ thông tin" in timeline
