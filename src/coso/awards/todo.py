"""Party badges on the to-do list (Việc cần làm): each member due a badge by the next occasion
(3/2, 19/5, 2/9, 7/11) who has not been proposed for it, one item per member, due on the
occasion. The next occasion is never more than a few months away, so the items show whatever
the list's horizon; none is overdue (the occasion is today or later)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.members.models import Member
from coso.members.queries.screening import Source, TodoKind

from . import rules
from .party_age import highest_due
from .queries import due_q, gap_days


class BadgeDueSource(Source):
    kind = TodoKind.BADGE_DUE
    path = "organization__path"
    member = ""

    def __init__(self, today, horizon):
        super().__init__(today, horizon)
        self.occasion = rules.next_occasion(today)

    def queryset(self):
        members = Member.objects.alias(party_gap=gap_days())
        if self.horizon < self.today:  # the overdue items only: none here
            return members.filter(pk__isnull=True)
        return members.filter(due_q(self.occasion))

    def late(self):
        return False

    def rows(self, qs):
        shown = qs.annotate(days_out=F("party_gap"))
        return shown.select_related("organization").order_by("sort_key", "id")

    def due(self, row):
        return self.occasion

    def detail(self, row) -> str:
        start = row.admitted_on + dt.timedelta(days=row.days_out or 0)
        found = highest_due(start, rules.levels(self.occasion), self.occasion)
        if found is None:
            return ""
        return _("%(years)d-year badge, due on %(due)s, for the occasion of %(occasion)s.") % {
            "years": found[0],
            "due": format_date(found[1]),
            "occasion": format_date(self.occasion),
        }

    def url(self, row) -> str:
        return reverse("awards_member", args=[row.pk])
