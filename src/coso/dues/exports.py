"""The dues spreadsheets: a cell's collection sheet for a month, and a committee's summary by
child organization. Each reads its rows in the queries of the page it mirrors."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.utils.translation import gettext as _

from coso.core.sheets.writer import write_xlsx

from .choices import Channel, MonthRelief
from .queries import SummaryLine


def sheet_rows(rows) -> list[list]:
    channel = dict(Channel.choices)
    relief = dict(MonthRelief.choices)
    return [
        [
            i,
            r.member.full_name,
            r.due,
            r.paid,
            r.paid_on,
            str(channel.get(r.channel, "")),
            r.reference,
            str(relief.get(r.relief, "")) if r.relief else "",
            r.due - r.paid if r.paid < r.due else 0,
            r.excuse,
        ]
        for i, r in enumerate(rows, start=1)
    ]


def write_sheet(target: IO[bytes], rows, month: dt.date) -> int:
    columns = [
        (_("No."), 5), (_("Full name"), 28), (_("Due (đồng)"), 12), (_("Paid (đồng)"), 12),
        (_("Paid on"), 12), (_("Channel"), 20), (_("Portal reference"), 20), (_("Relief"), 12),
        (_("Owed (đồng)"), 12), (_("Reason for not paying"), 30),
    ]  # fmt: skip
    return write_xlsx(
        target,
        [c for c, _w in columns],
        sheet_rows(rows),
        sheet_name=f"{month.month:02d}-{month.year}",
        widths=[w for _c, w in columns],
    )


def summary_row(line: SummaryLine, label: str = "") -> list:
    org = line.organization
    return [
        label or org.code,
        "" if label else org.name,
        line.members,
        line.due,
        line.paid,
        line.arrears,
        line.months_unpaid,
        line.kept.get("cell", 0),
        line.kept.get("grassroots", 0),
        line.kept.get("above", 0),
    ]


def write_summary(target: IO[bytes], lines: list[SummaryLine], total: SummaryLine) -> int:
    columns = [
        (_("Organization code"), 18), (_("Organization name"), 40), (_("Members"), 10),
        (_("Due (đồng)"), 14), (_("Paid (đồng)"), 14), (_("Arrears (đồng)"), 14),
        (_("Months unpaid"), 10), (_("Kept by cells"), 14), (_("Kept by grassroots"), 14),
        (_("Passed above"), 14),
    ]  # fmt: skip
    rows = [summary_row(line) for line in lines]
    rows.append(summary_row(total, str(_("Total"))))
    return write_xlsx(
        target, [c for c, _w in columns], rows, sheet_name=str(_("Dues")),
        widths=[w for _c, w in columns],
    )  # fmt: skip
