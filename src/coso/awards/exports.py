"""The awards lists as Excel sheets: what the page shows with its filters, every page of it."""

from __future__ import annotations

import datetime as dt
from itertools import islice
from typing import IO

from django.http import FileResponse
from django.utils.translation import gettext as _

from coso.core.paging import in_chunks
from coso.core.sheets.writer import write_xlsx
from coso.core.views import xlsx_download

from .queries import due_rows

CHUNK = 2000


def _batches(rows, size: int):
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def _download(headers, rows, sheet: str, widths, filename: str) -> FileResponse:
    return xlsx_download(
        lambda f: write_xlsx(f, headers, rows, sheet_name=sheet[:31], widths=widths), filename
    )


def due_filename(occasion: dt.date) -> str:
    return f"huy-hieu-den-han-{occasion:%Y%m%d}.xlsx"


def write_due(target: IO[bytes], members, occasion: dt.date) -> None:
    """The members due a badge on `occasion`, with the badge and its date, as an .xlsx."""
    headers = [_("Member"), _("Organization"), _("Date of birth"), _("Admission date"),
               _("Badge (years)"), _("Due on"), _("Occasion")]  # fmt: skip

    def rows():
        # one query for the members (not one a slice: the due condition is the costly part),
        # their badges and events a batch at a time
        for chunk in _batches(members.iterator(chunk_size=CHUNK), CHUNK):
            for r in due_rows(chunk, occasion):
                m = r.member
                yield (m.full_name, m.organization.name, m.birth_date, m.admitted_on, r.years,
                       r.due_on, occasion)  # fmt: skip

    write_xlsx(target, headers, rows(), sheet_name=_("Badges due"),
               widths=[28, 36, 12, 12, 10, 12, 12])  # fmt: skip


def badge_export(badges) -> FileResponse:
    headers = [_("Member"), _("Organization"), _("Badge (years)"), _("Occasion"), _("Status"),
               _("Early"), _("Proposed on"), _("Decision number"), _("Decision date"),
               _("Issued by"), _("Ceremony date")]  # fmt: skip

    def rows():
        for chunk in in_chunks(badges, CHUNK):
            for b in chunk:
                yield (b.member.full_name, b.organization.name, b.years, b.occasion,
                       b.get_status_display(), _("Yes") if b.early else "", b.proposed_on,
                       b.decision_number, b.decision_on, b.issued_by, b.presented_on)  # fmt: skip

    return _download(headers, rows(), _("Party badges"), [28, 36, 10, 12, 14, 6, 12, 14, 12, 28, 12],
                     "huy-hieu-dang.xlsx")  # fmt: skip


def commendation_export(rows_qs) -> FileResponse:
    headers = [_("Subject"), _("Kept by"), _("Level"), _("Kind"), _("Name of the award"),
               _("Reason"), _("Year"), _("Decision number"), _("Decision date"), _("Issued by"),
               _("Status")]  # fmt: skip

    def rows():
        for chunk in in_chunks(rows_qs, CHUNK):
            for c in chunk:
                yield (c.subject_name, c.organization.name, c.get_level_display(),
                       c.get_kind_display(), c.title, c.reason, c.year, c.decision_number,
                       c.decision_on, c.issued_by, c.get_status_display())  # fmt: skip

    return _download(headers, rows(), _("Commendations"), [28, 36, 16, 16, 28, 40, 8, 14, 12, 28, 10],
                     "khen-thuong.xlsx")  # fmt: skip
