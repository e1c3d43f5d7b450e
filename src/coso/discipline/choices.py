"""The choices of discipline: the subject's kind, penalties, steps, outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    """Who is disciplined; the penalties allowed depend on it (rule `discipline_penalties`)."""

    MEMBER = "member", _("Official member")
    PROBATIONARY = "probationary", _("Probationary member")
    ORGANIZATION = "organization", _("Party organization")


class Penalty(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    DISMISSAL = "dismissal", _("Dismissal from office")
    EXPULSION = "expulsion", _("Expulsion")
    DISSOLUTION = "dissolution", _("Dissolution")


class Step(models.TextChoices):
    """The steps of a case, in order (a step may be skipped only where its service says)."""

    OPENED = "opened", _("Case opened")
    SELF_REVIEW = "self_review", _("Self-review")
    CELL_VOTE = "cell_vote", _("Cell's vote")
    PROPOSAL = "proposal", _("Proposal to the higher level")
    DECISION = "decision", _("Decision")
    APPEAL = "appeal", _("Appeal")
    APPEAL_OUTCOME = "appeal_outcome", _("Appeal's outcome")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Being handled")
    DEFERRED = "deferred", _("Deferred")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed without penalty")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Penalty upheld")
    CHANGED = "changed", _("Penalty changed")
    ANNULLED = "annulled", _("Penalty annulled")


class DecidingBody(models.TextChoices):
    """Which body of the deciding organization decides (and signs the decision): its
    committee (for a cell, the cell) or its inspection committee."""

    COMMITTEE = "committee", _("Committee")
    INSPECTION_COMMITTEE = "inspection_committee", _("Inspection committee")
