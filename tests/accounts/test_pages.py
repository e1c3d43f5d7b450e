"""Login (with throttling), logout and the home page for each persona."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from coso.accounts import forms as account_forms
from coso.orgs import services
from tests.conftest import PASSWORD, make_member, verified_login


def vi(msgid, **params):
    with translation.override("vi"):
        text = gettext(msgid)
    return escape(text % params if params else text)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def logged_in(client):
    return "_auth_user_id" in client.session


# --- login / logout ------------------------------------------------------------------------


def test_login_page_renders_a_form(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert f'<form method="post" action="{reverse("login")}"' in html
    assert 'name="username"' in html and 'name="password"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert reverse("logout") not in html  # no user menu before login


def test_login_and_logout(client, personas):
    # a cell secretary: no second factor needed (tests/accounts/test_otp.py for those who do)
    response = client.post(reverse("login"), {"username": "bithu_cntt", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert logged_in(client)
    html = client.get(reverse("home")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}"' in html
    assert client.get(reverse("logout")).status_code == 405  # logout is POST only
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not logged_in(client)


def test_wrong_password_is_refused_with_a_clear_message(client, personas):
    response = client.post(reverse("login"), {"username": "bithu_bk", "password": "sai"})
    assert response.status_code == 200
    assert not logged_in(client)
    assert vi("The username or password is incorrect. Please check and try again.") in (
        response.content.decode()
    )


def fail(client, username, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR=ip
    )


def test_five_failures_lock_the_username(client, personas):
    locked = vi(account_forms.LOCKED_MESSAGE, minutes=15)
    for _ in range(4):
        response = fail(client, "bithu_bk")
        assert response.status_code == 200
        assert locked not in response.content.decode()
    response = fail(client, "bithu_bk")  # the fifth failure locks
    assert response.status_code == 429
    assert locked in response.content.decode()
    # now even the right password is refused, from another address too
    response = client.post(
        reverse("login"), {"username": "bithu_bk", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429
    assert locked in response.content.decode()
    assert not logged_in(client)
    # another user from another address is not affected
    response = client.post(
        reverse("login"), {"username": "vanphong", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302
    assert logged_in(client)


def test_five_failures_lock_the_address(client, personas):
    for name in ("a", "b", "c", "d", "e"):
        fail(client, name, ip="10.0.0.7")
    response = client.post(
        reverse("login"), {"username": "vanphong", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 429
    assert not logged_in(client)


def test_lock_ends_after_fifteen_minutes(client, personas, monkeypatch):
    for _ in range(5):
        fail(client, "bithu_bk")
    assert account_forms.locked_for("bithu_bk", "10.0.0.1") > 14 * 60
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(account_forms.time, "time", lambda: later)
    assert account_forms.locked_for("bithu_bk", "10.0.0.1") == 0
    response = client.post(
        reverse("login"), {"username": "bithu_bk", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302


def test_success_clears_the_username_failures(client, personas):
    for _ in range(4):
        fail(client, "bithu_bk", ip="10.0.0.2")
    client.post(
        reverse("login"), {"username": "bithu_bk", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    client.post(reverse("logout"))
    for _ in range(4):
        fail(client, "bithu_bk", ip="10.0.0.4")
    assert account_forms.locked_for("bithu_bk", "10.0.0.4") == 0


# --- home ----------------------------------------------------------------------------------


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def counts(html, attr):
    import re

    return dict(re.findall(rf'data-{attr}="(\w+)" data-count="(\d+)"', html))


def test_home_for_office(client, personas, members):
    verified_login(client, personas["office"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert vi("Office staff") in html
    assert "Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội" in html
    assert counts(html, "kind") == {
        "superior": "1", "grassroots_committee": "1", "grassroots_cell": "1", "cell": "2",
    }  # fmt: skip
    assert counts(html, "status") == {"official": "7"}
    assert f'href="{reverse("org_tree")}?kind=cell"' in html
    assert f'href="{reverse("member_list")}?status=official"' in html


def test_home_for_grassroots_secretary(client, personas, members):
    verified_login(client, personas["bk_secretary"])
    html = client.get(reverse("home")).content.decode()
    assert vi("Secretary") in html
    assert f'href="{reverse("org_detail", args=["DUK-BK"])}"' in html
    assert counts(html, "kind") == {"grassroots_committee": "1", "cell": "2"}
    assert counts(html, "status") == {"official": "5"}


def test_home_for_cell_secretary(client, personas, members):
    members["hoa"].__class__.objects.filter(pk=members["hoa"].pk).update(status="probationary")
    verified_login(client, personas["cell_secretary"])
    html = client.get(reverse("home")).content.decode()
    assert "Chi bộ Khoa Công nghệ thông tin" in html
    assert counts(html, "kind") == {"cell": "1"}
    assert counts(html, "status") == {"probationary": "1", "official": "2"}
    assert "Cơ khí" not in html


def test_home_without_roles(client, django_user_model, tree):
    user = django_user_model.objects.create_user("moi", password="x")
    verified_login(client, user)
    html = client.get(reverse("home")).content.decode()
    assert (
        vi(
            "You have no role in any organization yet. Please ask the committee office to assign you one."
        )
        in html
    )
    assert counts(html, "kind") == {} and counts(html, "status") == {}


def test_home_queries_are_fixed(client, personas, members, tree):
    verified_login(client, personas["office"])
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for i in range(5):
        cell = services.create_organization(
            tree["DUK"], code=f"DUK-N{i}", name=f"Chi bộ {i}", kind="grassroots_cell"
        )
        make_member(cell, f"Người{i}")
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse("home")).content.decode()
    assert counts(html, "kind")["grassroots_cell"] == "6"
    assert len(large.captured_queries) == len(small.captured_queries)
