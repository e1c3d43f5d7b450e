"""A cell's collection sheet for a month as a printable list (PDF, HD 36's layout through the
documents renderer): "DANH SÁCH THU ĐẢNG PHÍ", one row per member with the amount due, what is
recorded as paid and a column to sign, the totals, signed by the cell's secretary on the
roster (none: the person who prints it, as the list's maker). Not a registered document: its
number stays blank."""

from __future__ import annotations

import datetime as dt

from coso.committees.choices import Post
from coso.committees.queries import holder_on
from coso.core.text import format_count
from coso.documents.issuing import body_of
from coso.documents.render.description import (
    Authority,
    DocType,
    Document,
    Paragraph,
    Signature,
    Table,
)
from coso.documents.render.pdf import to_pdf
from coso.orgs.models import Organization

from .models import DuesMonth

SHEET = DocType("DS")
PLACE = "Hà Nội"


def _signature(org: Organization, day: dt.date, maker: str) -> Signature:
    holding = holder_on(org, Post.SECRETARY, day)
    if holding is not None:
        return Signature(
            post="BÍ THƯ", name=holding.member.full_name,
            authority=Authority.ON_BEHALF, on_behalf_of="CHI BỘ",
        )  # fmt: skip
    return Signature(post="NGƯỜI LẬP DANH SÁCH", name=maker)


def sheet_document(
    org: Organization, month: dt.date, rows: list[DuesMonth], *, day: dt.date, maker: str
) -> Document:
    """The description of the printed sheet (`rows`: `queries.sheet_rows`)."""
    table = Table(
        header=("STT", "Họ và tên", "Phải nộp (đ)", "Đã nộp (đ)", "Ký nhận"),
        rows=tuple(
            (
                str(i),
                r.member.full_name,
                format_count(r.due),
                format_count(r.paid) if r.paid else "",
                "",
            )
            for i, r in enumerate(rows, start=1)
        ),
        widths=(0.08, 0.4, 0.18, 0.18, 0.16),
    )
    due, paid = sum(r.due for r in rows), sum(r.paid for r in rows)
    return Document(
        body=body_of(org),
        doc_type=SHEET,
        date=day,
        place=PLACE,
        signature=_signature(org, day, maker),
        summary=f"thu đảng phí tháng {month.month:02d}/{month.year}",
        blocks=(
            table,
            Paragraph(
                f"Tổng cộng: {len(rows)} đảng viên; phải nộp {format_count(due)} đồng; "
                f"đã nộp {format_count(paid)} đồng.",
                bold=True,
            ),
        ),
    )


def sheet_pdf(org: Organization, month: dt.date, rows: list[DuesMonth], *, day, maker) -> bytes:
    return to_pdf(sheet_document(org, month, rows, day=day, maker=maker))
