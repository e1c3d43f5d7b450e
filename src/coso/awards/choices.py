"""The choices of commendations and party badges."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    MEMBER = "member", _("Member")
    ORGANIZATION = "organization", _("Party organization")


class Level(models.TextChoices):
    """The level of the body that grants a commendation."""

    STATE = "state", _("State (President, Government)")
    CENTRAL = "central", _("Central (Party Central Committee)")
    PROVINCE = "province", _("City or provincial committee")
    BLOC = "bloc", _("Bloc committee")
    GRASSROOTS = "grassroots", _("Grassroots committee")
    OTHER = "other", _("Other")


class Kind(models.TextChoices):
    """What is granted."""

    ORDER = "order", _("Order (Huân chương)")
    MERIT = "merit", _("Certificate of merit (Bằng khen)")
    CERTIFICATE = "certificate", _("Certificate of commendation (Giấy khen)")
    TITLE = "title", _("Title (danh hiệu)")
    OTHER = "other", _("Other")


class CommendationStatus(models.TextChoices):
    VALID = "valid", _("In force")
    REVOKED = "revoked", _("Revoked")


class BadgeStatus(models.TextChoices):
    """A badge's way: proposed, decided, presented; withdrawn (the proposal dropped) and
    returned (an expelled member gives it back) no longer count as awarded."""

    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    PRESENTED = "presented", _("Presented")
    WITHDRAWN = "withdrawn", _("Proposal withdrawn")
    RETURNED = "returned", _("Returned (expelled)")


#: the statuses of a badge that count as awarded (or on its way): no second one of these years
COUNTED = (BadgeStatus.PROPOSED, BadgeStatus.DECIDED, BadgeStatus.PRESENTED)
