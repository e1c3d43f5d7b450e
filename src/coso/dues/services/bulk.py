"""Records made at once for an organization's subtree, for the demo and imports: many members'
first dues bases, and a month's payments (the public-service portal's list, a cell's
spreadsheet). Every row is checked first; a refusal lists the rows at fault and writes nothing.
A fixed number of queries for any size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member
from coso.orgs.models import Organization

from ..choices import INCOME_CATEGORIES, BasisCategory, Channel
from ..models import DuesBasis, DuesMonth
from .parts import lock_organization, month_of


@dataclass(frozen=True)
class PaymentRow:
    """One payment: whose (the member's id, or their party card number), how much (None: the
    month's amount due), when and how."""

    line: int
    paid_on: dt.date
    channel: str = Channel.CASH
    member_id: int | None = None
    card_number: str = ""
    amount: int | None = None
    reference: str = ""


def _row_error(
    row: PaymentRow, month: dt.date, found: DuesMonth | None, seen: set, today: dt.date
) -> str:
    if found is None:
        who = row.card_number or str(row.member_id or "")
        return _("no member %(who)s has this month open here") % {"who": who}
    if found.pk in seen:
        return _("the member is on an earlier row too")
    if row.channel not in Channel.values:
        return _("the channel is not known")
    if row.channel == Channel.PORTAL and not row.reference.strip():
        return _("a payment through the portal needs its reference")
    if row.amount is not None and row.amount <= 0:
        return _("the amount must be more than nothing")
    if not month <= row.paid_on <= today:
        return _("the payment date must lie between %(start)s and today") % {
            "start": format_date(month)
        }
    return ""


@transaction.atomic
def load_payments(
    organization: Organization, month: dt.date, rows: list[PaymentRow], *, actor=None
) -> int:
    """Record `rows`, payments of `month` by members of `organization`'s subtree whose month
    is open; returns how many were recorded."""
    org = lock_organization(organization, actor)
    month = month_of(month)
    ledger = list(
        DuesMonth.objects.select_for_update(of=("self",))
        .filter(organization__path__startswith=org.path, month=month)
        .values_list("pk", "member_id", "member__party_card_number", named=True)
    )
    by_id = {r.member_id: r for r in ledger}
    by_card = {r.member__party_card_number: r for r in ledger if r.member__party_card_number}
    errors, seen, plan = [], set(), []
    today = timezone.localdate()
    for row in rows:
        found = by_id.get(row.member_id) if row.member_id else by_card.get(row.card_number.strip())
        problem = _row_error(row, month, found, seen, today)
        if problem:
            errors.append(_("Row %(line)d: %(problem)s.") % {"line": row.line, "problem": problem})
            continue
        seen.add(found.pk)
        plan.append((found.pk, row))
    if errors:
        raise ValidationError(errors)
    _write(plan)
    return len(plan)


def _write(plan: list[tuple[int, PaymentRow]]) -> None:
    """Payments of the amount due in cash grouped by day (one UPDATE each); the others by
    row, one prepared statement."""
    full: dict[dt.date, list[int]] = defaultdict(list)
    single: list[tuple[int, PaymentRow]] = []
    for pk, row in plan:
        if row.amount is None and row.channel == Channel.CASH:
            full[row.paid_on].append(pk)
        else:
            single.append((pk, row))
    for day, pks in full.items():
        for start in range(0, len(pks), 900):
            DuesMonth.objects.filter(pk__in=pks[start : start + 900]).update(
                paid=F("due"), paid_on=day, channel=Channel.CASH, reference=""
            )
    if single:
        # one prepared UPDATE run by the driver for every row (Django's bulk_update builds a
        # CASE per column and row: minutes for a city's portal list); no amount: the month's due
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {DuesMonth._meta.db_table} SET paid = COALESCE(%s, due), paid_on = %s, "
                "channel = %s, reference = %s WHERE id = %s",
                [(r.amount, r.paid_on, r.channel, r.reference.strip(), pk) for pk, r in single],
            )


@dataclass(frozen=True)
class BasisRow:
    """One member's dues basis from a month on (`set_basis`'s fields), for `load_bases`."""

    member_id: int
    category: str
    valid_from: dt.date
    income: int | None = None
    region: int | None = None
    voluntary_extra: int = 0


@transaction.atomic
def load_bases(organization: Organization, rows: list[BasisRow], *, actor=None) -> int:
    """Record many members' first dues basis at once (the demo, a starting import): members of
    `organization`'s subtree without a basis yet; every row checked first (the category, the
    income of an income category, the region of an "other" member), then one bulk write."""
    org = lock_organization(organization, actor)
    allowed = set(
        Member.objects.filter(organization__path__startswith=org.path, status__in=ACTIVE_STATUSES)
        .exclude(dues_bases__isnull=False)
        .values_list("pk", flat=True)
    )
    errors = []
    for i, row in enumerate(rows, start=1):
        if row.member_id not in allowed:
            errors.append(
                _("Row %(line)d: the member is not here or already has a basis.") % {"line": i}
            )
        elif row.category not in BasisCategory.values:
            errors.append(_("Row %(line)d: the category is not known.") % {"line": i})
        elif row.category in INCOME_CATEGORIES and not row.income:
            errors.append(_("Row %(line)d: the income is missing.") % {"line": i})
        elif row.category == BasisCategory.OTHER and row.region is None:
            errors.append(_("Row %(line)d: the region is missing.") % {"line": i})
    if errors:
        raise ValidationError(errors)
    DuesBasis.objects.bulk_create(
        [
            DuesBasis(
                member_id=r.member_id, category=r.category, valid_from=r.valid_from.replace(day=1),
                income=r.income if r.category in INCOME_CATEGORIES else None, region=r.region,
                voluntary_extra=r.voluntary_extra, actor=actor,
            )
            for r in rows
        ],
        batch_size=2000,
    )  # fmt: skip
    return len(rows)
