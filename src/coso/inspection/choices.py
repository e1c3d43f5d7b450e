from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanBody(models.TextChoices):
    """Who adopts a yearly inspection and supervision plan: the committee (cấp ủy; a cell's
    own plan) or its inspection committee (ủy ban kiểm tra, from a grassroots committee up)."""

    COMMITTEE = "committee", _("Committee")
    INSPECTION_COMMITTEE = "inspection_committee", _("Inspection committee")


class Activity(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")


class InspectionKind(models.TextChoices):
    """Regular (thường xuyên) or thematic (chuyên đề), planned; or on signs of violation (khi
    có dấu hiệu vi phạm), opened from a supervision or a feedback item, outside the plan."""

    REGULAR = "regular", _("Regular")
    THEMATIC = "thematic", _("Thematic")
    SIGNS = "signs", _("On signs of violation")


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONCLUDED = "concluded", _("Concluded")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    MEMBER = "member", _("Team member")


class FollowUpState(models.TextChoices):
    OPEN = "open", _("Open")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")


class SenderKind(models.TextChoices):
    """Who gives the feedback (KH 74-KH/ĐUK §III.6)."""

    MEMBER = "member", _("Party member")
    STAFF = "staff", _("Staff, civil servant, public employee")
    YOUTH_UNION = "youth_union", _("Youth Union")
    TRADE_UNION = "trade_union", _("Trade union")
    WOMENS_UNION = "womens_union", _("Women's union")
    CITIZEN = "citizen", _("Citizen")


class FeedbackChannel(models.TextChoices):
    LETTER = "letter", _("Letter")
    COMMENT = "comment", _("Comment in person or at a meeting")
    ONLINE = "online", _("Sent in coso by a member")


#: the channels of feedback the office records (a member's own is sent in coso)
RECEIVED_CHANNELS = [
    (FeedbackChannel.LETTER.value, FeedbackChannel.LETTER.label),
    (FeedbackChannel.COMMENT.value, FeedbackChannel.COMMENT.label),
]


class FeedbackState(models.TextChoices):
    OPEN = "open", _("Open")
    LATE = "late", _("Late")
    ANSWERED = "answered", _("Answered")


class FeedbackOutcome(models.TextChoices):
    CLOSED = "closed", _("Closed")
    TO_INSPECTION = "to_inspection", _("Passed to inspection")
