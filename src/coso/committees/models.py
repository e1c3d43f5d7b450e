"""Committees over time: an organization's terms (nhiệm kỳ) and who held which post (the roster)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.accounts.models import RoleAssignment
from coso.core.models import Span, SpanQuerySet, ends_after_start, optional_ref
from coso.core.scope import ScopedQuerySet
from coso.members.models import Member
from coso.orgs.models import organization_ref

from .choices import Post


class TermQuerySet(SpanQuerySet, ScopedQuerySet):
    """`on(day)`: the terms running on it (at most one per organization)."""

    scope_path = "organization__path"
    span_start = "congress_date"


class Term(models.Model):
    """A committee's term, from the congress that elected it (e.g. 2025–2030)."""

    organization = organization_ref("terms")
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    congress_date = models.DateField(_("congress date"))
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("exclusive; the next congress")
    )

    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["organization", "-congress_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "start_year"], name="term_one_per_start_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class PostHoldingQuerySet(SpanQuerySet, ScopedQuerySet):
    """`on(day)`: the posts held on it."""

    scope_path = "term__organization__path"


class PostHolding(Span):
    """A member's post on a term's committee, from the decision that gave it."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="posts", verbose_name=_("term")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="posts", verbose_name=_("member")
    )
    post = models.CharField(_("post"), max_length=24, choices=Post.choices)
    decision = models.CharField(_("decision"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=255, blank=True)
    # the coso role granted from this post (grant_roles_from_roster); ended with the post
    role_assignment = optional_ref(
        RoleAssignment, models.SET_NULL, "post_holding", _("role granted"), one_to_one=True
    )

    history = HistoricalRecords()
    objects = PostHoldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("post holding")
        verbose_name_plural = _("post holdings")
        ordering = ["term", "post", "started_on"]
        indexes = [models.Index(fields=["term", "post", "started_on"])]
        constraints = [ends_after_start("post_holding_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.get_post_display()} — {self.member}"
