"""An organization's transfer page as an Excel sheet: its four boxes (letters in, letters out,
temporary activity in progress, recently closed), as the page shows them."""

from __future__ import annotations

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.sheets.writer import write_xlsx
from coso.core.views import xlsx_download
from coso.orgs.models import Organization, attach_parent_names


def export_transfers(org: Organization, boxes: dict[str, list]) -> FileResponse:
    """The letters of `boxes` (inbox, outbox, temporary, recent: lists of transfers with their
    member and organizations, already read by the page) as .xlsx: one query more, for the
    organizations' parents."""
    titles = {
        "inbox": _("Inbox"),
        "outbox": _("Outbox"),
        "temporary": _("Temporary activity in progress"),
        "recent": _("Recently closed"),
    }
    letters = [t for box in boxes.values() for t in box]
    attach_parent_names(
        o for t in letters for o in (t.from_organization, t.to_organization) if o is not None
    )
    headers = [
        _("List"), _("Member"), _("Letter number"), _("Letter date"), _("Kind"), _("Until"),
        _("From"), _("From (under)"), _("To"), _("To (under)"), _("Hand in by"), _("Status"),
        _("Received on"), _("Closed on"),
    ]  # fmt: skip

    def under(o) -> str:
        return getattr(o, "parent_name", "") if o is not None else ""

    rows = (
        (
            titles[box],
            t.member.full_name,
            t.letter_number,
            t.issued_on,
            t.get_kind_display(),
            t.until,
            t.origin,
            under(t.from_organization),
            t.destination,
            under(t.to_organization),
            t.hand_in_due,
            t.get_status_display(),
            t.received_on,
            t.closed_on,
        )  # fmt: skip
        for box, shown in boxes.items()
        for t in shown
    )
    stamp = f"{timezone.localdate():%Y%m%d}"
    return xlsx_download(
        lambda f: write_xlsx(f, headers, rows, sheet_name=_("Transfers")[:31]),
        f"chuyen-sinh-hoat-{org.code}-{stamp}.xlsx",
    )
