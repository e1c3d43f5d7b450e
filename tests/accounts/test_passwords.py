"""Passwords: Django's validators wherever one is set (`coso adduser`, add_user, the demo
accounts, the change-password page), with Vietnamese messages."""

import io

import pytest
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY

from coso.accounts.models import RoleAssignment
from coso.accounts.services import add_user
from coso.demo.common import PERSONAS
from tests.helpers import PASSWORD, verified_login

User = get_user_model()
NEW_PASSWORD = "mot-mat-khau-moi-dai"


def adduser(monkeypatch, password, username="bithu_chibo_moi"):
    """`coso adduser USERNAME --org DUK-BK-CNTT --role secretary --password-stdin`, run from an
    English shell: the command itself speaks Vietnamese."""
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    with translation.override("en"):
        call_command(
            "adduser",
            username,
            "--org",
            "DUK-BK-CNTT",
            "--role",
            "secretary",
            "--password-stdin",
            stdout=out,
        )
    return out.getvalue()


@pytest.mark.parametrize(
    "password, message",
    [
        ("a", "Mật khẩu quá ngắn: cần ít nhất 12 ký tự. Mật khẩu này quá phổ biến."),
        ("bithu_chibo_moi", "Mật khẩu quá giống với Tên đăng nhập."),
        ("bithu-chibo-moi", "Mật khẩu quá giống với Tên đăng nhập."),
        ("password1234", "Mật khẩu này quá phổ biến."),
        ("203948571620394", "Mật khẩu này hoàn toàn là số."),
        ("ngan-qua", "Mật khẩu quá ngắn: cần ít nhất 12 ký tự."),
    ],
)
def test_adduser_refuses_weak_passwords_in_vietnamese(monkeypatch, tree, password, message):
    with pytest.raises(CommandError) as error:
        adduser(monkeypatch, password)
    assert str(error.value) == message
    assert not User.objects.filter(username="bithu_chibo_moi").exists()
    assert RoleAssignment.objects.count() == 0


def test_adduser_refuses_a_weak_password_for_an_existing_user(monkeypatch, tree):
    add_user("bithu_chibo_moi", organization=tree["DUK-BK"], role="member", password=PASSWORD)
    with pytest.raises(CommandError) as error:
        adduser(monkeypatch, "a")
    assert str(error.value) == "Mật khẩu quá ngắn: cần ít nhất 12 ký tự. Mật khẩu này quá phổ biến."
    user = User.objects.get(username="bithu_chibo_moi")
    assert user.check_password(PASSWORD)
    assert list(user.role_assignments.values_list("role", flat=True)) == ["member"]


def test_adduser_accepts_a_good_password(monkeypatch, tree):
    out = adduser(monkeypatch, NEW_PASSWORD)
    assert out == "Đã giao vai trò secretary trên DUK-BK-CNTT cho bithu_chibo_moi.\n"
    user = User.objects.get(username="bithu_chibo_moi")
    assert user.check_password(NEW_PASSWORD)


def test_adduser_says_when_the_role_needs_a_second_factor(monkeypatch, tree):
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    out = io.StringIO()
    call_command(
        "adduser", "vp_moi", "--org", "DUK", "--role", "staff", "--password-stdin", stdout=out
    )
    assert out.getvalue() == (
        "Đã giao vai trò staff trên DUK cho vp_moi.\n"
        "Vai trò này bắt buộc xác thực hai bước: lần đăng nhập đầu tiên, người dùng sẽ "
        "thiết lập ứng dụng xác thực.\n"
    )


def test_add_user_refuses_and_writes_nothing(tree):
    with pytest.raises(ValidationError) as error:
        add_user(
            "nguyenvanthanh",
            organization=tree["DUK"],
            role="staff",
            password="nguyenvanthanh",
            full_name="Nguyễn Văn Thành",
        )
    assert list(error.value.message_dict) == ["password"]
    assert not User.objects.filter(username="nguyenvanthanh").exists()
    assert RoleAssignment.objects.count() == 0


def test_demo_passwords_pass_the_validators(db):
    for username, _role, _code, password, _title in PERSONAS:
        assert password_validation.validate_password(password, User(username=username)) is None


# --- change of one's own password ----------------------------------------------------------


def test_change_password_needs_login(client, db):
    response = client.get(reverse("password_change"))
    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('login')}?next=/account/password/",
    )


def test_change_password_page_in_vietnamese_and_in_the_user_menu(client, cell_secretary):
    client.force_login(cell_secretary)
    home = client.get("/").content.decode()
    assert 'href="/account/password/">Đổi mật khẩu</a>' in home
    assert 'href="/account/">Bảo mật tài khoản</a>' in home
    html = client.get(reverse("password_change")).content.decode()
    assert '<h1 class="h3 mb-4">Đổi mật khẩu</h1>' in html
    assert "Mật khẩu cũ" in html and "Xác nhận mật khẩu mới" in html
    assert "Mật khẩu của bạn phải chứa ít nhất 12 ký tự." in html
    assert 'name="old_password"' in html and 'autocomplete="new-password"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def post_change(client, old, new, again=None):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def test_change_password_needs_the_old_one(client, cell_secretary):
    client.force_login(cell_secretary)
    response = post_change(client, "khong-phai-mat-khau", NEW_PASSWORD)
    assert response.status_code == 200
    assert "Mật khẩu cũ không chính xác. Hãy nhập lại lần nữa" in response.content.decode()
    cell_secretary.refresh_from_db()
    assert cell_secretary.check_password(PASSWORD)


@pytest.mark.parametrize(
    "new, message",
    [
        ("a", "Mật khẩu quá ngắn: cần ít nhất 12 ký tự."),
        ("bithu_cntt_1", "Mật khẩu quá giống với Tên đăng nhập."),
        ("203948571620394", "Mật khẩu này hoàn toàn là số."),
    ],
)
def test_change_password_applies_the_validators(client, cell_secretary, new, message):
    client.force_login(cell_secretary)
    response = post_change(client, PASSWORD, new)
    assert response.status_code == 200
    assert message in response.content.decode()
    cell_secretary.refresh_from_db()
    assert cell_secretary.check_password(PASSWORD)


def test_change_password_keeps_the_session_and_its_second_factor(client, office):
    verified_login(client, office)
    response = post_change(client, PASSWORD, NEW_PASSWORD)
    assert (response.status_code, response["Location"]) == (302, reverse("account_security"))
    office.refresh_from_db()
    assert office.check_password(NEW_PASSWORD)
    assert DEVICE_ID_SESSION_KEY in client.session
    assert "Đã đổi mật khẩu." in client.get(reverse("account_security")).content.decode()
    assert client.get("/members/").status_code == 200
