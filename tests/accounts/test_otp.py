"""The second factor: who must have it, the gate, enrolment, the code after the password,
backup codes, the admin site, the API, and `coso reset_otp`."""

import datetime as dt
import io
import re
from base64 import b32encode
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coso.accounts import services
from coso.accounts.otp import EXEMPT_URL_NAMES, PENDING_API_MESSAGE, otp_required
from coso.accounts.services import add_user
from coso.accounts.views import BACKUP_CODES_SESSION_KEY
from coso.members.models import Member
from tests.helpers import PASSWORD, verified_login

SETUP = "/account/two-step/"
VERIFY = "/login/code/"


def code_for(device, drift=0) -> str:
    """The code the app shows now (`drift` steps of 30 s away)."""
    return f"{totp(device.bin_key, drift=drift):06d}"


def wrong_code_for(device) -> str:
    """A code that none of the steps the device accepts (now ± 1) would show."""
    accepted = {code_for(device, d) for d in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


def password_login(client, username, next_url=""):
    client.cookies["django_language"] = "en"
    url = reverse("login") + (f"?next={quote(next_url)}" if next_url else "")
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def is_verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def backdate_failures(device, seconds=3600):
    """As if the last wrong code was typed `seconds` ago (django-otp waits 1, 2, 4 … s)."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=seconds)
    )


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


# --- who must have a second factor ---------------------------------------------------------


@pytest.mark.parametrize(
    "role, code, required",
    [
        ("staff", "DUK", True),
        ("staff", "DUK-BK-CNTT", True),  # office staff wherever they sit
        ("secretary", "DUK", True),
        ("secretary", "DUK-BK", True),
        ("deputy_secretary", "DUK-BK", True),
        ("committee_member", "DUK-BK", True),
        ("standing_member", "DUK", True),
        ("inspection_chair", "DUK-BK", True),
        ("inspection_member", "DUK-BK", True),
        ("secretary", "DUK-BK-CNTT", False),  # a cell
        ("secretary", "DUK-KT", False),  # a grassroots cell
        ("committee_member", "DUK-KT", False),
        ("group_leader", "DUK-BK", False),
        ("member", "DUK", False),
    ],
)
def test_who_must_have_a_second_factor(tree, role, code, required):
    user = add_user("nguoi_dung", organization=tree[code], role=role)
    assert otp_required(user) is required


def test_ended_roles_do_not_count_but_admin_access_does(tree, django_user_model):
    user = add_user(
        "cu_van_phong", organization=tree["DUK"], role="staff", valid_from=dt.date(2020, 1, 1)
    )
    user.role_assignments.update(valid_to=dt.date(2021, 1, 1))
    user = django_user_model.objects.get(pk=user.pk)
    assert otp_required(user) is False
    assert otp_required(django_user_model.objects.create_user("quan_tri", is_staff=True))
    assert otp_required(django_user_model.objects.create_superuser("goc"))


# --- the gate ------------------------------------------------------------------------------


def every_page_url(sample_pk):
    """Every URL of the site (outside the API, the admin and the exempt pages), with sample
    arguments: the gate answers before any view runs, so the object need not exist."""
    samples = {
        "int": str(sample_pk),
        "str": "DUK",
        "slug": "x",
        "path": "x",
        "uuid": "12345678-1234-5678-1234-567812345678",
    }
    urls = []

    def walk(patterns, prefix, namespaces):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                if p.namespace in ("admin", "api-v1") or route.startswith(("api/", "admin/")):
                    continue
                walk(p.url_patterns, prefix + route, namespaces)
            elif isinstance(p, URLPattern) and p.name not in EXEMPT_URL_NAMES:
                full = prefix + route
                if full.startswith("^") or "(?P" in full:
                    continue
                urls.append(
                    "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: samples[m.group(1) or "str"], full)
                )

    walk(get_resolver().url_patterns, "", ())
    return sorted(set(urls))


def test_staff_without_device_is_sent_to_enrolment_from_every_page(client, office, members):
    client.force_login(office)
    urls = every_page_url(members["an"].pk)
    assert len(urls) > 30
    assert "/" in urls and "/members/" in urls and f"/members/{members['an'].pk}/" in urls
    assert "/account/" in urls and "/account/password/" in urls
    for url in [*urls, "/admin/", "/admin/accounts/roleassignment/"]:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"{SETUP}?next={quote(url)}")
    # a POST does not reach its view either
    before = Member.objects.count()
    response = client.post(reverse("member_create"), {"given_name": "Mai"})
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert Member.objects.count() == before


def test_api_with_an_unverified_session_is_refused(client, office, members):
    api = APIClient()
    api.cookies["django_language"] = "en"
    api.force_login(office)
    response = api.get("/api/v1/members/")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Two-step verification is not complete. Log in on the site and enter the "
        "code from your authenticator app first."
    }
    before = Member.objects.count()
    response = api.post("/api/v1/members/", {"given_name": "Mai"}, format="json")
    assert response.status_code == 403
    assert Member.objects.count() == before
    # the same with a device but no code typed: still refused
    confirmed_device(office)
    assert api.get("/api/v1/organizations/").status_code == 403


def test_api_message_is_vietnamese(office, members):
    api = APIClient()
    api.force_login(office)
    response = api.get("/api/v1/members/")
    assert response.status_code == 403
    with translation.override("vi"):
        assert response.json() == {"detail": gettext(PENDING_API_MESSAGE)}
    assert response.json()["detail"].startswith("Chưa hoàn tất xác thực hai bước")


def test_api_tokens_are_not_asked_for_a_second_factor(office, members):
    token = Token.objects.create(user=office)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/members/")
    assert response.status_code == 200
    assert response.json()["count"] == 7


def test_api_with_a_verified_session_is_served(office, members):
    api = APIClient()
    verified_login(api, office)
    assert api.get("/api/v1/members/").json()["count"] == 7


# --- enrolment -----------------------------------------------------------------------------


def test_enrolment_page_shows_the_key_as_qr_code_and_text(client, office, tree):
    client.force_login(office)
    client.cookies["django_language"] = "en"
    response = client.get(SETUP)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=office)
    assert device.confirmed is False
    html = response.content.decode()
    assert html.count("<svg") == 1 and "QR code for the authenticator app" in html
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in html
    assert "otpauth://" not in html  # the URI is only inside the QR code
    assert device.config_url.startswith(f"otpauth://totp/coso%3Avanphong?secret={secret}&")
    assert device.config_url.endswith("&issuer=coso")
    assert 'inputmode="numeric"' in html and 'autocomplete="one-time-code"' in html
    # reloading keeps the same key
    client.get(SETUP)
    assert list(TOTPDevice.objects.filter(user=office).values_list("key", flat=True)) == [
        device.key
    ]


def test_enrolment_refuses_a_wrong_code_and_accepts_the_right_one(client, office, tree):
    client.force_login(office)
    client.cookies["django_language"] = "en"
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=office)

    response = client.post(SETUP, {"code": wrong_code_for(device), "next": "/members/"})
    assert response.status_code == 200
    assert "The code is wrong or already used." in response.content.decode()
    device.refresh_from_db()
    assert (device.confirmed, device.throttling_failure_count) == (False, 1)
    assert StaticDevice.objects.filter(user=office).count() == 0
    assert not is_verified(client)
    assert client.get("/").status_code == 302

    # a right code at once after a wrong one waits for the throttle (1 s)
    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed is False

    backdate_failures(device)
    response = client.post(SETUP, {"code": code_for(device), "next": "/members/"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_security')}?next=%2Fmembers%2F"
    device.refresh_from_db()
    assert (device.confirmed, device.throttling_failure_count) == (True, 0)
    assert is_verified(client)
    codes = client.session[BACKUP_CODES_SESSION_KEY]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(
        StaticToken.objects.filter(device__user=office).values_list("token", flat=True)
    ) == sorted(codes)

    # the codes are shown once, with the way on to the page first asked for
    html = client.get(response["Location"]).content.decode()
    assert all(f'<code class="backup-code">{c}</code>' in html for c in codes)
    assert 'href="/members/"' in html
    html = client.get(reverse("account_security")).content.decode()
    assert not any(c in html for c in codes)
    assert "10 backup codes left." in html
    # and every page opens
    assert client.get("/members/").status_code == 200


def test_enrolment_page_for_someone_who_has_a_device_asks_for_the_code(client, office):
    confirmed_device(office)
    client.force_login(office)
    response = client.get(SETUP)
    assert (response.status_code, response["Location"]) == (302, f"{VERIFY}?next=/")
    assert TOTPDevice.objects.filter(user=office).count() == 1


# --- the code after the password -----------------------------------------------------------


def test_login_asks_for_the_code(client, office, tree):
    device = confirmed_device(office)
    response = password_login(client, "vanphong", next_url="/members/")
    assert (response.status_code, response["Location"]) == (302, "/members/")
    assert not is_verified(client)
    response = client.get("/members/")
    assert (response.status_code, response["Location"]) == (302, f"{VERIFY}?next=/members/")
    response = client.get(response["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="code"' in html and "Use the backup code" in html

    response = client.post(VERIFY, {"code": wrong_code_for(device), "next": "/members/"})
    assert response.status_code == 200
    assert "The code is wrong or already used." in response.content.decode()
    assert not is_verified(client)
    assert client.get("/members/").status_code == 302

    backdate_failures(device)
    session_key = client.session.session_key
    response = client.post(VERIFY, {"code": code_for(device), "next": "/members/"})
    assert (response.status_code, response["Location"]) == (302, "/members/")
    assert is_verified(client)
    assert client.session.session_key != session_key  # a new key for the verified session
    assert client.get("/members/").status_code == 200


def test_a_code_is_accepted_once(client, office, tree):
    device = confirmed_device(office)
    code = code_for(device)
    password_login(client, "vanphong")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("logout"))
    password_login(client, "vanphong")
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert not is_verified(client)


def test_throttled_code_says_how_long_to_wait(client, office, tree):
    device = confirmed_device(office)
    password_login(client, "vanphong")
    for _ in range(3):
        backdate_failures(device)
        client.post(VERIFY, {"code": wrong_code_for(device)})
    # 3 failures: the next try waits 4 s, even with the right code
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 200
    assert "Try again in 4 seconds." in response.content.decode()
    assert not is_verified(client)


def test_backup_code_works_once(client, office, tree):
    confirmed_device(office)
    codes = services.regenerate_backup_codes(office)
    password_login(client, "vanphong")
    # typed as printed or grouped, in capitals: the same code
    typed = f"{codes[0][:4].upper()} {codes[0][4:].upper()}"
    response = client.post(VERIFY, {"kind": "backup", "code": typed, "next": "/"})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert is_verified(client)
    assert StaticToken.objects.filter(device__user=office).count() == 9
    html = client.get("/").content.decode()
    assert "You logged in with a backup code; 9 codes are left." in html

    client.post(reverse("logout"))
    password_login(client, "vanphong")
    response = client.post(VERIFY, {"kind": "backup", "code": codes[0]})
    assert response.status_code == 200
    assert "The code is wrong or already used." in response.content.decode()
    assert not is_verified(client)
    assert StaticToken.objects.filter(device__user=office).count() == 9

    backdate_failures(StaticDevice.objects.get(user=office))
    response = client.post(VERIFY, {"kind": "backup", "code": codes[1]})
    assert response.status_code == 302 and is_verified(client)
    assert StaticToken.objects.filter(device__user=office).count() == 8


def test_backup_codes_are_regenerated_and_the_old_ones_stop_working(login, office):
    old = services.regenerate_backup_codes(office)
    client = login(office)
    response = client.post(reverse("account_security"))
    assert (response.status_code, response["Location"]) == (302, reverse("account_security"))
    new = list(StaticToken.objects.filter(device__user=office).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old)
    html = client.get(reverse("account_security")).content.decode()
    assert all(c in html for c in new)
    assert StaticDevice.objects.filter(user=office).count() == 1


# --- optional second factor ----------------------------------------------------------------


def test_optional_user_without_device_passes_without_a_code(client, cell_secretary, members):
    response = password_login(client, "bithu_cntt")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/members/").status_code == 200
    api = APIClient()
    api.force_login(cell_secretary)
    assert api.get("/api/v1/members/").json()["count"] == 3
    html = client.get(reverse("account_security")).content.decode()
    assert f'href="{SETUP}"' in html


def test_optional_user_may_enrol_and_is_then_asked_for_the_code(client, cell_secretary, tree):
    password_login(client, "bithu_cntt")
    response = client.get(SETUP)
    assert response.status_code == 200
    assert "Not now" in response.content.decode()
    device = TOTPDevice.objects.get(user=cell_secretary)
    assert client.post(SETUP, {"code": code_for(device)}).status_code == 302
    client.post(reverse("logout"))
    password_login(client, "bithu_cntt")
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, f"{VERIFY}?next=/")


def test_an_unconfirmed_device_alone_does_not_ask_for_a_code(client, cell_secretary, tree):
    services.start_totp_enrolment(cell_secretary)
    password_login(client, "bithu_cntt")
    assert client.get("/").status_code == 200


# --- admin site ----------------------------------------------------------------------------


def test_admin_needs_a_verified_session(client, django_user_model, tree):
    admin = django_user_model.objects.create_superuser("quantri", password=PASSWORD)
    client.force_login(admin)
    response = client.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, f"{SETUP}?next=/admin/")
    confirmed_device(admin)
    response = client.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, f"{VERIFY}?next=/admin/")
    verified_login(client, admin)
    assert client.get("/admin/").status_code == 200


def test_admin_site_refuses_an_unverified_request(rf, django_user_model, db):
    from django.contrib import admin
    from django.contrib.sessions.backends.db import SessionStore

    user = django_user_model.objects.create_superuser("quantri")
    request = rf.get("/admin/")
    request.session = SessionStore()
    request.user = user
    user.is_verified = lambda: False
    assert admin.site.has_permission(request) is False
    user.is_verified = lambda: True
    assert admin.site.has_permission(request) is True


# --- reset_otp -----------------------------------------------------------------------------


def run_reset(*args):
    out = io.StringIO()
    call_command("reset_otp", *args, stdout=out)
    return out.getvalue()


def test_reset_otp_removes_the_devices(client, office, bk_secretary):
    confirmed_device(office)
    services.regenerate_backup_codes(office)
    services.start_totp_enrolment(office)
    confirmed_device(bk_secretary)
    verified_login(client, office)
    assert client.get("/").status_code == 200

    with translation.override("en"):
        out = run_reset("vanphong")
    assert out == (
        "Đã gỡ 3 thiết bị xác thực hai bước của vanphong; lần đăng nhập sau người dùng sẽ "
        "thiết lập lại.\n"
    )
    assert TOTPDevice.objects.filter(user=office).count() == 0
    assert StaticDevice.objects.filter(user=office).count() == 0
    assert StaticToken.objects.filter(device__user=office).count() == 0
    assert TOTPDevice.objects.filter(user=bk_secretary).count() == 1
    # the session verified by the removed device is verified no more: enrol again
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, f"{SETUP}?next=/")


def test_reset_otp_of_an_unknown_user(office):
    confirmed_device(office)
    with pytest.raises(CommandError) as error:
        run_reset("khong_co")
    assert str(error.value) == "Không có người dùng tên khong_co."
    assert TOTPDevice.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_every_step_outside_a_wrapping_transaction(client, office):
    """Enrolment, the code, a backup code, new codes and the reset each lock their device rows
    (select_for_update): on PostgreSQL that needs the services' own transactions."""
    password_login(client, "vanphong")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=office)
    assert client.post(SETUP, {"code": code_for(device)}).status_code == 302
    codes = client.session[BACKUP_CODES_SESSION_KEY]
    assert client.post(reverse("account_security")).status_code == 302
    new_codes = client.session[BACKUP_CODES_SESSION_KEY]
    assert set(new_codes).isdisjoint(codes)
    client.post(reverse("logout"))

    password_login(client, "vanphong")
    assert client.post(VERIFY, {"code": code_for(device, drift=1)}).status_code == 302
    assert is_verified(client)
    client.post(reverse("logout"))
    password_login(client, "vanphong")
    assert client.post(VERIFY, {"kind": "backup", "code": new_codes[0]}).status_code == 302
    assert StaticToken.objects.filter(device__user=office).count() == 9

    run_reset("vanphong")
    assert TOTPDevice.objects.filter(user=office).count() == 0
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, f"{SETUP}?next=/")


