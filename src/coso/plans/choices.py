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


# --- reports up the tree (DOMAIN.md §14) -----------------------------------------------------


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")


class ReportLevel(models.TextChoices):
    """Which organizations of the superior's subtree owe its reports."""

    GRASSROOTS = "grassroots", _("Grassroots organizations")
    CELLS = "cells", _("Cells")
    CHILDREN = "children", _("Direct subordinates")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


#: statuses of a report that the superior has in hand (not late any more)
SENT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)

#: the HD 11-HD/BTCTW membership movement, in the form's order: (field, label)
FIGURES = (
    ("members_start", _("members at the start")),
    ("admitted", _("admitted")),
    ("reinstated", _("re-admitted")),
    ("transferred_in", _("transferred in")),
    ("died", _("died")),
    ("transferred_out", _("transferred out")),
    ("struck_off", _("struck off")),
    ("expelled", _("expelled")),
    ("resigned", _("resigned")),
    ("members_end", _("members at the end")),
    ("official_end", _("official members at the end")),
    ("probationary_end", _("probationary members at the end")),
    ("recognized", _("recognized as official")),
    ("exempted", _("exempted")),
    ("badges", _("badges awarded")),
)
INCREASES = ("admitted", "reinstated", "transferred_in")
DECREASES = ("died", "transferred_out", "struck_off", "expelled", "resigned")

#: the narrative sections the secretary writes (DOMAIN.md §14): (field, label)
NARRATIVE = (
    ("political_situation", _("political and ideological situation")),
    ("political_tasks", _("leadership of political tasks")),
    ("party_building", _("party building")),
    ("assessment", _("assessment")),
    ("next_tasks", _("next period's tasks")),
    ("proposals", _("proposals")),
)
