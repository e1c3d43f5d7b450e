"""An organization's transfer letters as its page lists them, and as an Excel sheet.

The letters addressed to the organization's subtree or issued from it fall in four lists
(`BOXES`): letters in and letters out not yet received, temporary activity in progress, and the
closed ones (received, a temporary transfer once over, cancelled or lapsed); a fifth holds them
all, each letter once. One list is shown at a time, searched, filtered and sorted
(`members.filters.TransferFilter`) and paged, in a fixed number of queries whatever its length:
the lists' counts (with the same filters) in one query, the page's letters in one, their
organizations' parents in one, the members whose records the user may open in one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, Q
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.core.paging import CappedPaginator, in_chunks
from coso.core.scope import covers, user_paths
from coso.core.sheets.writer import write_xlsx
from coso.core.views import xlsx_download
from coso.members.choices import TransferKind, TransferStatus
from coso.members.filters import TRANSFER_ORDERINGS, TransferFilter
from coso.members.models import Member, Transfer
from coso.orgs.models import Organization, attach_parent_names

#: the lists of the page (the first is shown when none is asked for): their tabs' names
BOXES = {
    "inbox": gettext_lazy("Inbox"),
    "outbox": gettext_lazy("Outbox"),
    "temporary": gettext_lazy("Temporary activity in progress"),
    "recent": gettext_lazy("Closed"),
    "all": gettext_lazy("All letters"),
}
#: each list's order when none is chosen (a key of `TRANSFER_ORDERINGS`)
BOX_ORDERING = {
    "inbox": "due",
    "outbox": "due",
    "temporary": "until",
    "recent": "-ended",
    "all": "-issued",
}
#: letters exported at a time (one query each)
CHUNK = 2000

_RUNNING = Q(kind=TransferKind.TEMPORARY, status=TransferStatus.RECEIVED, closed_on__isnull=True)


def box_q(box: str, path: str) -> Q:
    """The letters of list `box` for the organization at `path` (its subtree)."""
    to_here = Q(to_organization__path__startswith=path)
    from_here = Q(from_organization__path__startswith=path)
    if box == "inbox":
        return to_here & Q(status=TransferStatus.ISSUED)
    if box == "outbox":
        return from_here & Q(status=TransferStatus.ISSUED)
    if box == "temporary":
        return (to_here | from_here) & _RUNNING
    if box == "recent":
        return (to_here | from_here) & ~Q(status=TransferStatus.ISSUED) & ~_RUNNING
    return to_here | from_here


def overdue_q() -> Q:
    """Letters not handed in by their deadline."""
    return Q(status=TransferStatus.ISSUED, hand_in_due__lt=timezone.localdate())


def box_of(letter: Transfer, path: str) -> str:
    """The list a letter of the organization at `path` is in (in before out, for a letter
    between two organizations of the subtree)."""
    if letter.status == TransferStatus.ISSUED:
        to = letter.to_organization
        return "inbox" if to is not None and to.path.startswith(path) else "outbox"
    running = letter.kind == TransferKind.TEMPORARY and letter.status == TransferStatus.RECEIVED
    return "temporary" if running and letter.closed_on is None else "recent"


@dataclass
class Letters:
    """One list of an organization's letters, filtered and sorted (`rows`, every page)."""

    filter: TransferFilter
    box: str
    ordering: str
    rows: object  # the QuerySet of the list, ordered

    @property
    def search(self) -> str:
        return self.filter.form.cleaned_data.get("search") or ""


def letters_of(user, org: Organization, data: Mapping) -> Letters:
    """The list `data["box"]` (the inbox when none or an unknown one is asked for) of the
    letters `user` may see of `org`'s subtree, with the filters and order of `data`."""
    box = data.get("box") if data.get("box") in BOXES else "inbox"
    base = (
        Transfer.objects.visible_to(user)
        .filter(box_q("all", org.path))
        .select_related("member", "from_organization", "to_organization")
    )
    letters = TransferFilter(data, base, org=org)
    filtered = letters.qs  # validates the form: the order chosen, if any, is known
    ordering = letters.form.cleaned_data.get("ordering") or BOX_ORDERING[box]
    rows = filtered.filter(box_q(box, org.path)).order_by(*TRANSFER_ORDERINGS[ordering])
    return Letters(letters, box, ordering, rows)


def box_counts(letters: Letters, path: str) -> dict[str, int]:
    """Each list's letters with the same filters, and the overdue ones among them
    (`<box>_overdue`): one query."""
    counts = {box: Count("pk", filter=box_q(box, path)) for box in BOXES}
    for box in ("inbox", "outbox", "all"):
        counts[f"{box}_overdue"] = Count("pk", filter=box_q(box, path) & overdue_q())
    return letters.filter.qs.aggregate(**counts)


def letters_page(user, org: Organization, letters: Letters, counts, number, size: int) -> Page:
    """Page `number` of the list, each letter told whether it is `overdue` (not handed in by
    its deadline), whether `user` may receive it (`receivable`: it is addressed to an
    organization they may edit), act as its sender (`sent`) and open its member's record
    (`readable`); the organizations with their parents' names (`parent_name`: many cells
    share one name)."""
    paginator = CappedPaginator(letters.rows, size)
    paginator.counted(counts[letters.box])  # counted with the others: no query more
    page = paginator.get_page(number)
    shown = list(page.object_list)
    page.object_list = shown
    attach_parent_names(o for t in shown for o in (t.from_organization, t.to_organization))
    editing = user_paths(user, edit=True)
    readable = set(
        Member.objects.visible_to(user)
        .filter(pk__in={t.member_id for t in shown})
        .values_list("pk", flat=True)
    )
    today = timezone.localdate()
    for t in shown:
        t.overdue = (
            t.status == TransferStatus.ISSUED and bool(t.hand_in_due) and t.hand_in_due < today
        )
        t.receivable = t.to_organization is not None and covers(editing, t.to_organization.path)
        t.sent = t.from_organization is not None and covers(editing, t.from_organization.path)
        t.readable = t.member_id in readable
    return page


def export_transfers(org: Organization, letters: Letters) -> FileResponse:
    """The list as .xlsx, every page of it, as the page shows it (its search, filters and
    order): the list each letter is in, the member, the letter, the organizations with their
    parents, the deadlines and dates."""
    headers = [
        _("List"), _("Member"), _("Letter number"), _("Letter date"), _("Kind"), _("Until"),
        _("From"), _("From (under)"), _("To"), _("To (under)"), _("Hand in by"), _("Status"),
        _("Received on"), _("Closed on"),
    ]  # fmt: skip

    def under(o) -> str:
        return getattr(o, "parent_name", "") if o is not None else ""

    def rows() -> Iterable[tuple]:
        for chunk in in_chunks(letters.rows, CHUNK):
            attach_parent_names(o for t in chunk for o in (t.from_organization, t.to_organization))
            for t in chunk:
                box = letters.box if letters.box != "all" else box_of(t, org.path)
                yield (
                    str(BOXES[box]), t.member.full_name, t.letter_number, t.issued_on,
                    t.get_kind_display(), t.until, t.origin, under(t.from_organization),
                    t.destination, under(t.to_organization), t.hand_in_due,
                    t.get_status_display(), t.received_on, t.closed_on,
                )  # fmt: skip

    stamp = f"{timezone.localdate():%Y%m%d}"
    return xlsx_download(
        lambda f: write_xlsx(f, headers, rows(), sheet_name=_("Transfers")[:31]),
        f"chuyen-sinh-hoat-{org.code}-{stamp}.xlsx",
    )
