"""The signed-in menu is rendered once and reused (members/templatetags/cached_menu.py): what a
user sees is what an uncached render shows, and a role ended, a record linked, a name changed or
another language chosen shows on the very next request; the CSRF token stays the request's own."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coso.accounts.models import RoleAssignment
from coso.accounts.services import end_role
from coso.members.templatetags import cached_menu
from coso.members.templatetags.cached_menu import FRAGMENTS, Fragments
from tests.helpers import verified_login

PASSWORD_PAGE = "/account/password/"
USERS_LINK = 'href="/accounts/users/"'
TOKENS = re.compile(r'(?:"X-CSRFToken": "|name="csrfmiddlewaretoken" value=")([A-Za-z0-9]+)"')


def _page(client, url=PASSWORD_PAGE, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_the_users_link_is_where_the_tests_look_for_it():
    assert reverse("user_list") == "/accounts/users/"


def test_a_role_ended_hides_its_menu_entry_on_the_next_request(login, cell_secretary):
    client = login(cell_secretary)
    FRAGMENTS.clear()
    assert USERS_LINK in _page(client)
    assert len(FRAGMENTS) == 1
    assert USERS_LINK in _page(client)  # the kept fragment
    assert len(FRAGMENTS) == 1
    role = RoleAssignment.objects.get(user=cell_secretary, role="secretary")
    end_role(role, valid_to=timezone.localdate())
    page = _page(client)
    assert USERS_LINK not in page and "Log out" in page
    assert len(FRAGMENTS) == 2


def test_a_member_record_linked_shows_ones_own_pages_on_the_next_request(
    login, members, cell_secretary
):
    client = login(cell_secretary)
    assert 'id="menu-my-meetings"' not in _page(client)
    members["an"].user = cell_secretary
    members["an"].save(update_fields=["user"])
    page = _page(client)
    assert 'id="menu-my-meetings"' in page and 'id="menu-my-study"' in page
    members["an"].user = None
    members["an"].save(update_fields=["user"])
    assert 'id="menu-my-meetings"' not in _page(client)


def test_another_language_shows_the_menu_in_it(login, cell_secretary):
    client = login(cell_secretary)
    assert "Log out" in _page(client) and "Đăng xuất" not in _page(client)
    client.cookies["django_language"] = "vi"
    assert "Đăng xuất" in _page(client) and "Log out" not in _page(client)
    client.cookies["django_language"] = "en"
    assert "Log out" in _page(client)


def test_a_new_name_shows_on_the_next_request(login, cell_secretary):
    client = login(cell_secretary)
    assert "Bích" not in _page(client)
    cell_secretary.last_name, cell_secretary.first_name = "Trần Thị", "Bích"
    cell_secretary.save(update_fields=["last_name", "first_name"])
    assert "Trần Thị Bích" in _page(client)


def test_the_current_page_is_marked_in_the_menu(login, cell_secretary):
    client = login(cell_secretary)
    members_link = f'href="{reverse("member_list")}"'
    for url, marked in ((reverse("member_list"), True), (PASSWORD_PAGE, False)):
        for _twice in range(2):
            page = _page(client, url)
            link = re.search(r'<a class="nav-link( active)?" ' + members_link, page)
            assert link is not None and (link.group(1) is not None) == marked, url


def test_the_csrf_token_is_the_requests_own_and_logs_out(cell_secretary):
    client = verified_login(Client(enforce_csrf_checks=True), cell_secretary)
    pages = [_page(client), _page(client)]
    tokens = [TOKENS.findall(page) for page in pages]
    # the body's header, the log-out form and the page's form carry the same token, each
    # request its own
    assert [len(t) for t in tokens] == [3, 3]
    assert [len(set(t)) for t in tokens] == [1, 1]
    assert tokens[0][0] != tokens[1][0]
    assert cached_menu.CSRF_MARKER not in pages[1]
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": tokens[1][1]})
    assert response.status_code == 302
    assert client.get(PASSWORD_PAGE).status_code == 302  # signed out: to the login page


def test_the_kept_menu_is_what_a_fresh_render_shows(login, members, personas, monkeypatch):
    members["an"].user = personas["cell_secretary"]
    members["an"].save(update_fields=["user"])
    # the cell's secretary reads the error page (out of scope) with its menu
    urls = ("/", reverse("member_list"), PASSWORD_PAGE, "/organizations/DUK-BK/", "/nowhere/")
    kept = {}
    for name, user in personas.items():
        client = login(user)
        for url in urls:
            client.get(url)  # fills the store
            kept[name, url] = TOKENS.sub("T", client.get(url).content.decode())
            assert "Log out" in kept[name, url]
    monkeypatch.setattr(
        cached_menu.CachedMenuNode, "render", lambda node, context: node.nodelist.render(context)
    )
    for name, user in personas.items():
        client = login(user)
        for url in urls:
            assert TOKENS.sub("T", client.get(url).content.decode()) == kept[name, url], (name, url)


def test_the_store_is_bounded_least_recently_used_out_first():
    store = Fragments(2)
    store.set("a", ("1",))
    store.set("b", ("2",))
    assert store.get("a") == ("1",)
    store.set("c", ("3",))
    assert (store.get("a"), store.get("b"), store.get("c"), len(store)) == (("1",), None, ("3",), 2)
