from django.db import models
from django.utils.translation import gettext_lazy as _


class BasisCategory(models.TextChoices):
    """What a member's dues are computed from (QĐ 342-QĐ/TW, QĐ 01-QĐ/TW)."""

    SALARY = "salary", _("Social-insurance salary")
    BENEFIT = "benefit", _("Sick or maternity benefit")
    PENSION = "pension", _("Pension")
    STUDENT = "student", _("Pupil or student")
    OTHER = "other", _("Other (regional minimum wage)")


#: the categories whose amount is a share of an income the basis states
INCOME_CATEGORIES = {BasisCategory.SALARY, BasisCategory.BENEFIT, BasisCategory.PENSION}


class Region(models.IntegerChoices):
    I = 1, _("Region I")  # noqa: E741 (the regions' own numerals)
    II = 2, _("Region II")
    III = 3, _("Region III")
    IV = 4, _("Region IV")


class ReliefKind(models.TextChoices):
    EXEMPTION = "exemption", _("Exemption")
    REDUCTION = "reduction", _("Reduction")


class ReliefReason(models.TextChoices):
    LONG_MEMBERSHIP = "long_membership", _("50 years' membership or more")
    SOCIAL_PENSION = "social_pension", _("Social pension")
    POOR_HOUSEHOLD = "poor_household", _("Poor or near-poor household")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    HARDSHIP = "hardship", _("Economic hardship")


class Channel(models.TextChoices):
    CASH = "cash", _("Cash at the meeting")
    PORTAL = "portal", _("Public-service portal")


class MonthRelief(models.TextChoices):
    """What the ledger row of a month records of a relief (the amount is already applied)."""

    NONE = "", _("None")
    EXEMPT = "exempt", _("Exempt")
    REDUCED = "reduced", _("Reduced")
