"""Party dues: each member's basis (with its history), exemptions and reductions by decision, and
the ledger, one narrow row per member per month.

The ledger is the big table (a city: ~500,000 members, ~6 million rows a year): a row holds only
what the collection sheet and the summaries read, the organization (cell) the member was in
that month stored on it so a summary up the tree aggregates in SQL on one indexed path prefix.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coso.core.models import Recorded
from coso.core.scope import ScopedQuerySet
from coso.members.models import Member
from coso.members.privacy import RecordScopedQuerySet
from coso.orgs.models import Organization, organization_ref

from .choices import BasisCategory, Channel, MonthRelief, Region, ReliefKind, ReliefReason


class DuesBasis(Recorded):
    """What a member's dues are computed from, from a month on (the latest one not after a
    month is in force for it)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dues_bases")
    category = models.CharField(_("category"), max_length=10, choices=BasisCategory.choices)
    #: the salary, benefit or pension in đồng a month (income categories)
    income = models.PositiveBigIntegerField(_("monthly income (đồng)"), null=True, blank=True)
    #: the regional minimum wage's region (other members under QĐ 01)
    region = models.PositiveSmallIntegerField(
        _("region"), choices=Region.choices, null=True, blank=True
    )
    #: the amount the cell set for an "other" member under QĐ 342 (empty: the rule's least)
    fixed_amount = models.PositiveIntegerField(
        _("amount set by the cell (đồng)"), null=True, blank=True
    )
    voluntary_extra = models.PositiveIntegerField(_("voluntary extra (đồng)"), default=0)
    valid_from = models.DateField(_("from month"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = RecordScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues basis")
        verbose_name_plural = _("dues bases")
        ordering = ("member", "-valid_from")
        constraints = [
            models.UniqueConstraint(fields=["member", "valid_from"], name="dues_basis_month"),
        ]


class DuesRelief(Recorded):
    """An exemption (no dues) or a reduction (a share off) of a member's dues, by decision, for
    the months from `valid_from` to before `valid_to` (none: open)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dues_reliefs")
    kind = models.CharField(_("kind"), max_length=10, choices=ReliefKind.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=ReliefReason.choices)
    percent = models.PositiveSmallIntegerField(_("reduction (%)"), null=True, blank=True)
    valid_from = models.DateField(_("from month"))
    valid_to = models.DateField(_("until (month not included)"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))

    objects = RecordScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues exemption or reduction")
        verbose_name_plural = _("dues exemptions and reductions")
        ordering = ("member", "-valid_from")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="dues_relief_ends_after_start",
            ),
        ]

    def covers(self, month) -> bool:
        return self.valid_from <= month and (self.valid_to is None or month < self.valid_to)


class DuesMonthQuerySet(ScopedQuerySet):
    """Ledger rows, scoped by the organization they were collected in (personal records)."""

    scope_path = "organization__path"
    scope_records = True
    scope_never_null = True

    def unpaid(self):
        """Rows not fully paid and not excused."""
        return self.filter(paid__lt=F("due"), excuse="")


class DuesMonth(models.Model):
    """One member's dues for one month: due, paid (when, how), the relief applied, and a
    reason the cell accepted for not paying (then the month is no arrears)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dues_months")
    organization = organization_ref("dues_months")
    #: the month's first day
    month = models.DateField(_("month"))
    due = models.PositiveIntegerField(_("due (đồng)"))
    paid = models.PositiveIntegerField(_("paid (đồng)"), default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices, blank=True)
    reference = models.CharField(_("portal reference"), max_length=40, blank=True)
    relief = models.CharField(
        _("relief"), max_length=7, choices=MonthRelief.choices, blank=True, default=""
    )
    excuse = models.CharField(_("reason for not paying"), max_length=200, blank=True)

    objects = DuesMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues month")
        verbose_name_plural = _("dues ledger")
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_month_member"),
        ]
        indexes = [
            models.Index(fields=["organization", "month"], name="dues_month_org"),
            # the months unpaid without reason, a few in a hundred: the arrears (the to-do list's
            # and the screening's) are counted from them, not from the whole ledger
            models.Index(
                fields=["month", "member"],
                name="dues_month_unpaid",
                condition=models.Q(paid__lt=models.F("due"), excuse=""),
            ),
        ]

    @property
    def balance(self) -> int:
        """What is still owed for the month (negative: paid more than due)."""
        return self.due - self.paid


class TotalsQuerySet(ScopedQuerySet):
    """Sums per cell, a fact of the tree: the names scope, as organizations."""

    scope_path = "organization__path"


class MonthTotal(models.Model):
    """The ledger of one organization (the cell the rows were collected in) for one month:
    its rows (`members`: one a member), due, paid, arrears (what is owed for months unpaid
    without reason) and the months so unpaid. Kept exact by database triggers on the ledger
    (see `coso.dues.totals`); never written by code."""

    organization = models.ForeignKey(
        Organization, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    month = models.DateField()
    members = models.IntegerField(default=0)
    due = models.BigIntegerField(default=0)
    paid = models.BigIntegerField(default=0)
    arrears = models.BigIntegerField(default=0)
    unpaid = models.IntegerField(default=0)

    objects = TotalsQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues total of a month")
        verbose_name_plural = _("dues totals of a month")
        constraints = [
            models.UniqueConstraint(fields=["organization", "month"], name="dues_total_month"),
        ]


class YearTotal(models.Model):
    """The same sums for a calendar year, and `members`: the rows of the organization's latest
    month of the year that has rows (kept by the same triggers, from the months' totals)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    year = models.IntegerField()
    members = models.IntegerField(default=0)
    due = models.BigIntegerField(default=0)
    paid = models.BigIntegerField(default=0)
    arrears = models.BigIntegerField(default=0)
    unpaid = models.IntegerField(default=0)

    objects = TotalsQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues total of a year")
        verbose_name_plural = _("dues totals of a year")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="dues_total_year"),
        ]
