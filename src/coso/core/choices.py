from django.db import models
from django.utils.translation import gettext_lazy as _


class DaySwapKind(models.TextChoices):
    WORKING = "working", _("Make-up working day")  # a weekend day that is worked
    OFF = "off", _("Substitute day off")  # a weekday that is off


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
