"""Login throttling: per username and address, per address, per username; shared by every
worker (the database cache); on the site's login and the admin's."""

import datetime as dt
import math

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from coso.accounts import forms as account_forms
from coso.accounts import throttle
from coso.core.cache import DatabaseCache
from coso.core.models import CacheEntry
from tests.helpers import PASSWORD

WRONG = "sai-mat-khau"


def vi(msgid, **params):
    with translation.override("vi"):
        text = gettext(msgid)
    return escape(text % params if params else text)


INCORRECT = "The username or password is incorrect. Please check and try again."


def post(client, username, password, ip, url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def attempt(username, ip):
    return throttle.Attempt(RequestFactory().get("/", REMOTE_ADDR=ip), username)


def window_end(username, ip, limit=throttle.PAIR):
    """The end of a window, as the throttle stored it (a POSIX time)."""
    return cache.get(f"{attempt(username, ip).keys[limit]}:end")


def locked_text(end):
    until = dt.datetime.fromtimestamp(end, tz=dt.UTC)
    minutes = math.ceil((end - timezone.now().timestamp()) / 60)
    return vi(
        account_forms.LOCKED_MESSAGE,
        time=timezone.localtime(until).strftime("%H:%M"),
        minutes=minutes,
    )


def test_the_figures_are_the_documented_ones():
    assert [(x.name, x.failures, x.seconds) for x in throttle.LIMITS] == [
        ("pair", 5, 900), ("address", 20, 900), ("username", 50, 3600),
    ]  # fmt: skip


def test_five_failures_lock_that_username_at_that_address_only(client, personas):
    for n in range(1, 5):
        response = post(client, "bithu_bk", WRONG, "10.0.0.1")
        assert response.status_code == 200
        assert vi(INCORRECT) in response.content.decode()
        assert attempt("bithu_bk", "10.0.0.1").counts()[throttle.PAIR] == n
    end = window_end("bithu_bk", "10.0.0.1")
    assert 890 <= end - timezone.now().timestamp() <= 900
    response = post(client, "bithu_bk", WRONG, "10.0.0.1")  # the fifth failure locks
    assert response.status_code == 429
    html = response.content.decode()
    assert vi(INCORRECT) in html
    assert locked_text(end) in html
    assert "15 phút" in html
    # now even the right password is refused there, and not checked
    for _ in range(3):
        response = post(client, "bithu_bk", PASSWORD, "10.0.0.1")
        assert response.status_code == 429
        html = response.content.decode()
        assert locked_text(end) in html and vi(INCORRECT) not in html
    assert not logged_in(client)
    # refusals count nothing: the lock ends when it said
    assert attempt("bithu_bk", "10.0.0.1").counts() == {
        throttle.PAIR: 5, throttle.ADDRESS: 5, throttle.USERNAME: 5,
    }  # fmt: skip
    assert window_end("bithu_bk", "10.0.0.1") == end
    # the real user at their own desk is not locked out by those failures
    response = post(client, "bithu_bk", PASSWORD, "10.9.9.9")
    assert response.status_code == 302
    assert logged_in(client)


def test_the_lock_ends_with_its_window(client, personas):
    for _ in range(5):
        post(client, "bithu_bk", WRONG, "10.0.0.1")
    assert post(client, "bithu_bk", PASSWORD, "10.0.0.1").status_code == 429
    # the window's fifteen minutes pass (the entries expire in the database)
    CacheEntry.objects.update(expires=timezone.now() - dt.timedelta(seconds=1))
    assert post(client, "bithu_bk", PASSWORD, "10.0.0.1").status_code == 302


def test_twenty_failures_from_one_address_lock_the_address(client, personas):
    for n in range(20):
        response = post(client, f"khong-co-{n}", WRONG, "10.0.0.7")
        assert response.status_code == (429 if n == 19 else 200)
    response = post(client, "vanphong", PASSWORD, "10.0.0.7")
    assert response.status_code == 429
    assert not logged_in(client)
    assert post(client, "vanphong", PASSWORD, "10.0.0.8").status_code == 302


def test_fifty_failures_from_anywhere_lock_the_username(client, personas):
    addresses = [f"10.1.{n // 5}.{n % 5}" for n in range(60)]
    for n in range(49):  # 49 failures, never 5 from one address
        assert post(client, "bithu_bk", WRONG, addresses[n]).status_code == 200
    # the owner logs in from elsewhere: their attempt is no failure
    assert post(client, "bithu_bk", PASSWORD, "10.2.0.1").status_code == 302
    client.post(reverse("logout"))
    assert attempt("bithu_bk", "10.2.0.1").counts()[throttle.USERNAME] == 49
    response = post(client, "bithu_bk", WRONG, addresses[49])  # the fiftieth failure
    assert response.status_code == 429
    end = window_end("bithu_bk", addresses[49], throttle.USERNAME)
    assert 3590 <= end - timezone.now().timestamp() <= 3600
    response = post(client, "bithu_bk", PASSWORD, "10.2.0.1")
    assert response.status_code == 429
    assert locked_text(end) in response.content.decode()
    assert "60 phút" in response.content.decode()
    assert not logged_in(client)
    assert post(client, "vanphong", PASSWORD, "10.2.0.1").status_code == 302


def test_success_forgives_failures_at_that_address_only(client, personas):
    for _ in range(4):
        post(client, "bithu_bk", WRONG, "10.0.0.2")
        post(client, "bithu_bk", WRONG, "10.0.0.3")
    assert post(client, "bithu_bk", PASSWORD, "10.0.0.2").status_code == 302
    client.post(reverse("logout"))
    assert attempt("bithu_bk", "10.0.0.2").counts()[throttle.PAIR] == 0
    assert attempt("bithu_bk", "10.0.0.3").counts()[throttle.PAIR] == 4
    assert attempt("bithu_bk", "10.0.0.3").counts()[throttle.USERNAME] == 8
    assert post(client, "bithu_bk", WRONG, "10.0.0.3").status_code == 429


def test_usernames_count_alike_whatever_case_and_accents(client, personas):
    for name in ("BiThu_BK", "bíthu_bk", "BITHU_BK", "bithu_bk", "Bithu_bk"):
        post(client, name, WRONG, "10.0.0.1")
    assert post(client, "bithu_bk", PASSWORD, "10.0.0.1").status_code == 429


def test_admin_login_is_throttled_with_the_same_counters(client, django_user_model, tree):
    django_user_model.objects.create_superuser("quantri", password=PASSWORD)
    admin_login = reverse("admin:login")
    for _ in range(3):
        assert post(client, "quantri", WRONG, "10.0.0.5").status_code == 200
    for _ in range(2):
        response = post(client, "quantri", WRONG, "10.0.0.5", url=admin_login)
        assert response.status_code == 200
    end = window_end("quantri", "10.0.0.5")
    response = post(client, "quantri", PASSWORD, "10.0.0.5", url=admin_login)
    assert response.status_code == 200  # the admin's own view; the form says why
    assert locked_text(end) in response.content.decode()
    assert not logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302
    # from another address the right password opens the admin
    response = post(client, "quantri", PASSWORD, "10.0.0.6", url=admin_login)
    assert response.status_code == 302
    assert logged_in(client)  # the password step passed; the second factor comes next
    response = client.get(reverse("admin:index"))
    assert response["Location"] == reverse("otp_setup") + "?next=/admin/"


def test_counts_are_in_the_database_cache_and_survive_a_new_cache_client(client, personas):
    assert isinstance(caches["default"], DatabaseCache)
    for _ in range(3):
        post(client, "bithu_bk", WRONG, "10.0.0.1")
    key = attempt("bithu_bk", "10.0.0.1").keys[throttle.PAIR]
    assert CacheEntry.objects.filter(cache_key=f":1:{key}").exists()
    fresh = caches.create_connection("default")  # another worker's cache client
    assert fresh is not cache
    assert fresh.get(key) == 3


def test_a_login_without_a_request_is_not_counted(personas):
    from django.contrib.auth import authenticate

    assert authenticate(username="bithu_bk", password=WRONG) is None
    assert CacheEntry.objects.count() == 0


def test_incr_is_atomic_and_keeps_the_expiry(db):
    cache.add("n", 0, 600)
    expires = CacheEntry.objects.get(cache_key=":1:n").expires
    assert [cache.incr("n") for _ in range(3)] == [1, 2, 3]
    assert cache.decr("n") == 2
    assert CacheEntry.objects.get(cache_key=":1:n").expires == expires
    with pytest.raises(ValueError):
        cache.incr("missing")


# --- the client's address ------------------------------------------------------------------


def test_address_is_remote_addr_and_a_forwarded_header_is_ignored(settings):
    settings.COSO_PROXY = False
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert throttle.client_address(request) == "10.0.0.1"


def test_behind_the_proxy_the_address_is_the_one_it_appended(settings):
    settings.COSO_PROXY = True
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert throttle.client_address(request) == "203.0.113.9"
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")
    assert throttle.client_address(request) == "127.0.0.1"


def test_ipv6_addresses_count_by_their_64_network(settings):
    settings.COSO_PROXY = False
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert throttle.client_address(one) == throttle.client_address(other) == "2001:db8:1:2::/64"
    mapped = RequestFactory().get("/", REMOTE_ADDR="::ffff:10.0.0.1")
    assert throttle.client_address(mapped) == "10.0.0.1"
