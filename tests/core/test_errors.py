"""Error pages in Vietnamese, in the site's layout, with a way back (issue 9, finding 11).

Pages answer in Vietnamese whatever the browser asks for; a user who chose English gets
English. The 500 page renders without the database.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.utils.functional import SimpleLazyObject

from coso.core.errors import server_error
from tests.helpers import PASSWORD, verified_login

HOME = 'href="/"'
MENU = "Đăng xuất"  # the user menu's "Log out": only when logged in


def text(response) -> str:
    return response.content.decode()


def test_404_page_is_vietnamese_with_a_way_home(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    body = text(response)
    assert "<title>Không tìm thấy trang · coso</title>" in body
    assert '<h1 id="error-title">Không tìm thấy trang</h1>' in body
    assert "Trang bạn yêu cầu không tồn tại, hoặc nằm ngoài phạm vi các tổ chức đảng" in body
    assert f'<a class="btn btn-danger" {HOME}>Về trang chủ</a>' in body
    assert "Quay lại trang trước" not in body  # no Referer: nothing to go back to
    assert MENU not in body
    assert "Not Found" not in body


def test_404_page_has_the_menu_and_the_previous_page_when_logged_in(office):
    client = Client()
    verified_login(client, office)
    response = client.get("/members/999999999/", HTTP_REFERER="http://testserver/members/")
    assert response.status_code == 404
    body = text(response)
    assert MENU in body
    assert 'href="/members/"' in body  # the menu's Members link
    assert (
        '<a class="btn btn-outline-secondary" href="http://testserver/members/">'
        "← Quay lại trang trước</a>"
    ) in body
    # no menu item pretends to be the current page
    assert 'class="nav-link active"' not in body


def test_404_page_never_links_back_to_another_site(office):
    client = Client()
    verified_login(client, office)
    response = client.get("/members/999999999/", HTTP_REFERER="https://evil.example/x")
    assert response.status_code == 404
    assert "evil.example" not in text(response)
    assert "Quay lại trang trước" not in text(response)


def test_404_page_in_english_for_a_user_who_chose_english(office):
    client = Client()
    verified_login(client, office)
    client.cookies["django_language"] = "en"
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert '<h1 id="error-title">Page not found</h1>' in text(response)
    assert "Go to the home page" in text(response)


def test_403_page_is_vietnamese(tree):
    """coso's own pages answer 404 when denied; the admin site still raises Django's
    PermissionDenied for a staff account without a model's permission: in Vietnamese."""
    user = get_user_model().objects.create_user("khong_quyen", password="x", is_staff=True)
    client = Client()
    verified_login(client, user)
    response = client.get("/admin/auth/user/")
    assert response.status_code == 403
    body = text(response)
    assert '<h1 id="error-title">Không có quyền truy cập</h1>' in body
    assert "xin liên hệ Văn phòng cấp ủy của mình" in body
    assert f'<a class="btn btn-danger" {HOME}>Về trang chủ</a>' in body
    assert MENU in body
    assert "403 Forbidden" not in body


def test_csrf_failure_page_is_vietnamese(office):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/login/",
        {"username": "vanphong", "password": PASSWORD},
        HTTP_REFERER="http://testserver/login/",
    )
    assert response.status_code == 403
    body = text(response)
    assert '<h1 id="error-title">Không gửi được biểu mẫu</h1>' in body
    assert "Xin quay lại, tải lại trang rồi gửi lại biểu mẫu." in body
    assert f'<a class="btn btn-danger" {HOME}>Về trang chủ</a>' in body
    assert "CSRF verification failed" not in body
    assert "_auth_user_id" not in client.session  # nobody logged in


def test_an_oversized_form_gets_a_vietnamese_413_page(office, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client()
    verified_login(client, office)
    response = client.post("/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    body = text(response)
    assert '<h1 id="error-title">Dữ liệu gửi lên quá lớn</h1>' in body
    assert "Xin gửi tệp nhỏ hơn, hoặc gửi ít dòng hơn mỗi lần." in body
    assert f'<a class="btn btn-danger" {HOME}>Về trang chủ</a>' in body
    assert "Bad Request" not in body


def test_an_unknown_host_gets_the_vietnamese_400_page(db):
    response = Client(HTTP_REFERER="http://evil.example/").get("/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    body = text(response)
    assert '<h1 id="error-title">Yêu cầu không hợp lệ</h1>' in body
    assert "Hệ thống không hiểu được yêu cầu này." in body
    assert f'<a class="btn btn-danger" {HOME}>Về trang chủ</a>' in body
    assert "evil.example" not in body


@pytest.mark.urls("tests.core.error_urls")
def test_500_page_is_vietnamese(db):
    response = Client(raise_request_exception=False).get("/test-boom/")
    assert response.status_code == 500
    body = text(response)
    assert "<title>Lỗi hệ thống · coso</title>" in body
    assert "Hệ thống gặp sự cố và yêu cầu này chưa lưu được gì." in body
    assert f'<a class="btn btn-danger" {HOME}>Về trang chủ</a>' in body
    assert "Server Error (500)" not in body


@pytest.mark.urls("tests.core.error_urls")
def test_500_under_the_api_is_vietnamese_json(db):
    response = Client(raise_request_exception=False).get("/api/v1/test-boom/")
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Hệ thống gặp sự cố và yêu cầu này chưa lưu được gì. Lỗi đã được ghi lại; "
        "xin thử lại sau ít phút."
    }


def test_500_page_renders_with_the_database_down():
    """No `db` fixture: any query here raises. The page must not touch the user either."""

    def no_user():
        raise AssertionError("the 500 page read the user")

    request = RequestFactory().get("/members/", HTTP_REFERER="http://testserver/")
    request.user = SimpleLazyObject(no_user)
    response = server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert '<h1 id="error-title">Lỗi hệ thống</h1>' in body
    assert f'<a class="btn btn-danger" {HOME}>Về trang chủ</a>' in body
    assert "← Quay lại trang trước</a>" in body
    assert MENU not in body
