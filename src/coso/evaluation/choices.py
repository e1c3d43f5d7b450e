"""The choices of the annual evaluation (DOMAIN.md §3, §12, §17)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    """The four grades, for members and for organizations alike, best first."""

    EXCELLENT = "excellent", _("Completed tasks excellently")
    GOOD = "good", _("Completed tasks well")
    COMPLETE = "complete", _("Completed tasks")
    INCOMPLETE = "incomplete", _("Did not complete tasks")


#: best first: a grade's rank (0 the best) for "at most" comparisons
GRADE_RANK = {grade: rank for rank, grade in enumerate(Grade.values)}
#: the grades that count as "GOOD or better" (the quota's base, Plan 74's target)
GOOD_OR_BETTER = (Grade.EXCELLENT, Grade.GOOD)


class PeriodKind(models.TextChoices):
    """QĐ 366 evaluates by year, term, quarter or when needed."""

    YEAR = "year", _("Year")
    TERM = "term", _("Term")
    QUARTER = "quarter", _("Quarter")
    AD_HOC = "ad_hoc", _("When needed")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SubjectKind(models.TextChoices):
    MEMBER = "member", _("Party member")
    ORGANIZATION = "organization", _("Party organization")


class Form(models.TextChoices):
    """The self-assessment forms of HD 43-HD/BTCTW (2025): 2A, 2B, 2C for members, 01 for a
    collective."""

    MEMBER_2A = "2A", _("Form 2A: member without a leadership post")
    MEMBER_2B = "2B", _("Form 2B: member with a leadership or management post")
    MEMBER_2C = "2C", _("Form 2C: member working outside the political system")
    COLLECTIVE_01 = "01", _("Form 01: report of a collective")


class Stage(models.TextChoices):
    """Where an evaluation stands; a decided one is locked (a change needs a reason)."""

    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    REVIEWED = "reviewed", _("Reviewed and proposed")
    VERIFIED = "verified", _("Verified by the level above")
    DECIDED = "decided", _("Decided")


class NotGraded(models.TextChoices):
    """Why a member or an organization of the period is not graded (HD 21-HD/BTCTW 2019 §II.6,
    kept by the later guidance)."""

    EXEMPTED = "exempted", _("Exempted from party work and meetings")
    ADMITTED_LATE = "admitted_late", _("Admitted less than the rule's months before the end")
    FOUNDED_LATE = "founded_late", _("Founded less than the rule's months before the end")
    LEFT = "left", _("No longer a member of the organization")


class Pillar(models.TextChoices):
    """The four pillars of a four-good cell or grassroots organization (DOMAIN.md §17)."""

    TASKS = "tasks", _("Political tasks done well")
    MEETINGS = "meetings", _("Good meetings")
    UNITY = "unity", _("Good unity and discipline")
    CADRES = "cadres", _("Good cadres and members")
