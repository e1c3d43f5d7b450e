"""Vietnamese whatever the browser asks for; English only when the user chose it."""

from django.test import Client


def test_english_browser_still_gets_vietnamese(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/login/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_a_chosen_language_is_kept(db):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    page = client.get("/login/")
    assert page.headers["Content-Language"] == "en"
    assert "Log in" in page.content.decode()
    assert "Đăng nhập" not in page.content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(db):
    client = Client()
    client.cookies["django_language"] = "fr"
    assert client.get("/login/").headers["Content-Language"] == "vi"
