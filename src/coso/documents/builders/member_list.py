"""The member list of an organization on a date: a table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from coso.documents.bodies.kinds import BodyKind
from coso.documents.builders.common import Person, day, from_template
from coso.documents.render.description import Body, DocType, Document, Signature, Table

LIST = DocType("DS", "DANH SÁCH ĐẢNG VIÊN")
HEADER = ("TT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ")
WIDTHS = (0.6, 3.2, 1.6, 1.6, 1.6, 1.4)


def member_list(
    *,
    issuer: Body,
    signer: Signature,
    organization: str,
    on: dt.date,
    members: Iterable[Person],
    place: str,
    made_on: dt.date | None = None,
    number: int | None = None,
    body: str | None = None,
) -> Document:
    """The members of `organization` on `on`, in the order given (the caller sorts); `body`
    the body's template text (None: the shipped default), the table where it says [BẢNG]."""
    rows = tuple(
        (
            str(n),
            m.name,
            day(m.birth_date),
            day(m.admitted_on),
            day(m.recognized_on) if m.recognized_on else "dự bị",
            m.card_number,
        )
        for n, m in enumerate(members, 1)
    )
    return from_template(
        BodyKind.MEMBER_LIST,
        body,
        {"organization": organization, "on": day(on), "count": len(rows)},
        table=Table(HEADER, rows, WIDTHS),
        body=issuer,
        doc_type=LIST,
        number=number,
        date=made_on or on,
        place=place,
        summary=f"{organization} tại ngày {day(on)}",
        signature=signer,
    )
