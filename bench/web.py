"""A browser's part in the load bench, over loopback: one connection with its cookies, the
POST forms of a page as a browser would submit them, and the login (password, then the code
of the user's second-factor app). The standard library only; Django is imported only for the
code of the second step.
"""

from __future__ import annotations

import http.client
from html.parser import HTMLParser
from urllib.parse import urlencode

TIMEOUT = 120  # seconds a request may take before it counts as an error


class Client:
    """One connection to the server (reopened when gunicorn closes it), with cookies."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None, token: str = ""):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.cookies = dict(cookies or {})
        self.token = token

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        """(status, headers, body bytes); on a broken connection one retry on a new one."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                if attempt == 2:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.headers.get("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, response.headers, data


class FormFields(HTMLParser):
    """The fields of the POST forms of a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({})
            return
        if not self.forms:
            return
        fields = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.forms[-1].setdefault(self._select, self._first_option or "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(html: str, having: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    for fields in parser.forms:
        if having in fields:
            return fields
    raise RuntimeError(f"no form with a {having!r} field")


#: the header of a form sent as a browser sends it
FORM_POST = {"Content-Type": "application/x-www-form-urlencoded"}


def post_form(client: Client, path: str, values: dict[str, str]) -> int:
    """GET the page at `path` for its CSRF token and POST `values` back with it, as the page's
    form would: the POST's status."""
    status, _headers, body = client.request("GET", path)
    assert status == 200, f"{path}: {status}"
    token = form_fields(body.decode(), "csrfmiddlewaretoken")["csrfmiddlewaretoken"]
    data = urlencode({"csrfmiddlewaretoken": token, **values})
    status, _headers, _body = client.request("POST", path, data.encode(), FORM_POST)
    return status


def login(port: int, username: str, password: str, otp_key: str = "") -> dict[str, str]:
    """The cookies of a session logged in through the login form (GET it for the CSRF token,
    POST the credentials), then, for an office user, through the second step: the code page
    with the code the user's app would show (`otp_key`, the hex key of its TOTP device). The one
    place that knows how to log in."""
    client = Client(port)
    status = post_form(client, "/login/", {"username": username, "password": password})
    assert status == 302 and "sessionid" in client.cookies, f"login refused: {status}"
    if otp_key:  # the next page would send the session to the code page
        from django_otp.oath import totp  # Django's side, only for an office user

        code = f"{totp(bytes.fromhex(otp_key)):06d}"
        status = post_form(client, "/login/code/", {"code": code})
        assert status == 302, f"code refused: {status}"
    return client.cookies
