"""The reports' spreadsheets: one report's statistics in the HD 11-HD/BTCTW layout (the rows of
the form: number, item, count), and a superior's consolidated table (an organization a row,
the HD 11 figures in columns, the total last)."""

from __future__ import annotations

from typing import IO

from coso.core.sheets.writer import write_xlsx

from ..documents import MOVEMENT_ROWS, movement_values
from ..queries.reports import Overview

#: the consolidated table's columns: the HD 11 rows that hold a figure, in the form's order
COLUMNS = [(no, label, name) for no, label, name in MOVEMENT_ROWS if name]


def write_statistics(out: IO[bytes], figures: dict[str, int]) -> int:
    """One report's HD 11 table: "TT", "Chỉ tiêu", "Số lượng" (numbers as numbers)."""
    rows = [(no, label, int(value.replace(".", ""))) for no, label, value in
            movement_values(figures)]  # fmt: skip
    return write_xlsx(out, ("TT", "Chỉ tiêu", "Số lượng"), rows, sheet_name="HD 11",
                      widths=(6, 40, 12))  # fmt: skip


def write_overview(out: IO[bytes], view: Overview) -> int:
    """The consolidated table of a period: an owing organization a row (code, name, state of
    its report, days late, its figures), the total last."""
    headers = ["Mã", "Tổ chức đảng", "Tình trạng", "Số ngày chậm"]
    headers += [f"{no}. {label}" for no, label, _name in COLUMNS]
    rows = [
        [r.organization.code, r.organization.name, r.status_label, r.late_days]
        + [r.figures[name] for _no, _label, name in COLUMNS]
        for r in view.rows
    ]
    rows.append(["", "Tổng cộng", "", None] + [view.total[name] for _n, _l, name in COLUMNS])
    return write_xlsx(out, headers, rows, sheet_name="Tổng hợp",
                      widths=[14, 40, 16, 10] + [12] * len(COLUMNS))  # fmt: skip
