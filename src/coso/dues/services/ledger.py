"""The ledger: a month opened for an organization's members, payments recorded (the cell's
collection sheet at the meeting in one request, or one payment with the portal's reference),
and a month excused."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, namedtuple
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future, format_date
from coso.core.db.fastload import TableWriter
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member
from coso.orgs.models import Organization

from ..choices import Channel
from ..models import DuesBasis, DuesMonth, DuesRelief
from ..rates import basis_on, monthly_amount
from .parts import lock_member, lock_organization, month_of

#: a member as `open_month` reads them (what the rates need, and the name of one without a basis)
_Due = namedtuple("_Due", "pk organization_id sex birth_date full_name sort_key")
_OPENED = ("member_id", "organization_id", "month", "due", "relief")
_BASIS = (
    "member_id",
    "valid_from",
    "category",
    "income",
    "region",
    "fixed_amount",
    "voluntary_extra",
)
_UNPAID = {"paid": 0, "paid_on": None, "channel": "", "reference": "", "excuse": ""}


@transaction.atomic
def open_month(organization: Organization, month: dt.date, *, actor=None) -> tuple[int, list]:
    """Write the month's ledger rows for the active members of `organization`'s subtree who
    have a dues basis and no row yet; returns (rows written, members without a basis: each
    with `pk`, `full_name` and `sort_key`, in name order). The rows are written at COPY speed
    (`core.db.fastload`)."""
    org = lock_organization(organization, actor)
    month = month_of(month)
    # plain tuples, not model instances: a city's month is 500,000 rows
    members = [
        _Due(*row)
        for row in Member.objects.filter(
            organization__path__startswith=org.path, status__in=ACTIVE_STATUSES
        )
        .exclude(dues_months__month=month)
        .values_list("pk", "organization_id", "sex", "birth_date", "full_name", "sort_key")
    ]
    # the subtree's bases and reliefs by a join, not a list of ids (SQLite's 32,766 variables)
    here = {"member__organization__path__startswith": org.path, "valid_from__lte": month}
    bases, reliefs = defaultdict(list), defaultdict(list)
    for b in DuesBasis.objects.filter(**here).values_list(*_BASIS, named=True):
        bases[b.member_id].append(b)
    for r in DuesRelief.objects.filter(**here):
        reliefs[r.member_id].append(r)
    rows, missing = [], []
    for m in members:
        basis = basis_on(bases[m.pk], month)
        if basis is None:
            missing.append(m)
            continue
        amount = monthly_amount(basis, reliefs[m.pk], m, month)
        rows.append((m.pk, m.organization_id, month, amount.due, amount.relief))
    TableWriter(DuesMonth, _OPENED, constants=_UNPAID).write(rows)
    return len(rows), sorted(missing, key=lambda m: m.sort_key)


def _sheet_rows(org: Organization, month: dt.date) -> list[DuesMonth]:
    # a cell's party groups are on its sheet
    rows = list(
        DuesMonth.objects.select_for_update(of=("self",))
        .filter(organization__path__startswith=org.path, month=month)
        .only("pk", "member_id", "due", "paid", "channel")
    )
    if not rows:
        raise ValidationError(
            {
                "month": _("The month %(month)s is not opened for this organization yet.")
                % {"month": f"{month.month:02d}/{month.year}"}
            }
        )
    return rows


@transaction.atomic
def collect_month(
    organization: Organization,
    month: dt.date,
    *,
    paid_ids: Iterable[int],
    paid_on: dt.date,
    actor=None,
) -> tuple[int, int]:
    """The cell's collection sheet, saved at once: the members in `paid_ids` (member ids) who
    had paid nothing have paid the month's dues in cash on `paid_on`; a cash payment of the
    month not ticked any more is undone (a tick by mistake). Payments already recorded stay as
    they are, and those through the portal too. A fixed number of queries whatever the cell's
    size. Returns (paid, undone)."""
    org = lock_organization(organization, actor)
    month = month_of(month)
    check_not_future(paid_on, "paid_on")
    if paid_on < month:
        raise ValidationError(
            {
                "paid_on": _("The payment date cannot be before the month (%(date)s).")
                % {"date": format_date(month)}
            }
        )
    rows = _sheet_rows(org, month)
    ticked = set(paid_ids)
    if ticked - {r.member_id for r in rows}:
        raise ValidationError({"paid_ids": _("Some ticked members are not on this month's sheet.")})
    pay = [r.pk for r in rows if r.member_id in ticked and r.paid == 0 < r.due]
    undo = [r.pk for r in rows if r.member_id not in ticked and r.channel == Channel.CASH]
    if pay:
        DuesMonth.objects.filter(pk__in=pay).update(
            paid=F("due"), paid_on=paid_on, channel=Channel.CASH, reference=""
        )
    if undo:
        DuesMonth.objects.filter(pk__in=undo).update(paid=0, paid_on=None, channel="")
    return len(pay), len(undo)


def _member_row(member: Member, month: dt.date) -> DuesMonth:
    row = DuesMonth.objects.select_for_update().filter(member=member, month=month).first()
    if row is None:
        raise ValidationError(
            {
                "month": _("%(month)s is not opened for this member yet.")
                % {"month": f"{month.month:02d}/{month.year}"}
            }
        )
    return row


@transaction.atomic
def record_payment(
    member: Member,
    month: dt.date,
    *,
    amount: int,
    paid_on: dt.date,
    channel: str,
    reference: str = "",
    actor=None,
) -> DuesMonth:
    """One member's payment for a month (in cash, or through the public-service portal with
    its reference); the amount replaces what was recorded for the month."""
    member = lock_member(member, actor)
    month = month_of(month)
    check_not_future(paid_on, "paid_on")
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the dues were paid.")})
    reference = reference.strip()
    if channel == Channel.PORTAL and not reference:
        raise ValidationError(
            {"reference": _("A payment through the public-service portal needs its reference.")}
        )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount paid must be more than nothing.")})
    row = _member_row(member, month)
    row.paid, row.paid_on, row.channel = amount, paid_on, channel
    row.reference = reference if channel == Channel.PORTAL else ""
    row.save(update_fields=["paid", "paid_on", "channel", "reference"])
    return row


@transaction.atomic
def excuse_month(member: Member, month: dt.date, *, reason: str, actor=None) -> DuesMonth:
    """The cell accepts a reason for `member` not paying `month`: it is no arrears (the
    strike-off screening counts months unpaid without reason)."""
    member = lock_member(member, actor)
    month = month_of(month)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason the cell accepted.")})
    row = _member_row(member, month)
    if row.paid >= row.due:
        raise ValidationError({"reason": _("This month is paid: there is nothing to excuse.")})
    row.excuse = reason
    row.save(update_fields=["excuse"])
    return row
