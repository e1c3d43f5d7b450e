"""Shared fixtures: a small tree and the three personas (bloc office, grassroots secretary, cell secretary).

Tree:
    DUK  (superior)            — office: staff role here (reaches everything)
    ├── DUK-BK (grassroots committee) — bk_secretary: secretary here
    │   ├── DUK-BK-CNTT (cell)          — cell_secretary: secretary here
    │   └── DUK-BK-CK   (cell)
    └── DUK-KT (grassroots cell)
"""

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

from coso.accounts.services import add_user
from coso.orgs import services as org_services
from tests.helpers import PASSWORD, make_member, verified_login


@pytest.fixture
def tree(db):
    d = dt.date(2015, 1, 1)
    duk = org_services.create_organization(
        None,
        code="DUK",
        name="Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội",
        kind="superior",
        established_on=d,
    )
    bk = org_services.create_organization(
        duk,
        code="DUK-BK",
        name="Đảng bộ Trường Đại học Bách khoa Hà Nội",
        kind="grassroots_committee",
        established_on=d,
    )
    cntt = org_services.create_organization(
        bk,
        code="DUK-BK-CNTT",
        name="Chi bộ Khoa Công nghệ thông tin",
        kind="cell",
        established_on=d,
    )
    ck = org_services.create_organization(
        bk, code="DUK-BK-CK", name="Chi bộ Khoa Cơ khí", kind="cell", established_on=d
    )
    kt = org_services.create_organization(
        duk,
        code="DUK-KT",
        name="Chi bộ Trường Cao đẳng Kinh tế",
        kind="grassroots_cell",
        established_on=d,
    )
    return {"DUK": duk, "DUK-BK": bk, "DUK-BK-CNTT": cntt, "DUK-BK-CK": ck, "DUK-KT": kt}


@pytest.fixture
def members(tree):
    """Three members in CNTT, two in CK, two in KT (names chosen to test Vietnamese order)."""
    return {
        "an": make_member(tree["DUK-BK-CNTT"], "An"),
        "duc": make_member(tree["DUK-BK-CNTT"], "Đức", family="Trần", middle="Minh"),
        "hoa": make_member(tree["DUK-BK-CNTT"], "Hoa", middle="Thị", sex="female"),
        "binh": make_member(tree["DUK-BK-CK"], "Bình", family="Lê"),
        "anh": make_member(tree["DUK-BK-CK"], "Ánh", family="Phạm", middle="Thị", sex="female"),
        "dung": make_member(tree["DUK-KT"], "Dũng", family="Hoàng"),
        "an2": make_member(tree["DUK-KT"], "Ân", family="Vũ"),
    }


@pytest.fixture
def office(tree):
    return add_user("vanphong", organization=tree["DUK"], role="staff", password=PASSWORD)


@pytest.fixture
def bk_secretary(tree):
    return add_user("bithu_bk", organization=tree["DUK-BK"], role="secretary", password=PASSWORD)


@pytest.fixture
def cell_secretary(tree):
    return add_user(
        "bithu_cntt", organization=tree["DUK-BK-CNTT"], role="secretary", password=PASSWORD
    )


@pytest.fixture
def personas(office, bk_secretary, cell_secretary):
    return {"office": office, "bk_secretary": bk_secretary, "cell_secretary": cell_secretary}


@pytest.fixture
def login(client):
    """`login(user)`: the test client logged in as `user` (second factor passed if needed,
    see `verified_login`), its pages in English (messages are asserted by msgid)."""

    def login_as(user):
        verified_login(client, user)
        client.cookies["django_language"] = "en"
        return client

    return login_as


@pytest.fixture
def write_file(tmp_path):
    """`write(name, bytes)` puts a file in the test's own folder and returns its path."""

    def write(name, data):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """A rolled-back DaySwap sends no post_delete: clear the cached calendar around each test."""
    from coso.core.calendar import clear_calendar_cache

    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Argon2 is deliberately slow; tests only need a working hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached figures (login throttling, today's counts) must not leak from test to test.

    The database cache (settings.CACHES) needs none of this: its rows go with each test's
    rollback or flush, and a test without the database cannot reach it. Memory caches (a test
    that configures one) are cleared here."""
    from django.core.cache import caches
    from django.core.cache.backends.db import BaseDatabaseCache

    memory = [c for c in caches.all() if not isinstance(c, BaseDatabaseCache)]
    for c in memory:
        c.clear()
    yield
    for c in memory:
        c.clear()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite's test database is a file, as the deployed one is, not Django's shared-cache
    memory database: there a second connection that writes gets "database table is locked" at
    once instead of queueing behind the first (BEGIN IMMEDIATE with a busy timeout), so
    concurrent requests (tests/core/test_concurrent_writes.py) could not be tested on SQLite."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(tempfile.gettempdir()) / f"coso-test-{os.getpid()}.sqlite3"
        db.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True)
def _reads_on_the_primary(request, settings):
    """With COSO_REPLICA_URL (.ci/run's PostgreSQL run) settings route heavy reads to the
    replica; only the tests marked `replica` keep that router (tests/core/test_replica.py).
    The others read the primary: their rows are in a transaction the replica never sees."""
    if getattr(settings, "DATABASE_ROUTERS", None) and "replica" not in request.keywords:
        settings.DATABASE_ROUTERS = []
