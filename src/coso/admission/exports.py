"""The admission lists as Excel sheets: the candidate list and the board, each exactly what the
page shows with its filters (the page's queryset, already scoped), every page of it.

A fixed number of queries: the rows in chunks with their cells, and the cells' parents once per
chunk (`attach_parent_names`).
"""

from __future__ import annotations

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.paging import in_chunks
from coso.core.sheets.writer import write_xlsx
from coso.core.views import xlsx_download
from coso.orgs.models import attach_parent_names

#: rows read at a time (each chunk: one query, and one for its cells' parents)
CHUNK = 2000


def candidate_export(candidates) -> FileResponse:
    """The filtered candidate list (`CandidateFilter(...).qs`, with its cells) as .xlsx."""
    today = timezone.localdate()
    headers = [
        _("Full name"), _("Date of birth"), _("Cell code"), _("Cell"), _("Under"), _("Status"),
        _("Next step"), _("Deadline"), _("Overdue"),
    ]  # fmt: skip
    yes = _("Yes")

    def rows():
        for chunk in in_chunks(candidates, CHUNK):
            attach_parent_names(c.cell for c in chunk)
            for c in chunk:
                yield (
                    c.full_name, c.birth_date, c.cell.code, c.cell.name, c.cell.parent_name,
                    c.get_status_display(), c.next_step_label, c.due_on,
                    yes if c.is_overdue else "",
                )  # fmt: skip

    return xlsx_download(
        lambda f: write_xlsx(
            f,
            headers,
            rows(),
            sheet_name=_("Candidates")[:31],
            widths=[28, 12, 18, 36, 36, 16, 30, 12, 10],
        ),  # fmt: skip
        f"quan-chung-{today:%Y%m%d}.xlsx",
    )


def board_export(rows: list[dict], columns: list[dict], totals: list[dict]) -> FileResponse:
    """The board (`boards.board_rows`): a row per cell with its candidates waiting at each
    step (and how many of them are overdue), then the totals."""
    today = timezone.localdate()
    headers = [_("Cell code"), _("Cell"), _("Under")]
    for col in columns:
        headers += [str(col["label"]), _("%(step)s: overdue") % {"step": col["label"]}]
    headers += [_("Total"), _("Overdue")]

    def lines():
        for row in rows:
            cell = row["cell"]
            counts = [n for c in row["cells"] for n in (c["count"], c["overdue"])]
            yield (cell.code, cell.name, row["parent_name"], *counts, row["total"], row["overdue"])
        counts = [n for c in totals for n in (c["count"], c["overdue"])]
        total = sum(c["count"] for c in totals)
        late = sum(c["overdue"] for c in totals)
        yield ("", _("All cells"), "", *counts, total, late)

    return xlsx_download(
        lambda f: write_xlsx(f, headers, lines(), sheet_name=_("Admission")[:31]),
        f"ket-nap-{today:%Y%m%d}.xlsx",
    )
