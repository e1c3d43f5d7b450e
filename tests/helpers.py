"""The tests' shared pieces, plain functions: one `snapshot()` of the database and one
`refused()` (a refusal changes nothing), logged-in clients, and the builders of members,
candidates and import files that several test modules use. Fixtures live in the conftest files;
test modules import from here, never from each other."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import subprocess
import threading
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import django_otp
import pytest
import xlsxwriter
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Model
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from coso.accounts.otp import otp_required
from coso.admission import services as admission_services
from coso.admission.choices import Step
from coso.admission.models import STEPS
from coso.core.dates import add_months
from coso.imports.columns import export_keys, template_headers
from coso.imports.services import import_members
from coso.members import services as member_services
from coso.members.choices import EventKind, MemberStatus, TransferKind
from coso.members.models import Member
from coso.members.services import statuses, transfers

PASSWORD = "mat-khau-thu-nghiem-1"
D = dt.date
_seq = itertools.count(1)

# --- one snapshot, one refusal ----------------------------------------------------------------

#: models whose rows are not data: a cache that reading pages fills
#: bookkeeping, not data: the cache, and the change stamps triggers replace on any write (a
#: login's last_login too)
NOT_DATA = {"core.CacheEntry", "core.ChangeStamp"}


class Snapshot(dict):
    """Every row of every coso model and of its history, by model label, each table by pk."""

    def row(self, obj: Model) -> dict:
        """`obj`'s row as it was."""
        rows = self[obj._meta.label]
        return next(row for row in rows if row[obj._meta.pk.attname] == obj.pk)


def data_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("coso.") and model._meta.label not in NOT_DATA
    ]


def snapshot(**only: tuple[type[Model], Sequence[str]]) -> dict:
    """With no argument, every row of every coso model (history included), to show that a
    refused step or request changed nothing: `assert snapshot() == before`.

    With `name=(Model, fields)`: those fields (lookups across relations allowed) of every row of
    each model, sorted, without their pks, to compare the same data made twice."""
    if only:
        return {
            name: sorted(model._base_manager.values_list(*fields), key=str)
            for name, (model, fields) in only.items()
        }
    return Snapshot(
        (model._meta.label, list(model._base_manager.order_by("pk").values()))
        for model in data_models()
    )


class Refusal(dict):
    """What a refusal said: its messages by field ('__all__' for none); `text` holds them all
    (or the page that showed them), `response` the refusing response, if any."""

    text = ""
    response = None


def refusal_of(error: Exception) -> Refusal:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            result = Refusal({k: [str(m) for m in v] for k, v in error.message_dict.items()})
        else:
            result = Refusal({"__all__": error.messages})
        result.text = " ".join(error.messages)
    else:
        message = getattr(error, "message", str(error))
        result = Refusal({"__all__": [message]})
        result.text = message
    return result


def refused(
    call: Callable[[], object],
    *fragments: str,
    field: str | None = None,
    raises: type[Exception] = ValidationError,
    status: int | None = None,
) -> Refusal:
    """Run `call()` (no arguments), check that it was refused and that no row changed.

    A step: `call()` must raise `raises`. A request (`status` given): `call()` returns the
    response, which must have that status. Every fragment must be in what the refusal said (the
    page, for a request), and `field`, if given, among the fields it named."""
    before = snapshot()
    if status is None:
        with pytest.raises(raises) as info:
            call()
        result = refusal_of(info.value)
    else:
        response = call()
        assert response.status_code == status, response.status_code
        result = Refusal()
        result.text, result.response = response.content.decode(), response
    for fragment in fragments:
        assert fragment in result.text, result.text
    if field is not None:
        assert field in result, dict(result)
    assert snapshot() == before
    return result


# --- people and logged-in clients -------------------------------------------------------------


def make_member(org, given, family="Nguyễn", middle="Văn", **extra):
    seq = make_member.seq = getattr(make_member, "seq", 0) + 1
    data = {
        "family_name": family,
        "middle_name": middle,
        "given_name": given,
        "sex": "male",
        "birth_date": dt.date(1985, 1, 1),
        "admitted_on": dt.date(2010, 5, 19),
        "recognized_on": dt.date(2011, 5, 19),
        "cccd": f"{1000000000 + seq * 7919:012d}",
    }
    status = extra.pop("status", "official")
    active_from = extra.pop("active_from", dt.date(2015, 1, 1))
    data.update(extra)
    return member_services.register_member(
        data, organization=org, active_from=active_from, status=status
    )


