"""The appoint form finds its member by a search (name, CCCD or card number) instead of a
select of every active member of the subtree (thousands in a grassroots organization)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_form_offers_no_member_until_a_search(login, bk_secretary, tree, big):
    page = login(bk_secretary).get(reverse("committee", args=[tree["DUK-BK-CNTT"].code]))
    html = page.content.decode()
    select = html[html.index('id="appoint-member"') :]
    select = select[: select.index("</select>")]
    assert select.count("<option") == 1  # "—" only


def test_a_search_fills_the_select_with_the_matches(login, bk_secretary, tree, big):
    url = reverse("committee_member_options", args=[tree["DUK-BK-CNTT"].code])
    client = login(bk_secretary)
    found = client.get(url, {"q": big[0].given_name.lower()}).content.decode()
    assert f'value="{big[0].pk}"' in found
    assert f"{big[0].full_name} ({big[0].birth_date:%d/%m/%Y})" in found
    assert client.get(url, {"q": ""}).content.decode().count("<option") == 1


def test_the_search_is_the_superiors(login, cell_secretary, tree, big):
    url = reverse("committee_member_options", args=[tree["DUK-BK-CNTT"].code])
    assert login(cell_secretary).get(url, {"q": "a"}).status_code == 404
