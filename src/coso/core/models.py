"""Shared models: the yearly working-day swaps that adjust the public-holiday calendar, and the
abstract bases the apps' rows share (who recorded a row and when; a background job's run; a
span of dates), with the declarations they share (a reference, required or optional; the check
and the filter of a span's dates)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import DaySwapKind


def ref(to, on_delete, related_name, verbose_name=None, *, one_to_one=False, **kwargs):
    """A reference to another row (a one-to-one link with ``one_to_one``). ``on_delete`` and
    ``related_name`` are named at every use (None: Django's default reverse name)."""
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        to, on_delete=on_delete, related_name=related_name, verbose_name=verbose_name, **kwargs
    )


def optional_ref(to, on_delete, related_name, verbose_name=None, *, one_to_one=False, **kwargs):
    """A reference a row may leave empty (NULL in the table, optional in forms): the one
    declaration of the `null=True, blank=True` link the models share (`ref`)."""
    return ref(
        to,
        on_delete,
        related_name,
        verbose_name,
        one_to_one=one_to_one,
        null=True,
        blank=True,
        **kwargs,
    )


def running_on(
    day: dt.date,
    start: str = "started_on",
    end: str = "ended_on",
    *,
    open_start: bool = False,
    prefix: str = "",
) -> Q:
    """Rows whose dates cover ``day``: begun on or before it (``start``; with ``open_start`` an
    empty start counts as begun) and not over (``end`` empty, or after ``day``: the end is
    exclusive). ``prefix`` reaches the dates through a relation ("placement__")."""
    begun = Q(**{f"{prefix}{start}__lte": day})
    if open_start:
        begun = Q(**{f"{prefix}{start}__isnull": True}) | begun
    return begun & (Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gt": day}))


def ends_after_start(name: str, start: str = "started_on", end: str = "ended_on"):
    """The check that a span's end (exclusive, empty while it runs) comes after its start."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": F(start)}), name=name
    )


class Span(models.Model):
    """A row that runs from ``started_on`` to ``ended_on`` (exclusive; empty while it runs). Its
    table checks the order (`ends_after_start`, named in the model's Meta) and its QuerySet
    finds the rows running on a day (`SpanQuerySet.on`)."""

    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True, help_text=_("exclusive"))

    class Meta:
        abstract = True


class SpanQuerySet(models.QuerySet):
    """The rows of a span running on a day; ``span_start`` names another start column (a
    term starts with its congress)."""

    span_start = "started_on"
    span_end = "ended_on"

    def on(self, day: dt.date):
        """The rows running on ``day``."""
        return self.filter(running_on(day, self.span_start, self.span_end))


class Recorded(models.Model):
    """A row a user recorded: who (`actor`, kept empty once the account is deleted) and when."""

    actor = optional_ref(settings.AUTH_USER_MODEL, models.SET_NULL, "+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class BackgroundJob(models.Model):
    """A job the background worker runs (`db_worker`): its task's id, when it was asked for,
    started and finished, and its last message (what went wrong, or what it did)."""

    message = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class DaySwap(models.Model):
    """A date whose working status differs from the usual week and the public holidays.

    The government announces these each year (e.g. work a Saturday so that the Monday before
    a holiday is off). The `holidays` package knows some of them; a row here always wins.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DaySwapKind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("day swap")
        verbose_name_plural = _("day swaps")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} ({self.get_kind_display()})"


class ChangeStamp(models.Model):
    """A value that database triggers replace whenever a watched table changes.

    Caches of derived figures (e.g. today's member counts per branch of the tree) are keyed
    by it, so any write — a service, a bulk load, a raw UPDATE — makes them stale at once, in
    every process, without signals. The value is random rather than incremented, so a rolled
    back transaction can never make an old key current again with other data.
    """

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    @classmethod
    def current(cls, name: str) -> int:
        return cls.objects.filter(name=name).values_list("value", flat=True).first() or 0


class CacheEntry(models.Model):
    """A row of the database cache (`coso.core.cache.DatabaseCache`, settings.CACHES).

    The same columns as Django's `createcachetable` makes; declared as a model so that
    `migrate` creates the table (no extra set-up step) and tests' flushes empty it. Nothing
    reads it through the ORM.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "coso_cache"
        verbose_name = "cache entry"
        verbose_name_plural = "cache entries"