def test_a_fragment_request_sends_the_whole_page_to_the_step(client, office, tree):
    client.force_login(office)
    response = client.get("/organizations/DUK/children/", headers={"HX-Request": "true"})
    assert (response.status_code, response["HX-Redirect"]) == (200, SETUP)


def test_the_gate_costs_one_query(client, cell_secretary, office, tree, django_assert_num_queries):
    """An unverified session: one query decides (device? required?); a verified one: none
    beyond OTPMiddleware's loading of its device."""
    from coso.accounts.otp import pending_step

    for user, expected in ((cell_secretary, None), (office, "enrol")):
        fresh = type(user).objects.get(pk=user.pk)
        fresh.is_verified = lambda: False
        with django_assert_num_queries(1):
            assert pending_step(fresh) == expected
            assert pending_step(fresh) == expected  # cached for the request
    confirmed_device(cell_secretary)
    fresh = type(cell_secretary).objects.get(pk=cell_secretary.pk)
    fresh.is_verified = lambda: False
    with django_assert_num_queries(1):
        assert pending_step(fresh) == "verify"
    fresh = type(cell_secretary).objects.get(pk=cell_secretary.pk)
    fresh.is_verified = lambda: True
    with django_assert_num_queries(0):
        assert pending_step(fresh) is None


def test_admin_does_not_show_device_keys(client, django_user_model, tree):
    admin = django_user_model.objects.create_superuser("quantri", password=PASSWORD)
    device = confirmed_device(admin)
    verified_login(client, admin)
    response = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert device.key not in html and b32encode(device.bin_key).decode() not in html


def test_next_cannot_lead_off_the_site(client, office, tree):
    device = confirmed_device(office)
    password_login(client, "vanphong")
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert (response.status_code, response["Location"]) == (302, "/")
