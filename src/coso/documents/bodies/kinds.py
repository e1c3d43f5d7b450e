"""The document kinds whose body the office may adjust, the shipped default of each, and the
placeholders each kind's text may use (a fixed context, listed on the edit page)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    """One per builder (`coso.documents.builders`); the value names the default file."""

    TRANSFER_LETTER = "transfer_letter", _("Transfer letter")
    ADMISSION_DECISION = "admission_decision", _("Admission decision")
    RECOGNITION_DECISION = "recognition_decision", _("Recognition decision")
    CELL_RESOLUTION = "cell_resolution", _("Cell's resolution on an admission")
    MEMBER_LIST = "member_list", _("Member list")


_MEMBER = {
    "member.full_name": _("the member's full name"),
    "member.birth_date": _("date of birth (dd/mm/yyyy)"),
    "member.hometown": _("hometown (may be empty)"),
    "member.card_number": _("party card number (may be empty)"),
    "member.admitted_on": _("date admitted to the Party"),
    "member.recognized_on": _("date recognized as an official member"),
}
_CANDIDATE = {
    "candidate.full_name": _("the candidate's full name"),
    "candidate.birth_date": _("date of birth (dd/mm/yyyy)"),
    "candidate.hometown": _("hometown (may be empty)"),
}
_DECISION = {
    "deciding_body": _("the collective that decides, in capitals"),
    "basis": _("the further grounds, a list: write them in a loop, for ground in basis"),
    "cell": _("the cell, as named in a sentence"),
}

#: kind -> {placeholder: what it holds}; the builders give exactly these names
PLACEHOLDERS: dict[str, dict[str, object]] = {
    BodyKind.TRANSFER_LETTER: {
        **_MEMBER,
        "probationary": _("true for a probationary member"),
        "status": _("“chính thức” or “dự bị”"),
        "from_organization": _("the organization the member leaves"),
        "to_organization": _("the organization the member goes to"),
        "kind": _("“chính thức” or “tạm thời” (a temporary transfer)"),
        "until": _("end of a temporary transfer (may be empty)"),
        "hand_in_due": _("the day the letter is handed in by (may be empty)"),
    },
    BodyKind.ADMISSION_DECISION: {
        **_CANDIDATE,
        **_DECISION,
        "probation_months": _("months of probation (the rule in force)"),
    },
    BodyKind.RECOGNITION_DECISION: {
        **{k: v for k, v in _MEMBER.items() if k != "member.recognized_on"},
        **_DECISION,
        "official_from": _("official member from (dd/mm/yyyy)"),
    },
    BodyKind.CELL_RESOLUTION: {
        **_CANDIDATE,
        "met_on": _("the day the cell met (dd/mm/yyyy)"),
        "cell": _("the cell, as named in a sentence"),
        "deciding_committee": _("the committee asked to decide"),
        "vote.total": _("members of the cell"),
        "vote.official": _("official members"),
        "vote.probationary": _("probationary members"),
        "vote.present": _("members present"),
        "vote.absent": _("members absent"),
        "vote.votes_for": _("official members in favour"),
        "vote.votes_against": _("official members against"),
        "vote.share": _("share in favour, “83,3%”"),
    },
    BodyKind.MEMBER_LIST: {
        "organization": _("the organization listed"),
        "on": _("the day of the list (dd/mm/yyyy)"),
        "count": _("number of members listed"),
    },
}

#: the kinds whose body holds a table, placed by the line [BẢNG]
WITH_TABLE = frozenset({BodyKind.MEMBER_LIST})


@cache
def default_text(kind: str) -> str:
    """The shipped default body of `kind` (``bodies/<kind>.txt``, package data)."""
    if kind not in BodyKind.values:
        raise ValueError(f"unknown body kind {kind!r}")
    return resources.files(__package__).joinpath(f"{kind}.txt").read_text(encoding="utf-8")
