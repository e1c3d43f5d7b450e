"""The tasks a meeting's resolution gives, done and reviewed at a later meeting."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.members.models import Member

from ..choices import (
    TaskBody,
    TaskState,
)
from .meeting import Meeting, MeetingPartQuerySet


class ResolutionTaskQuerySet(MeetingPartQuerySet):
    def visible_or_own(self, user):
        """The tasks `user` may see, and those given to them (their own, seen from
        /my/meetings/)."""
        mine = Q(member__user=user) if user.is_authenticated else Q(pk__in=[])
        return self.filter(self.visible_q(user) | mine)

    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, today):
        return self.filter(done_on__isnull=True, due_on__lt=today)

    def in_state(self, state: str, today):
        """The tasks open (not done, not yet due), overdue (not done, due before `today`) or
        done."""
        if state == TaskState.DONE:
            return self.filter(done_on__isnull=False)
        if state == TaskState.OVERDUE:
            return self.overdue(today)
        if state == TaskState.OPEN:
            return self.filter(done_on__isnull=True, due_on__gte=today)
        return self


class ResolutionTask(models.Model):
    """A task the meeting's resolution gives to a named member or to the organization itself
    (its committee, or the whole cell), with its due date; done (when, how) and reviewed at a
    later meeting of the same organization (which one, what it said)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("meeting")
    )
    what = models.CharField(_("task"), max_length=500)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolution_tasks",
        verbose_name=_("assigned to"),
    )
    body = models.CharField(_("assigned to"), max_length=12, choices=TaskBody.choices, blank=True)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("how it was done"), max_length=500, blank=True)
    reviewed_at = models.ForeignKey(
        Meeting,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="reviewed_tasks",
        verbose_name=_("reviewed at the meeting"),
    )
    review_note = models.CharField(_("the review"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = ResolutionTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution task")
        verbose_name_plural = _("resolution tasks")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(done_on__isnull=True), name="task_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(body=""))
                | (Q(member__isnull=True) & ~Q(body="")),
                name="task_one_assignee",
            )
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def assignee(self) -> str:
        return self.member.full_name if self.member_id else str(self.get_body_display())

    def state(self, today) -> str:
        if self.done_on is not None:
            return TaskState.DONE
        return TaskState.OVERDUE if self.due_on < today else TaskState.OPEN

    def on_time(self) -> bool | None:
        return None if self.done_on is None else self.done_on <= self.due_on
