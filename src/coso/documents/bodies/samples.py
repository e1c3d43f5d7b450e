"""A sample document of each kind, built with a given body text: what the office previews while
editing, and what a text must render with before it is saved (every kind twice: with every
optional value given, and with them missing, so both sides of an ``{% if %}`` are read)."""

from __future__ import annotations

import datetime as dt

from coso.documents.bodies.kinds import BodyKind
from coso.documents.builders import (
    Person,
    Vote,
    admission_decision,
    cell_resolution,
    member_list,
    recognition_decision,
    transfer_letter,
)
from coso.documents.render.description import Authority, Body, Document, Signature

D = dt.date
ISSUER = Body("ĐẢNG ỦY TRƯỜNG ĐẠI HỌC MẪU", "ĐẢNG BỘ KHỐI MẪU", "ĐU")
SIGNER = Signature("BÍ THƯ", "Nguyễn Văn Mẫu", Authority.ON_BEHALF, "BAN THƯỜNG VỤ")
FULL = Person(
    "Nguyễn Văn An",
    D(1999, 3, 5),
    hometown="Xã Đông Hưng, tỉnh Thái Bình",
    card_number="01020304",
    admitted_on=D(2020, 5, 19),
    recognized_on=D(2021, 5, 19),
)
SPARSE = Person("Lê Thị Ánh", D(2003, 8, 2))
CELL = "Chi bộ Khoa Công nghệ thông tin"
DECIDING = "BAN THƯỜNG VỤ ĐẢNG ỦY TRƯỜNG ĐẠI HỌC MẪU"
COMMON = {"issuer": ISSUER, "signer": SIGNER, "place": "Hà Nội"}


def _transfer(body, full):
    return transfer_letter(
        **COMMON,
        body=body,
        issued_on=D(2026, 6, 3),
        member=FULL if full else SPARSE,
        from_organization=CELL,
        to_organization="Đảng ủy phường Hoàn Kiếm",
        hand_in_due=D(2026, 7, 3) if full else None,
        kind="permanent" if full else "temporary",
        probationary=not full,
        until=None if full else D(2026, 12, 31),
    )


def _admission(body, full):
    return admission_decision(
        **COMMON,
        body=body,
        decided_on=D(2026, 11, 20),
        candidate=FULL if full else SPARSE,
        cell=CELL,
        deciding_body=DECIDING,
        probation_months=12,
        basis=("Xét Nghị quyết số 03-NQ/CB ngày 05/11/2026 của chi bộ;",) if full else (),
    )


def _recognition(body, full):
    return recognition_decision(
        **COMMON,
        body=body,
        decided_on=D(2021, 6, 1),
        member=FULL if full else SPARSE,
        official_from=D(2021, 5, 19),
        cell=CELL,
        deciding_body=DECIDING,
        basis=("Xét đề nghị của chi bộ;",) if full else (),
    )


def _resolution(body, full):
    return cell_resolution(
        **COMMON,
        body=body,
        met_on=D(2026, 11, 5),
        cell=CELL,
        candidate=FULL if full else SPARSE,
        vote=Vote(
            official=6, probationary=1, present=7 if full else 5, votes_for=5, votes_against=1
        ),
        deciding_committee="Ban Thường vụ Đảng ủy Trường Đại học Mẫu",
    )


def _list(body, full):
    return member_list(
        **COMMON,
        body=body,
        organization=CELL,
        on=D(2026, 1, 1),
        members=(FULL, SPARSE) if full else (),
    )


BUILDERS = {
    BodyKind.TRANSFER_LETTER: _transfer,
    BodyKind.ADMISSION_DECISION: _admission,
    BodyKind.RECOGNITION_DECISION: _recognition,
    BodyKind.CELL_RESOLUTION: _resolution,
    BodyKind.MEMBER_LIST: _list,
}


def sample_document(kind: str, body: str | None = None, *, full: bool = True) -> Document:
    """The sample document of `kind` with `body` (None: the shipped default); a text that does
    not render refuses with the markup's `ValidationError`."""
    return BUILDERS[kind](body, full)


def check_body(kind: str, body: str) -> None:
    """Refuse (`ValidationError`) a text that does not render with both samples of `kind`."""
    for full in (True, False):
        sample_document(kind, body, full=full)
