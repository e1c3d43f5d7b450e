"""A month's payments read from a spreadsheet (the public-service portal's list, or a cell's own
sheet): a header row naming the columns (Vietnamese or English), then a row per payment. The
rows are handed to `services.load_payments`, which checks them all before writing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.core.sheets.reader import FileRefused, open_sheets
from coso.core.text import fold

from .choices import Channel
from .services import PaymentRow

#: folded header -> field
HEADERS = {
    "so the dang vien": "card_number",
    "party card number": "card_number",
    "so tien": "amount",
    "amount": "amount",
    "ngay nop": "paid_on",
    "paid on": "paid_on",
    "ma giao dich": "reference",
    "portal reference": "reference",
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    return None


def _amount(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(
            float(str(value).replace(".", "").replace(",", "")) if isinstance(value, str) else value
        )
    except (TypeError, ValueError):
        return -1


def read_payments(data: bytes, filename: str) -> list[PaymentRow]:
    """The rows of the file's first sheet; a file that cannot be read, or lacks the card
    number and the date columns, is refused."""
    try:
        sheets = open_sheets(data, filename)
    except FileRefused as error:
        raise ValidationError(error.message) from error
    for _name, rows, _check in sheets.sheets:
        return _rows(rows)
    raise ValidationError(sheets.empty)


def _rows(rows) -> list[PaymentRow]:
    columns: dict[str, int] = {}
    out, errors = [], []
    for number, cells in rows:
        if not columns:
            columns = {
                HEADERS[k]: i
                for i, c in enumerate(cells)
                if (k := fold(str(c or "")).strip()) in HEADERS
            }
            if {"card_number", "paid_on"} - set(columns):
                raise ValidationError(
                    _(
                        "The first row must name the columns: party card number, amount, paid on, portal reference."
                    )
                )
            continue

        def cell(name, cells=cells, columns=columns):
            i = columns.get(name)
            return cells[i] if i is not None and i < len(cells) else None

        card = str(cell("card_number") or "").strip()
        if not card:
            continue
        paid_on, reference = _date(cell("paid_on")), str(cell("reference") or "").strip()
        if paid_on is None:
            errors.append(_("Row %(line)d: the payment date is not a date.") % {"line": number})
            continue
        out.append(
            PaymentRow(
                line=number, card_number=card, amount=_amount(cell("amount")), paid_on=paid_on,
                channel=Channel.PORTAL if reference else Channel.CASH, reference=reference,
            )
        )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    return out