def verified_login(client, user):
    """`client.force_login(user)`, and for a user who has or must have a second factor the
    second step too: their confirmed app device (made if they have none) is recorded as the
    session's verifying device by `django_otp.login`, as the code page does after a right code.
    The gate itself stays on: tests/accounts/test_otp.py goes through the code and enrolment
    pages."""
    client.force_login(user)
    if otp_required(user) or user_has_device(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        request = RequestFactory().get("/")
        request.user = user
        request.session = client.session
        django_otp.login(request, device)
        request.session.save()
    return client


def client_for(user, *, language: str = "en") -> APIClient:
    """An API client logged in (session) as `user`.

    A session (not force_authenticate) loads a fresh user object on every request, as in
    production, so per-user caches do not make a second request cheaper than the first.
    English is asked for so assertions on messages are stable whatever the .mo files hold.
    """
    client = APIClient()
    client.cookies["django_language"] = language
    if user is not None:
        verified_login(client, user)
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def concurrent_posts(user, url: str, data: dict, n: int = 20, *, json: bool = True) -> list:
    """POST `data` to `url` from `n` threads at once, each with its own client and database
    connection, released together by a barrier. Returns (status, body) sorted by status; the
    body is the JSON answer, or the page's text."""
    barrier = threading.Barrier(n)

    def one(_):
        try:
            client = Client()
            client.cookies["django_language"] = "en"
            verified_login(client, user)
            barrier.wait(timeout=60)
            if json:
                response = client.post(url, data, content_type="application/json")
                return response.status_code, response.json()
            response = client.post(url, data)
            return response.status_code, response.content.decode()
        finally:
            connections.close_all()

    verified_login(Client(), user)  # makes the user's device once, before the threads
    with ThreadPoolExecutor(n) as pool:
        return sorted(pool.map(one, range(n)), key=lambda answer: answer[0])


# --- import files ----------------------------------------------------------------------------


def headers_vi():
    with translation.override("vi"):
        return template_headers()


def member_row(n, org="DUK-BK-CNTT", **over):
    """One row in the template's layout (dict by import key, turned into a list)."""
    values = {
        "number": n,
        "full_name": f"Nguyễn Văn Mới {n}",
        "sex": "Nam",
        "birth_date": "15/03/1990",
        "ethnicity": "Kinh",
        "religion": "Không",
        "cccd": f"0010900{n:05d}",
        "party_card_number": f"7{n:07d}",
        "admitted_on": "19/05/2015",
        "recognized_on": "19/05/2016",
        "organization_code": org,
        "status": "Chính thức",
    }
    values.update(over)
    return values


def as_rows(dicts):
    keys = ["number", *export_keys()]
    return [[d.get(k, "") for k in keys] for d in dicts]


def xlsx_bytes(rows, headers=None, *, sheets=None, merge=None, first_sheet_empty=False):
    """An .xlsx made with xlsxwriter: `rows` of cells under `headers` (default: the template's)."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    if first_sheet_empty:
        wb.add_worksheet("Ghi chú")
    ws = wb.add_worksheet("Đảng viên")
    headers = headers_vi() if headers is None else headers
    for c, h in enumerate(headers):
        ws.write_string(0, c, h)
    if merge:
        ws.merge_range(*merge)
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, v, date_format)
            elif isinstance(v, int | float):
                ws.write_number(r, c, v)
            elif v != "":
                ws.write_string(r, c, str(v))
    wb.close()
    return out.getvalue()


def csv_bytes(rows, headers=None):
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(headers_vi() if headers is None else headers)
    w.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def upload(client, data, name="ds.xlsx", **extra):
    f = io.BytesIO(data)
    f.name = name
    return client.post(reverse("import_home"), {"file": f, **extra})


def importing(write_file, name, data, **kwargs):
    """The import of `data` saved as the file `name`, as a call to hand to `refused()`."""
    path = write_file(name, data)
    return lambda: import_members(path, filename=name, **kwargs)


# --- candidates -------------------------------------------------------------------------------


#: the legal basis an admission step records under each set of rules
BASIS_2021 = "Điều lệ Đảng; QĐ 24-QĐ/TW (30/7/2021); HD 01-HD/TW (28/9/2021)"
BASIS_2025 = "Điều lệ Đảng; QĐ 294-QĐ/TW (26/5/2025); HD 06-HD/TW (9/6/2025)"


def candidate_data(**extra) -> dict:
    data = {
        "family_name": "Lê",
        "middle_name": "Thị",
        "given_name": "Mai",
        "sex": "female",
        "birth_date": D(2000, 3, 15),
        "cccd": f"0011000{next(_seq):05d}",
        "education_general": "upper_secondary",
        "source": "staff",
        "occupation": "Giảng viên",
    }
    data.update(extra)
    return data


def happy_kwargs(step: str, members: dict, tree: dict) -> dict:
    """The happy path's arguments of each step's service."""
    return {
        Step.AWARENESS_COURSE: {"date": D(2023, 3, 10), "certificate_number": "123-CN/TTCT"},
        Step.APPLICATION: {"date": D(2023, 4, 3)},
        Step.PERSONAL_HISTORY: {"date": D(2023, 4, 10)},
        Step.BACKGROUND_CHECK: {"date": D(2023, 5, 15), "document_number": "12-BC/CB"},
        Step.INTRODUCTION: {
            "date": D(2023, 6, 1),
            "introducers": [(members["an"], D(2021, 9, 1)), (members["duc"], D(2022, 1, 15))],
        },
        Step.COMMENTS: {"date": D(2023, 6, 20), "residence_comment_on": D(2023, 6, 25)},
        Step.CELL_RESOLUTION: {
            "date": D(2023, 7, 5),
            "votes_for": 3,
            "votes_against": 0,
            "document_number": "05-NQ/CB",
        },
        Step.DECISION: {
            "deciding_organization": tree["DUK"],
            "date": D(2023, 8, 15),
            "document_number": "1234-QĐ/ĐUK",
            "received_on": D(2023, 8, 18),
        },
        Step.CEREMONY: {"date": D(2023, 9, 8)},
    }[step]


def advance(candidate, through: str, members: dict, tree: dict, actor=None, **overrides):
    """Record the happy path's steps after the candidate's last one, up to ``through``.

    ``overrides`` maps a step to the arguments that replace the happy path's.
    """
    start = STEPS.index(candidate.step) + 1 if candidate.step else 0
    result = None
    for step in STEPS[start : STEPS.index(through) + 1]:
        kwargs = {**happy_kwargs(step, members, tree), **overrides.get(step, {})}
        result = admission_services.STEP_SERVICES[step](candidate, actor=actor, **kwargs)
        candidate.refresh_from_db()
    return result


def probationary_member(org, given, *, family="Nguyễn", admitted_on: dt.date):
    """A probationary member admitted (event ADMITTED) on ``admitted_on``."""
    return member_services.register_member(
        {
            "family_name": family,
            "middle_name": "Thị",
            "given_name": given,
            "sex": "female",
            "birth_date": D(1999, 2, 1),
            "cccd": f"0011990{next(_seq):05d}",
            "admitted_on": admitted_on,
        },
        organization=org,
        active_from=admitted_on,
        status="probationary",
        event_kind="admitted",
        document_number="1-QĐ/ĐUK",
    )


# --- member pages: who sees whom -----------------------------------------------------------------

ALL_NAMES = [
    "Nguyễn Văn An",
    "Phạm Thị Ánh",
    "Vũ Văn Ân",
    "Lê Văn Bình",
    "Hoàng Văn Dũng",
    "Trần Minh Đức",
    "Nguyễn Thị Hoa",
]
#: persona -> (names they see, in Vietnamese order; the key of a member outside their scope)
SCOPE = {
    "office": (ALL_NAMES, "outsider"),
    "bk_secretary": (
        ["Nguyễn Văn An", "Phạm Thị Ánh", "Lê Văn Bình", "Trần Minh Đức", "Nguyễn Thị Hoa"],
        "dung",
    ),
    "cell_secretary": (["Nguyễn Văn An", "Trần Minh Đức", "Nguyễn Thị Hoa"], "binh"),
}
#: persona -> a member in scope, and an organization code they manage
OWN = {
    "office": ("dung", "DUK-KT"),
    "bk_secretary": ("binh", "DUK-BK-CK"),
    "cell_secretary": ("an", "DUK-BK-CNTT"),
}
PERSONAS = list(SCOPE)


def listed_names(response) -> list[str]:
    return [m.full_name for m in response.context["page"].object_list]


# --- the exact messages of the value rules (core/validators.py) -------------------------------

PHONE_ABC = (
    "abc is not a Vietnamese phone number: 10 digits starting with 0 (11 for a landline "
    "starting with 02), or +84 followed by the number without its first 0."
)


def invisible(code: str) -> str:
    """The refusal of a text holding the invisible character `code` (e.g. "U+200B")."""
    return (
        f"This text contains an invisible or text-direction control character ({code}), "
        "usually pasted from another document; type it again without it."
    )


# --- member forms and API payloads ------------------------------------------------------------


def member_post_data(member: Member, **changes) -> dict:
    """The edit form's fields as the browser sends them back for `member`, plus `changes`."""
    data = {}
    for name in member_services.EDITABLE_FIELDS:
        value = getattr(member, name)
        if isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        data[name] = "" if value is None else value
    data["version"] = member.version
    data.update(changes)
    return data


def new_member_data(organization: str, **changes) -> dict:
    data = {
        "organization": organization,
        "status": "official",
        "active_from": "",
        "family_name": "Đặng",
        "middle_name": "Thị Ngọc",
        "given_name": "Lan",
        "sex": "female",
        "birth_date": "08/03/1990",
        "ethnicity": "Kinh",
        "religion": "Không",
        "cccd": "001190000123",
        "admitted_on": "03/02/2015",
        "recognized_on": "03/02/2016",
        "party_card_number": "",
    }
    data.update(changes)
    return data


def new_member(**extra) -> dict:
    data = {
        "family_name": "Đỗ",
        "middle_name": "Thị",
        "given_name": "Mai",
        "sex": "female",
        "birth_date": "1990-03-08",
        "admitted_on": "2012-05-19",
        "recognized_on": "2013-05-19",
        "cccd": "001190012345",
        "organization": "DUK-BK-CNTT",
    }
    data.update(extra)
    return data


# --- lifecycle: a scenario with every kind of to-do item -----------------------------------------


COMPLETE = {
    "hometown": "Hà Nội",
    "permanent_address": "Hà Nội",
    "current_address": "Hà Nội",
    "education_general": "12/12",
}


def complete(member):
    member.refresh_from_db()
    return member_services.update_member(member, COMPLETE, expected_version=member.version)


def scenario(tree, members, *, n=1, tag=""):
    """Items of every kind; `n` > 1 adds more of each (for the query-count test)."""
    today = timezone.localdate()
    for m in members.values():
        complete(m)
    created = []
    for i in range(n):

        def new(org, given, i=i):
            return make_member(org, f"{given}{tag}{i}", **COMPLETE)

        probationer = member_services.register_member(
            {
                "family_name": "Lê",
                "middle_name": "Thị",
                "given_name": f"Lan{tag}{i}",
                "sex": "female",
                "birth_date": D(2000, 1, 1),
                "admitted_on": today - dt.timedelta(days=420),
                "cccd": f"0010{len(tag)}{i:07d}",
                **COMPLETE,
            },
            organization=tree["DUK-BK-CNTT"],
            active_from=today - dt.timedelta(days=420),
            status=MemberStatus.PROBATIONARY,
            event_kind=EventKind.ADMITTED,
        )
        letter_member = members["binh"] if i == 0 and not tag else new(tree["DUK-BK-CK"], "Bảo")
        transfers.issue_transfer(
            letter_member,
            kind=TransferKind.PERMANENT,
            to=tree["DUK-KT"],
            letter_number=f"1{i}-GT",
            issued_on=today - dt.timedelta(days=70),
        )
        temp_member = members["dung"] if i == 0 and not tag else new(tree["DUK-KT"], "Cường")
        temp = transfers.issue_transfer(
            temp_member,
            kind=TransferKind.TEMPORARY,
            to=tree["DUK-BK-CK"],
            letter_number=f"2{i}-GT",
            issued_on=today - dt.timedelta(days=100),
            until=today + dt.timedelta(days=10),
        )
        transfers.receive_transfer(temp, received_on=today - dt.timedelta(days=95))
        grad = members["hoa"] if i == 0 and not tag else new(tree["DUK-BK-CNTT"], "Giang")
        statuses.start_graduate_hold(grad, graduated_on=add_months(today, -11) - dt.timedelta(3))
        abroad = members["anh"] if i == 0 and not tag else new(tree["DUK-BK-CK"], "Hải")
        statuses.record_abroad(
            abroad,
            purpose="work",
            country="Đức",
            valid_from=today - dt.timedelta(days=400),
            valid_to=today - dt.timedelta(days=5),
        )
        liaison_member = members["duc"] if i == 0 and not tag else new(tree["DUK-BK-CNTT"], "Khoa")
        statuses.introduce_to_residence(
            liaison_member,
            introduced_on=today - dt.timedelta(days=800),
            residence_cell="Chi bộ tổ dân phố 3",
        )
        incomplete = members["an2"] if i == 0 and not tag else new(tree["DUK-KT"], "Minh")
        incomplete.refresh_from_db()
        member_services.update_member(
            incomplete, {"hometown": ""}, expected_version=incomplete.version
        )
        created.append(probationer)
    return created


def queries(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def pdf_text(data: bytes, *, layout: bool = True, squeeze: bool = False) -> str:
    """The text of a PDF as poppler's pdftotext reads it, in NFC: its layout kept (`layout`),
    or as read line by line; `squeeze` makes it one line, words apart by one space."""
    args = ["-layout"] if layout else []
    done = subprocess.run(
        ["pdftotext", *args, "-", "-"], input=data, capture_output=True, check=True
    )
    text = unicodedata.normalize("NFC", done.stdout.decode())
    return " ".join(text.split()) if squeeze else text


def plan_of(queryset, *, ordered: bool = False) -> str:
    """The database's plan for `queryset`: SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN
    with sequential scans forbidden (on a test's few rows one is cheaper: forbidding it shows
    whether an index matches the query's condition at all). `ordered` (PostgreSQL): nor bitmap
    scans and sorts, so the rows must come in order from an index (on a tiny table the status
    index and a sort may otherwise cost less)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(row[3] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")
        if ordered:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_sort")
        return plan
