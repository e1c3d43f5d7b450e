from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    """What a target measures, each computed from the work itself (queries/measures.py)."""

    # share of party organizations (grassroots organizations and cells) graded GOOD or better
    ORGANIZATIONS_GOOD = "organizations_good", _("organizations graded good or better")
    # share of the members graded GOOD or better
    MEMBERS_GOOD = "members_good", _("members graded good or better")
    # new members admitted in the year (a count)
    ADMISSIONS = "admissions", _("new members admitted")
    # new members admitted in the year over the members at the start of the year
    ADMISSION_RATE = "admission_rate", _("new members over the members at the start of the year")
    # share of cells holding at least four thematic meetings in the year
    THEMATIC_MEETINGS = "thematic_meetings", _("cells holding four thematic meetings or more")
    # share of grassroots organizations with a study plan for the year
    STUDY_PLANS = "study_plans", _("organizations with a study plan")
    # share of the members with a personal commitment for the year
    COMMITMENTS = "commitments", _("members with a personal commitment")
    # members removed in the year by screening (struck off, expelled, resigned): a count
    REMOVALS = "removals", _("members removed by screening")
    # share of grassroots organizations awarded the four-good title
    FOUR_GOOD = "four_good", _("organizations awarded the four-good title")
    # members disciplined in the year: a count
    DISCIPLINE = "discipline", _("members disciplined")
    # share of the dues owed in the year that were collected
    DUES_COLLECTED = "dues_collected", _("dues collected")


class Unit(models.TextChoices):
    PERCENT = "percent", _("percent")
    COUNT = "count", _("count")
