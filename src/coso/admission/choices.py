from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """The steps of an admission, in order (the order in force is the rule `admission_steps`)."""

    AWARENESS_COURSE = "awareness_course", _("Awareness course certificate")
    APPLICATION = "application", _("Application letter")
    PERSONAL_HISTORY = "personal_history", _("Personal history (form 2-KNĐ)")
    BACKGROUND_CHECK = "background_check", _("Background check")
    INTRODUCTION = "introduction", _("Introducers")
    COMMENTS = "comments", _("Comments of mass organizations and the residence cell")
    CELL_RESOLUTION = "cell_resolution", _("Cell resolution")
    DECISION = "decision", _("Admission decision")
    CEREMONY = "ceremony", _("Admission ceremony")


#: short column titles of the pipeline board
STEP_SHORT_LABELS = {
    Step.AWARENESS_COURSE: _("Awareness course"),
    Step.APPLICATION: _("Application"),
    Step.PERSONAL_HISTORY: _("Personal history"),
    Step.BACKGROUND_CHECK: _("Background check"),
    Step.INTRODUCTION: _("Introducers"),
    Step.COMMENTS: _("Comments"),
    Step.CELL_RESOLUTION: _("Cell resolution"),
    Step.DECISION: _("Decision"),
    Step.CEREMONY: _("Ceremony"),
}


class CandidateStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    ADMITTED = "admitted", _("Admitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Not admitted")


class CandidateSource(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union member")
    STAFF = "staff", _("Staff member")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")


class Education(models.TextChoices):
    """General education, lowest first (the rule `admission_min_education` names one)."""

    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower-secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper-secondary school")


EDUCATION_ORDER = [Education.PRIMARY, Education.LOWER_SECONDARY, Education.UPPER_SECONDARY]
#: how the member record (Member.education_general) writes each level
EDUCATION_RECORD = {
    Education.PRIMARY: "5/12",
    Education.LOWER_SECONDARY: "9/12",
    Education.UPPER_SECONDARY: "12/12",
}


class ProbationOutcome(models.TextChoices):
    RECOGNIZED = "recognized", _("Recognized as official member")
    STRUCK_OFF = "struck_off", _("Struck off the probationary list")
