"""Login, logout and the home page for each persona (throttling: test_throttle.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from coso.orgs import services
from tests.helpers import PASSWORD, make_member, verified_login


def vi(msgid, **params):
    with translation.override("vi"):
        text = gettext(msgid)
    return escape(text % params if params else text)


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
    # home's overdue count reads the working-day calendar, kept by year once read
    client.get(reverse("home"))
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
