from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    """What kind of meeting (HD 12-HD/BTCTW 2018, HD 42-HD/BTCTW 2025)."""

    REGULAR = "regular", _("Monthly meeting")
    THEMATIC = "thematic", _("Thematic meeting")
    EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")
    COMMITTEE = "committee", _("Committee meeting")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held, minutes being written")
    ADOPTED = "adopted", _("Minutes adopted")


class MaterialKind(models.TextChoices):
    DRAFT_RESOLUTION = "draft_resolution", _("Draft resolution")
    THEMATIC_PAPER = "thematic_paper", _("Thematic paper")
    OTHER = "other", _("Other material")


class Standing(models.TextChoices):
    """Where a person on a meeting's roster stands on its date: who votes, who is listed apart."""

    OFFICIAL = "official", _("Official member")
    PROBATIONARY = "probationary", _("Probationary member")
    TEMPORARY = "temporary", _("Temporary member (no vote here)")
    AWAY = "away", _("Temporarily transferred out")


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent with a reason")
    ABSENT = "absent", _("Absent without a reason")
    #: an exempted member who stayed away (the default for them)
    EXEMPTED = "exempted", _("Exempted, not attending")
    #: a member temporarily transferred out: called at the host cell, not here
    NOT_CALLED = "not_called", _("Attends elsewhere (temporary transfer)")


#: what a secretary may mark by hand
MARKS = (Presence.PRESENT, Presence.EXCUSED, Presence.ABSENT, Presence.EXEMPTED)


class QualityGrade(models.TextChoices):
    """A meeting's quality from its score (the rule `meeting_quality_grades`)."""

    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    AVERAGE = "average", _("Average")
    POOR = "poor", _("Poor")


#: the parts of the quality sheet, as the rule `meeting_quality_sheet` names them
QUALITY_PARTS = {
    "preparation": _("Preparation"),
    "attendance": _("Attendance"),
    "conduct": _("Conduct of the meeting"),
    "closing": _("Closing"),
}


class TaskBody(models.TextChoices):
    """A resolution's task given to the organization itself rather than to a named member."""

    COMMITTEE = "committee", _("The committee")
    WHOLE = "whole", _("The whole organization")


class TaskState(models.TextChoices):
    """Where a resolution's task stands on a day (computed, never stored)."""

    OPEN = "open", _("Being done")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")
