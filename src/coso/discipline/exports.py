"""The case list as an Excel sheet: what the page shows with its filters, every page of it."""

from __future__ import annotations

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.paging import in_chunks
from coso.core.sheets.writer import write_xlsx
from coso.core.views import xlsx_download

CHUNK = 2000


def case_export(cases) -> FileResponse:
    """The filtered cases (with their organizations) as .xlsx."""
    today = timezone.localdate()
    headers = [
        _("Subject"), _("Handled by"), _("Breach"), _("Date of the breach"), _("Penalty proposed"),
        _("Status"), _("Last step"), _("Penalty decided"), _("Decision number"),
        _("Decision date"), _("Last day to appeal"),
    ]  # fmt: skip

    def rows():
        for chunk in in_chunks(cases, CHUNK):
            for c in chunk:
                yield (
                    c.subject_name, c.organization.name, c.breach, c.breach_on,
                    c.get_proposed_penalty_display(), c.get_status_display(), c.get_step_display(),
                    c.get_penalty_display(), c.decision_number, c.decision_on, c.appeal_due_on,
                )  # fmt: skip

    return xlsx_download(
        lambda f: write_xlsx(
            f,
            headers,
            rows(),
            sheet_name=_("Discipline cases")[:31],
            widths=[28, 30, 40, 12, 14, 16, 20, 14, 14, 12, 12],
        ),  # fmt: skip
        f"ky-luat-{today:%Y%m%d}.xlsx",
    )
