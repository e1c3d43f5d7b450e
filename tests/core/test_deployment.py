"""Deployment settings from the environment: HTTPS behind the proxy, `check --deploy` clean."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import Client
from django.urls import reverse

from coso.core.deployment import deployment_settings
from tests.helpers import PASSWORD

HOST = "coso.example.vn"
TLS_ENV = {"COSO_TLS": "on", "COSO_PROXY": "on"}


def test_nothing_changes_without_the_variables():
    assert deployment_settings({}, [HOST]) == {"COSO_TLS": False, "COSO_PROXY": False}


def test_tls_behind_the_proxy():
    assert deployment_settings(TLS_ENV, [HOST, ".dangbo.vn", "*"]) == {
        "COSO_TLS": True,
        "COSO_PROXY": True,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "CSRF_TRUSTED_ORIGINS": [f"https://{HOST}", "https://*.dangbo.vn"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
    }


def test_explicit_origins_and_hsts_choices():
    env = {
        "COSO_TLS": "on",
        "COSO_CSRF_TRUSTED_ORIGINS": "https://a.vn, https://b.vn:8443",
        "COSO_HSTS_SECONDS": "3600",
        "COSO_HSTS_PRELOAD": "off",
    }
    values = deployment_settings(env, [HOST])
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://a.vn", "https://b.vn:8443"]
    assert "SECURE_PROXY_SSL_HEADER" not in values
    assert (values["SECURE_HSTS_SECONDS"], values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]) == (3600, True)
    assert values["SECURE_HSTS_PRELOAD"] is False
    values = deployment_settings({"COSO_TLS": "on", "COSO_HSTS_SECONDS": "0"}, [HOST])
    assert (values["SECURE_HSTS_SECONDS"], values["SECURE_HSTS_PRELOAD"]) == (0, False)


def check_deploy(tmp_path, **env):
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("COSO_", "DJANGO_"))},
        "COSO_DATA_DIR": str(tmp_path),
        "COSO_SECRET_KEY": "x7Kq2vN9pLm4Rt8Wz3Yb6Hc1Jd5Fg0Sa-Ue2Io9Pk7Ql4Mn8Bv3Cx6Zt1Ry5Ew0",
        "COSO_DEBUG": "off",
        "COSO_ALLOWED_HOSTS": HOST,
        **env,
    }
    coso = str(Path(sys.executable).parent / "coso")
    return subprocess.run(
        [coso, "check", "--deploy", "--fail-level", "WARNING"],
        env=environ,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_the_tls_settings(tmp_path):
    result = check_deploy(tmp_path, **TLS_ENV)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_check_deploy_names_what_is_missing_without_them(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode == 1
    found = sorted(set(re.findall(r"security\.W\d+", result.stderr)))
    assert found == ["security.W004", "security.W008", "security.W012", "security.W016"]


def proxied(settings):
    """The settings of a deployment behind the TLS proxy, as the environment gives them."""
    settings.ALLOWED_HOSTS = [HOST]
    for name, value in deployment_settings(TLS_ENV, [HOST]).items():
        setattr(settings, name, value)
    return {"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https", "REMOTE_ADDR": "127.0.0.1"}


def test_login_through_the_proxy_succeeds(settings, personas):
    headers = proxied(settings)
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse("login"), **headers)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert client.cookies["csrftoken"]["secure"] is True
    response = client.post(
        reverse("login"),
        {"username": "bithu_cntt", "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        HTTP_ORIGIN=f"https://{HOST}",
        HTTP_REFERER=f"https://{HOST}/login/",
        **headers,
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.cookies["sessionid"]["secure"] is True
    assert client.get(reverse("home"), **headers).status_code == 200


def test_plain_http_is_redirected_to_https(settings, db):
    headers = proxied(settings)
    headers["HTTP_X_FORWARDED_PROTO"] = "http"
    response = Client().get(reverse("login"), **headers)
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/login/"


def test_a_post_from_another_origin_is_refused(settings, personas):
    headers = proxied(settings)
    client = Client(enforce_csrf_checks=True)
    html = client.get(reverse("login"), **headers).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("login"),
        {"username": "bithu_bk", "password": PASSWORD, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://evil.example",
        **headers,
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
