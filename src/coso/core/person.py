"""The person both apps keep a record of: a party member (`coso.members`) and a candidate for
admission (`coso.admission`).

`Person` holds the fields the two records share word for word (names, sex, date of birth,
ethnicity, religion, hometown, current address, phone, education and work), the values derived
from them (the full name and its sort key), and the checks both records make of them. Each
record keeps what differs: the member's CCCD is unique and its education a free text, the
candidate's CCCD need not be and its education a choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Sex
from .dates import EARLIEST_DATE, format_date
from .text import name_sort_key
from .validators import normalize_text_fields, phone_error

cccd_validator = RegexValidator(r"^\d{12}$", _("The citizen ID (CCCD) must be exactly 12 digits."))

#: the name fields, family name first (Vietnamese order)
NAME_FIELDS = ("family_name", "middle_name", "given_name")


def birth_date_problem(birth: dt.date | None, today: dt.date) -> str | None:
    """Why a date of birth is implausible (in the future, or before `EARLIEST_DATE`), or None."""
    if not birth:
        return None
    if birth > today:
        return _("The date of birth cannot be in the future.")
    if birth < EARLIEST_DATE:
        return _("The date of birth cannot be before %(date)s.") % {
            "date": format_date(EARLIEST_DATE)
        }
    return None


def add_contact_errors(person, errors: dict[str, list]) -> None:
    """The phone's and the CCCD's messages, added to `errors`. `person` is a record or any
    object with its `phone` and `cccd` (the importer checks plain row values)."""
    problem = phone_error(person.phone)
    if problem:
        errors.setdefault("phone", []).append(problem)
    if person.cccd and not person.cccd.isascii():  # the validator's \d takes any script's digits
        errors.setdefault("cccd", []).append(cccd_validator.message)


class Person(models.Model):
    """A person's record: the fields members and candidates share (abstract). Each record
    declares its own `cccd` (with `cccd_validator`) and `compute_derived`."""

    family_name = models.CharField(_("family name"), max_length=50)
    middle_name = models.CharField(_("middle name"), max_length=80, blank=True)
    given_name = models.CharField(_("given name"), max_length=50)
    full_name = models.CharField(_("full name"), max_length=200, editable=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=40, default="Kinh")
    religion = models.CharField(_("religion"), max_length=60, blank=True, default="Không")
    hometown = models.CharField(_("hometown"), max_length=255, blank=True)
    current_address = models.CharField(_("current address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    education_professional = models.CharField(
        _("professional qualification"), max_length=120, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    # derived, stored so both databases sort and search alike
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    search_text = models.CharField(max_length=400, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.compute_derived()
        super().save(*args, **kwargs)

    def compute_derived(self) -> None:  # pragma: no cover - each record derives its own
        raise NotImplementedError

    def derive_names(self, text_fields: Iterable[str], name_fields: Iterable[str]) -> None:
        """Text stored composed (NFC), the names' spaces collapsed, then the full name and
        its sort key."""
        normalize_text_fields(self, text_fields)
        for f in name_fields:
            setattr(self, f, " ".join((getattr(self, f) or "").split()))
        self.full_name = " ".join(p for p in (getattr(self, f) for f in NAME_FIELDS) if p)
        self.sort_key = name_sort_key(self.family_name, self.middle_name, self.given_name)
        if self.cccd == "":
            self.cccd = None
