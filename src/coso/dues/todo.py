"""Members with dues unpaid for the rule's months in a year without reason, on the to-do list
and in the screening (a strike-off ground, DOMAIN.md §4): the year of last month, its months up
to last month."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from coso.members.models import Member
from coso.members.queries.screening import Source, TodoKind

from .queries import arrears_threshold, members_in_arrears, month_end, unpaid_in_year


def last_month(today: dt.date) -> dt.date:
    """The first day of the month before `today`'s."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


class DuesArrearsSource(Source):
    """A member in arrears (due: the last day of last month, the last month counted)."""

    kind = TodoKind.DUES_ARREARS
    path = "organization__path"
    member = ""

    def month(self) -> dt.date:
        return last_month(self.today)

    def queryset(self):
        return self.queryset_within("")

    def queryset_within(self, path: str):
        month = self.month()
        if month_end(month) > self.horizon:
            return Member.objects.none()
        return members_in_arrears(month.year, month, within=path)

    def rows(self, qs):
        month = self.month()
        count = (
            unpaid_in_year(month.year, month)
            .filter(member=OuterRef("pk"))
            .order_by()
            .values("member")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().rows(qs.annotate(dues_unpaid=Coalesce(Subquery(count), 0)))

    def due(self, row) -> dt.date:
        return month_end(self.month())

    def late(self):
        return month_end(self.month()) < self.today

    def detail(self, row) -> str:
        month = self.month()
        _least, basis = arrears_threshold(month.year)
        return _(
            "%(n)d months of dues unpaid in %(year)d without reason: a ground for striking "
            "off (%(basis)s)."
        ) % {"n": row.dues_unpaid, "year": month.year, "basis": basis}

    def url(self, row) -> str:
        return reverse("dues_member", args=[row.pk])
