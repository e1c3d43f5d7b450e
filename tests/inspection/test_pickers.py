"""The inspection and feedback forms never list the subtree's members or organizations (a city
holds hundreds of thousands): an organization is typed as its code (the organization picker),
a member found by a search whose matches fill the select, as the committee page's appoint
form. The pages keep their size and number of queries as members are added; the search is
scoped; what the forms take is checked against the page's subtree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coso.inspection.models import Feedback, Inspection, TeamMember
from tests.helpers import make_member, queries, refused

D = dt.date


def _select(html: str, name: str) -> str:
    start = html.index(f'name="{name}"', html.index("<select"))
    start = html.rindex("<select", 0, start)
    return html[start : html.index("</select>", start)]


def _pages(plan, inspection, tree):
    return {
        "schedule": (reverse("inspection_schedule", args=[plan.pk]), ["subject_member"],
                     "subject_organization"),
        "team": (reverse("inspection_action", args=[inspection.pk, "team"]),
                 ["leader", "members"], None),
        "receive": (reverse("feedback_receive", args=["DUK-BK"]), ["about_member"],
                    "about_organization"),
    }  # fmt: skip


@pytest.mark.parametrize("page", ["schedule", "team", "receive"])
def test_the_pages_keep_their_size_and_queries_with_many_members(
    page, login, plan, inspection, tree, members, ubkt
):
    client = login(ubkt)
    url, names, org_box = _pages(plan, inspection, tree)[page]
    before = client.get(url)
    size, count = len(before.content), queries(lambda: client.get(url))
    for k in range(60):
        make_member(tree["DUK-BK-CNTT" if k % 2 else "DUK-BK-CK"], f"Thêm{k}")
    after = client.get(url)
    html = after.content.decode()
    assert (len(after.content), queries(lambda: client.get(url))) == (size, count)
    for name in names:
        select = _select(html, name)
        # nothing but the empty choice ("—"; none at all in a multiple select)
        assert select.count("<option") == (0 if name == "members" else 1), select
    assert "Thêm1" not in html and members["duc"].full_name not in html
    if org_box:  # the organization picker: a text box, its matches asked for as typed
        box = html[html.rindex("<input", 0, html.index(f'name="{org_box}"')) :]
        assert box[: box.index(">")].count("data-org-picker") == 1


def test_a_search_offers_the_subtrees_members_and_keeps_those_chosen(login, tree, members, ubkt):
    client = login(ubkt)
    url = reverse("inspection_member_options", args=["DUK-BK"])
    found = client.get(url, {"q": "an", "field": "leader"}).content.decode()
    # An and Ánh of DUK-BK's subtree, not Ân of DUK-KT; the empty choice counts them
    assert found.count("<option") == 3 and "— 2 found —" in found
    assert f'value="{members["an"].pk}"' in found and f'value="{members["anh"].pk}"' in found
    assert f'value="{members["an2"].pk}"' not in found
    assert f"Nguyễn Văn An ({members['an'].birth_date:%d/%m/%Y})" in found
    # a multiple select: Đức chosen stays chosen, first; no empty choice; outside kept out
    kept = client.get(url, {"q": "hoa", "field": "members", "multiple": "1",
                            "members": [members["duc"].pk, members["dung"].pk]}).content.decode()  # fmt: skip
    assert kept == (
        f'<option value="{members["duc"].pk}" selected>Trần Minh Đức '
        f"({members['duc'].birth_date:%d/%m/%Y})</option>"
        f'<option value="{members["hoa"].pk}">Nguyễn Thị Hoa '
        f"({members['hoa'].birth_date:%d/%m/%Y})</option>\n"
    )
    # an unknown field keeps nothing; an empty search finds nothing
    empty = client.get(url, {"q": "", "field": "x", "x": members["duc"].pk}).content.decode()
    assert empty == '<option value="" selected>— 0 found —</option>\n'


def test_the_search_is_for_who_handles_the_organization(login, tree, members, cell_secretary):
    client = login(cell_secretary)
    for code in ("DUK-BK", "DUK-KT"):
        url = reverse("inspection_member_options", args=[code])
        assert client.get(url, {"q": "an", "field": "leader"}).status_code == 404


def test_the_forms_take_codes_and_members_of_the_subtree(login, plan, inspection, tree, members,
                                                         ubkt):  # fmt: skip
    client = login(ubkt)
    url = reverse("inspection_schedule", args=[plan.pk])
    form = {"activity": "inspection", "kind": "thematic", "topic": "Đảng phí",
            "starts_on": "01/06/2026", "ends_on": "05/06/2026"}  # fmt: skip
    refused(lambda: client.post(url, {**form, "subject_organization": "DUK-KT"}),
            "no organization with the code DUK-KT", status=400)  # fmt: skip
    refusal = refused(lambda: client.post(url, {**form, "subject_member": members["dung"].pk}),
                      "Select a valid choice", status=400)  # fmt: skip
    assert _select(refusal.text, "subject_member").count("<option") == 1
    assert client.post(url, {**form, "subject_organization": " duk-bk-ck "}).status_code == 302
    made = Inspection.objects.latest("pk")
    assert (made.subject_organization.code, made.subject_member) == ("DUK-BK-CK", None)
    # a refusal shows the page again offering only the members chosen
    team = reverse("inspection_action", args=[inspection.pk, "team"])
    refusal = refused(lambda: client.post(team, {"members": [members["anh"].pk]}),
                      "This field is required", status=400)  # fmt: skip
    chosen = _select(refusal.text, "members")
    assert chosen.count("<option") == 1 and f'value="{members["anh"].pk}" selected' in chosen
    assert client.post(team, {"leader": members["duc"].pk,
                              "members": [members["anh"].pk]}).status_code == 302  # fmt: skip
    assert sorted(TeamMember.objects.values_list("member__given_name", "role")) == [
        ("Ánh", "member"), ("Đức", "leader")]  # fmt: skip
    receive = reverse("feedback_receive", args=["DUK-BK"])
    letter = {"channel": "letter", "sender_kind": "citizen", "sender_name": "Ông Nam",
              "summary": "Phản ánh", "content": "Nội dung", "received_on": "02/11/2026"}  # fmt: skip
    refused(lambda: client.post(receive, {**letter, "about_organization": "DUK-KT"}),
            "no organization with the code DUK-KT", status=400)  # fmt: skip
    assert client.post(receive, {**letter, "about_organization": "DUK-BK-CNTT"}).status_code == 302
    assert Feedback.objects.get().about_organization.code == "DUK-BK-CNTT"
