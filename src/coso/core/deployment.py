"""Deployment settings from the environment: HTTPS, the reverse proxy, trusted origins.

Pure Python (no Django import): settings.py calls `deployment_settings` with os.environ, and
tests call it with the environment of a deployment. Variables (README's settings table):

- COSO_TLS=on: coso is served over HTTPS only. Cookies are marked Secure, plain-HTTP requests
  are redirected, and browsers are told by HSTS to use HTTPS only (COSO_HSTS_SECONDS, default
  one year; COSO_HSTS_SUBDOMAINS and COSO_HSTS_PRELOAD, default on: see docs/decisions.md).
- COSO_PROXY=on: coso is behind one reverse proxy (nginx) that sets X-Forwarded-Proto and
  X-Forwarded-For. Only then are those headers believed: the scheme of a request (so HTTPS
  behind the proxy is HTTPS to Django) and the client's address (login throttling).
- COSO_CSRF_TRUSTED_ORIGINS: origins allowed to POST forms, e.g. https://coso.example.vn;
  by default, with COSO_TLS, https://HOST for each host of COSO_ALLOWED_HOSTS.
"""

from __future__ import annotations

from collections.abc import Mapping

HSTS_ONE_YEAR = 365 * 24 * 3600


def _bool(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    return environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def trusted_origins(allowed_hosts: list[str]) -> list[str]:
    """https://HOST for each allowed host ("*" trusts nothing; ".example.vn" is every
    subdomain, as in ALLOWED_HOSTS)."""
    origins = []
    for host in allowed_hosts:
        if host == "*":
            continue
        origins.append(f"https://*{host}" if host.startswith(".") else f"https://{host}")
    return origins


def deployment_settings(environ: Mapping[str, str], allowed_hosts: list[str]) -> dict:
    tls = _bool(environ, "COSO_TLS")
    proxy = _bool(environ, "COSO_PROXY")
    values: dict = {"COSO_TLS": tls, "COSO_PROXY": proxy}
    if proxy:
        # the proxy overwrites X-Forwarded-Proto on every request (docs/deployment.md)
        values["SECURE_PROXY_SSL_HEADER"] = ("HTTP_X_FORWARDED_PROTO", "https")
    origins = environ.get("COSO_CSRF_TRUSTED_ORIGINS")
    if origins is not None:
        values["CSRF_TRUSTED_ORIGINS"] = _list(origins)
    elif tls:
        values["CSRF_TRUSTED_ORIGINS"] = trusted_origins(allowed_hosts)
    if tls:
        hsts = int(environ.get("COSO_HSTS_SECONDS", HSTS_ONE_YEAR))
        values.update(
            SESSION_COOKIE_SECURE=True,
            CSRF_COOKIE_SECURE=True,
            LANGUAGE_COOKIE_SECURE=True,
            SECURE_SSL_REDIRECT=True,
            SECURE_HSTS_SECONDS=hsts,
            SECURE_HSTS_INCLUDE_SUBDOMAINS=hsts > 0
            and _bool(environ, "COSO_HSTS_SUBDOMAINS", True),
            SECURE_HSTS_PRELOAD=hsts > 0 and _bool(environ, "COSO_HSTS_PRELOAD", True),
        )
    return values
