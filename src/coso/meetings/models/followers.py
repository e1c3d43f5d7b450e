"""The superior committee's followers of cells and the meetings' guests (DOMAIN.md §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import Span, SpanQuerySet, ends_after_start
from coso.core.scope import ScopedQuerySet
from coso.members.models import Member
from coso.orgs.models import organization_ref

from .meeting import Meeting, MeetingPartQuerySet


class FollowerQuerySet(SpanQuerySet, ScopedQuerySet):
    """`on(day)`: the assignments running on it."""

    #: seen by those who reach the committee that assigned it or the cell it follows
    scope_path = ("committee__path", "cell__path")


class Follower(Span):
    """A member of a superior committee assigned by it to follow a cell (phân công cấp ủy viên
    theo dõi chi bộ) from one date to another (exclusive; open while it runs): they are invited
    to the cell's meetings as a guest and the meetings show whether they came."""

    committee = organization_ref("followers_assigned", _("committee"))
    cell = organization_ref("followers", _("cell"))
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="cells_followed", verbose_name=_("member")
    )
    decision = models.CharField(_("decision"), max_length=64, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )

    history = HistoricalRecords()
    objects = FollowerQuerySet.as_manager()

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        ordering = ["cell", "-started_on", "pk"]
        indexes = [models.Index(fields=["cell", "started_on"])]
        constraints = [ends_after_start("follower_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.member} — {self.cell}"


class Guest(models.Model):
    """Someone invited to a meeting who is not on its roster (the superior committee's follower):
    listed apart, no vote. `came` is None until the attendance sheet says."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("member")
    )
    #: the assignment the invitation comes from
    follower = models.ForeignKey(
        Follower,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("follower"),
    )
    invited_at = models.DateTimeField(_("invited at"))
    came = models.BooleanField(_("came"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="guest_once"),
        ]
        indexes = [models.Index(fields=["member", "meeting"])]

    def __str__(self) -> str:
        return f"{self.member} — {self.meeting}"
