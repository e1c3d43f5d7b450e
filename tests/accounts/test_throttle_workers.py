"""The login throttle holds across real worker processes: gunicorn -w 4, twenty simultaneous
guesses, exactly five passwords checked (with counters in each process's memory, 16 of 20
guesses were checked)."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

BIN = Path(sys.executable).parent
WRONG = "sai-mat-khau"
RIGHT = "mat-khau-that-dai-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(tmp_path) -> tuple[str, bool]:
    """The suite's own database when other processes can reach it (PostgreSQL: this test is
    outside a transaction), else a new SQLite file; (url, needs migrate)."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return (
            f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}",
            False,
        )
    return f"sqlite:///{tmp_path / 'coso.sqlite3'}", True


def request(url, data=None, cookie=""):
    body = urllib.parse.urlencode(data).encode() if data else None
    req = urllib.request.Request(url, data=body, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_guesses_on_four_workers_check_five_passwords(tmp_path):
    url, migrate = database_url(tmp_path)
    env = {
        **os.environ,
        "COSO_DATABASE_URL": url,
        "COSO_DATA_DIR": str(tmp_path),
        "COSO_SECRET_KEY": "k" * 60,
        "COSO_ALLOWED_HOSTS": "127.0.0.1",
        "COSO_DEBUG": "off",
        "DJANGO_SUPERUSER_PASSWORD": RIGHT,
    }
    coso = str(BIN / "coso")
    if migrate:
        subprocess.run([coso, "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [coso, "createsuperuser", "--noinput", "--username", "bithu", "--email", "b@x.vn"],
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "coso.wsgi", "-w", "4", "-b", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        login = f"http://127.0.0.1:{port}/login/"
        for _ in range(120):
            try:
                status, html, headers = request(login)
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200
        cookie = headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        results = []
        barrier = threading.Barrier(20)

        def guess():
            barrier.wait()
            data = {"csrfmiddlewaretoken": token, "username": "bithu", "password": WRONG}
            results.append(request(login, data, cookie)[:2])

        threads = [threading.Thread(target=guess) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with translation.override("vi"):
            incorrect = gettext(
                "The username or password is incorrect. Please check and try again."
            )
        assert len(results) == 20
        # five passwords checked (the last of them, or more if still in flight when the fifth
        # was counted, also says that the login is now locked); fifteen refused unchecked
        checked = [status for status, html in results if incorrect in html]
        assert len(checked) == 5 and 429 in checked
        assert [status for status, html in results if incorrect not in html] == [429] * 15
        data = {"csrfmiddlewaretoken": token, "username": "bithu", "password": RIGHT}
        status, html, _headers = request(login, data, cookie)
        assert status == 429
        assert incorrect not in html
    finally:
        server.terminate()
        server.wait(timeout=30)
