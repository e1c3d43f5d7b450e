"""The read side of dues: a cell's collection sheet, a member's ledger, the members in arrears,
and the summaries up the tree, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, OuterRef, Sum, Value, When
from django.db.models.functions import Substr

from coso.core.rules import rule_in_force
from coso.core.scope import scope_q
from coso.members.models import Member
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from .models import DuesMonth, MonthTotal, YearTotal


def month_end(month: dt.date) -> dt.date:
    """The last day of `month`."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def records_scope(user):
    """The organizations whose members' records (their dues among them) `user` may read."""
    return Organization.objects.filter(scope_q(user, "path", edit=False, records=True))


def sheet_rows(org: Organization, month: dt.date) -> list[DuesMonth]:
    """The cell's ledger rows of `month` (its party groups' included) with the members'
    names, in Vietnamese name order: one query."""
    return list(
        DuesMonth.objects.filter(organization__path__startswith=org.path, month=month)
        .select_related("member")
        .only(
            "pk", "member_id", "due", "paid", "paid_on", "channel", "reference", "relief",
            "excuse", "member__full_name", "member__sort_key", "member__birth_date",
        )
        .order_by("member__sort_key", "member_id")
    )  # fmt: skip


def member_ledger(member: Member, year: int) -> list[DuesMonth]:
    return list(DuesMonth.objects.filter(member=member, month__year=year).order_by("month"))


def unpaid_in_year(year: int, through: dt.date):
    """Ledger rows of `year`'s months up to `through` (a month's first day) unpaid without
    reason."""
    return DuesMonth.objects.unpaid().filter(month__gte=dt.date(year, 1, 1), month__lte=through)


def arrears_threshold(year: int) -> tuple[int, str]:
    """Months unpaid in a year that flag a member (strike-off ground), and the rule's basis."""
    r = rule_in_force("strike_off_missed_months", dt.date(year, 12, 31))
    return r.value, r.legal_basis


def members_in_arrears(year: int, through: dt.date, *, within: str = ""):
    """Members with at least the rule's months of `year` (up to `through`) unpaid without
    reason: a subquery over the ledger, grouped by member; with `within` (a path), only the
    members of that subtree are grouped below a tree's root (a cell's are a few index
    ranges)."""
    least, _basis = arrears_threshold(year)
    unpaid = unpaid_in_year(year, through)
    # below a tree's root (at the root the subtree's members are all of them: no join)
    if len(within) > Organization.steplen:
        unpaid = unpaid.filter(member__organization__path__startswith=within)
    flagged = (
        unpaid.order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .filter(n__gte=least)
        .values("member")
    )
    members = Member.objects.filter(pk__in=flagged)
    return members.filter(organization__path__startswith=within) if within else members


@dataclass
class SummaryLine:
    """One child organization's dues (or the total): members, due, paid, arrears (what is owed
    for months unpaid), the months unpaid, and the split kept by each level."""

    organization: Organization | None
    members: int = 0
    due: int = 0
    paid: int = 0
    arrears: int = 0
    months_unpaid: int = 0
    kept: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> int:
        """Paid as a whole percentage of due."""
        return round(100 * self.paid / self.due) if self.due else 0


def _kept(paid_by_kind: dict[str, int], shares) -> dict[str, int]:
    """What each level keeps of the amounts paid, by the kind of cell they were paid in: a cell
    under a committee keeps its share and passes the rest up; a grassroots organization (a
    grassroots cell collects itself) keeps its share of what reaches it; the rest goes above."""
    # a party group collects for the cell it sits in (most groups are in cells under a
    # committee; one in a grassroots cell is counted so too)
    in_cells = paid_by_kind.get(OrgKind.CELL, 0) + paid_by_kind.get(OrgKind.GROUP, 0)
    cell = round(in_cells * shares["cell"])
    reaching = sum(paid_by_kind.values()) - cell
    grassroots = round(reaching * shares["grassroots"])
    return {"cell": cell, "grassroots": grassroots, "above": reaching - grassroots}


def _totals(org: Organization, start: dt.date, end: dt.date):
    """The stored totals of `start`..`end` in `org`'s subtree, one row per cell (a year's when
    the range is a calendar year, else the months' with each cell's members read from its latest
    month of the range that has rows)."""
    where = {"organization__path__startswith": org.path, "members__gt": 0}
    if (start.month, end.month) == (1, 12) and start.year == end.year:
        return YearTotal.objects.filter(year=start.year, **where), F("members")
    months = MonthTotal.objects.filter(month__gte=start, month__lte=end, **where)
    if start == end:
        return months, F("members")
    later = MonthTotal.objects.filter(
        organization=OuterRef("organization"),
        month__gt=OuterRef("month"),
        month__lte=end,
        members__gt=0,
    )
    return months, Case(When(~Exists(later), then=F("members")), default=Value(0))


def summary(org: Organization, start: dt.date, end: dt.date) -> tuple[list, SummaryLine]:
    """Dues of the months `start`..`end` (first days) in `org`'s subtree by child organization
    (an organization with no children: itself): two queries, the stored totals (`dues.totals`,
    kept by triggers on the ledger) grouped by the child's path prefix and the kind of cell,
    then the children. Cells are grouped by their path today: a moved cell's months count
    under its current parent.

    `members`: a cell's members on the ledger in its latest month of the range that has rows
    (one row a member a month; a cell that has not opened the range's last month yet counts
    the month before), summed over the cells; a member moved between cells within the range
    counts in each."""
    width = len(org.path) + Organization.steplen
    shares = rule_in_force("dues_kept_shares", end).value
    rows, members = _totals(org, start, end)
    grouped = (
        rows.annotate(child=Substr("organization__path", 1, width), kind=F("organization__kind"))
        .values("child", "kind")
        .annotate(
            members_sum=Sum(members),
            due_sum=Sum("due"),
            paid_sum=Sum("paid"),
            arrears_sum=Sum("arrears"),
            unpaid=Sum("unpaid"),
        )
        .order_by()
    )
    children = {
        o.path: o
        for o in Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1)
    }
    by_child: dict[str, SummaryLine] = {}
    paid_kinds: dict[str, dict[str, int]] = {}
    for g in grouped:
        key = g["child"] if g["child"] in children else org.path
        line = by_child.setdefault(key, SummaryLine(children.get(key, org)))
        # int(): PostgreSQL sums big integers as numeric
        line.members += int(g["members_sum"])
        line.due += int(g["due_sum"])
        line.paid += int(g["paid_sum"])
        line.arrears += int(g["arrears_sum"])
        line.months_unpaid += int(g["unpaid"])
        kinds = paid_kinds.setdefault(key, {})
        kinds[g["kind"]] = kinds.get(g["kind"], 0) + int(g["paid_sum"])
    total = SummaryLine(org)
    all_kinds: dict[str, int] = {}
    for key, line in by_child.items():
        line.kept = _kept(paid_kinds[key], shares)
        for attr in ("members", "due", "paid", "arrears", "months_unpaid"):
            setattr(total, attr, getattr(total, attr) + getattr(line, attr))
        for k, v in paid_kinds[key].items():
            all_kinds[k] = all_kinds.get(k, 0) + v
    total.kept = _kept(all_kinds, shares)
    lines = sorted(by_child.values(), key=lambda line: line.organization.path)
    return lines, total
