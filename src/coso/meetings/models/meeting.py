"""A meeting, who attended, its votes, corrections, materials and agenda items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.scope import ScopedQuerySet
from coso.members.models import Member
from coso.orgs.models import organization_ref

from ..choices import (
    MaterialKind,
    MeetingKind,
    MeetingStatus,
    Presence,
    QualityGrade,
    Standing,
)

#: the meetings counted as thematic: on their own, or a thematic part of a monthly meeting
THEMATIC = Q(kind=MeetingKind.THEMATIC) | Q(with_thematic=True)


class MeetingQuerySet(ScopedQuerySet):
    scope_path = "organization__path"

    def in_year(self, year: int) -> MeetingQuerySet:
        return self.filter(date__year=year)

    def thematic(self) -> MeetingQuerySet:
        """Thematic meetings: on their own, or a thematic part of a monthly meeting."""
        return self.filter(THEMATIC)


class Meeting(models.Model):
    """One meeting of an organization (a cell's monthly meeting, a thematic one, a committee's)."""

    organization = organization_ref("meetings")
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    #: a monthly meeting with a thematic part (HD 42: then it lasts at least 120 minutes)
    with_thematic = models.BooleanField(_("with a thematic part"), default=False)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    ends_at = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    chair = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    minute_taker = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minute-taker"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    conclusion = models.TextField(_("chair's conclusion"), blank=True)
    #: the quality score by part of the sheet in force, its total and grade (at adoption)
    quality = models.JSONField(_("quality score"), null=True, blank=True)
    quality_total = models.PositiveSmallIntegerField(_("quality total"), null=True, blank=True)
    quality_grade = models.CharField(
        _("quality grade"), max_length=8, choices=QualityGrade.choices, blank=True
    )
    #: the vote base and those present who vote, stored when the attendance is recorded
    vote_base = models.PositiveIntegerField(_("vote base"), null=True, blank=True)
    voters_present = models.PositiveIntegerField(_("voters present"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["organization", "date"]),
            models.Index(fields=["date", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y} — {self.organization}"

    @property
    def is_thematic(self) -> bool:
        return self.kind == MeetingKind.THEMATIC or self.with_thematic

    @property
    def locked(self) -> bool:
        return self.status == MeetingStatus.ADOPTED


class MeetingPartQuerySet(ScopedQuerySet):
    """A row that belongs to a meeting (a vote, a material, an agenda item, a correction):
    scoped by the meeting's organization."""

    scope_path = "meeting__organization__path"


class AttendanceQuerySet(MeetingPartQuerySet):
    scope_records = True  # who was absent and why is personal


class Attendance(models.Model):
    """One person on a meeting's roster: where they stood that day and whether they came."""

    #: no index of their own: (meeting, member) and (meeting, presence) begin with the meeting,
    #: (member, presence) with the member (a city's 12 million rows keep four indexes, not six)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("meeting"),
        db_index=False,
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="attendance",
        verbose_name=_("member"),
        db_index=False,
    )
    standing = models.CharField(_("standing"), max_length=16, choices=Standing.choices)
    #: exempted from party work and meetings on the meeting's date
    exempted = models.BooleanField(_("exempted"), default=False)
    presence = models.CharField(
        _("attendance"), max_length=10, choices=Presence.choices, default=Presence.PRESENT
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    #: the member excused themselves before the meeting (the sheet starts from it)
    excused_in_advance = models.BooleanField(_("excused in advance"), default=False)

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once"),
        ]
        indexes = [
            models.Index(fields=["member", "presence"]),
            # the absences of a subtree's meetings (repeated absences) without reading the
            # rows of those who came
            models.Index(fields=["meeting", "presence"], name="attendance_meeting_presence"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_presence_display()}"

    @property
    def counts_in_vote_base(self) -> bool:
        """Official members vote, less those temporarily away and the exempted who stayed away
        (DOMAIN.md §5)."""
        return self.standing == Standing.OFFICIAL and self.presence != Presence.EXEMPTED


class MeetingVote(models.Model):
    """A vote taken at a meeting (a resolution, a conclusion), against that day's vote base."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="votes", verbose_name=_("meeting")
    )
    subject = models.CharField(_("subject"), max_length=255)
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    abstaining = models.PositiveIntegerField(_("abstaining"))
    vote_base = models.PositiveIntegerField(_("vote base"))
    passed = models.BooleanField(_("passed"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    #: a workflow step voted on at the meeting (`coso.meetings.workflow`: "admission",
    #: "recognition", ...) and the id of what it is about (a candidate, a member); blank for a
    #: plain resolution
    workflow = models.CharField(_("workflow step"), max_length=20, blank=True, default="")
    workflow_subject_id = models.PositiveBigIntegerField(null=True, blank=True)

    history = HistoricalRecords()
    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["meeting", "pk"]
        indexes = [models.Index(fields=["workflow", "workflow_subject_id"])]
        constraints = [
            # one vote of a step on its subject (a refused vote is not recorded)
            models.UniqueConstraint(
                fields=["workflow", "workflow_subject_id"],
                condition=~Q(workflow=""),
                name="meeting_vote_workflow_once",
            ),
            models.CheckConstraint(
                condition=Q(workflow="", workflow_subject_id__isnull=True)
                | (~Q(workflow="") & Q(workflow_subject_id__isnull=False)),
                name="meeting_vote_workflow_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.votes_for}/{self.vote_base}"

    @property
    def workflow_url(self) -> str:
        """The page of what a workflow vote was about ('' for a plain vote)."""
        from ..workflow import subject_url  # the registry module imports this one

        return subject_url(self.workflow, self.workflow_subject_id) if self.workflow else ""


class MinutesCorrection(models.Model):
    """A correction of adopted minutes: what changed (each field's value before and after),
    why, who and when. The original stays readable here; the meeting holds the corrected text."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("meeting")
    )
    changes = models.JSONField(_("changes"))
    reason = models.CharField(_("reason"), max_length=500)
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction of the minutes")
        verbose_name_plural = _("corrections of the minutes")
        ordering = ["meeting", "made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.reason}"

    def labelled_changes(self) -> list[tuple[str, str | None, str | None]]:
        """(field's label, value before, value after) of each corrected field."""
        return [
            (capfirst(Meeting._meta.get_field(name).verbose_name), before, after)
            for name, (before, after) in self.changes.items()
        ]


class Material(models.Model):
    """A paper sent to the members before a meeting (a draft resolution, a thematic paper),
    with who wrote it, the committee's approval and when it was published."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="materials", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=255)
    authors = models.CharField(_("authors"), max_length=255, blank=True)
    approved_on = models.DateField(_("approved by the committee on"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="meetings/%Y/", blank=True)
    published_on = models.DateField(_("published on"))
    #: published at least the rule's lead time before the meeting
    on_time = models.BooleanField(_("on time"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["meeting", "published_on", "pk"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """An item of the meeting's agenda as the minutes record it: who spoke and what was said."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=255)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)
    notes = models.TextField(_("what was said"), blank=True)

    history = HistoricalRecords()
    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position"),
        ]

    def __str__(self) -> str:
        return self.title
