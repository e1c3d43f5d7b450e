"""The register's steps: give a document its number, cancel a number, set the body's code.

A number comes from the series of the issuing organization, the document's type and the
committee term running on the document's date (`models.Series`). The series row is locked
(`select_for_update`) while its counter moves, so two requests never get the same number;
a series met for the first time is created under its unique constraint, and a request that
loses that race re-reads the winner's row and waits for its lock. A cancelled number stays in
the register, used: the next number follows the last one given, cancelled or not.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.committees.models import Term
from coso.core.scope import OutOfScope, can_edit, is_system
from coso.orgs.models import Organization

from ..choices import CONGRESS_BODY, DocType
from ..models import IssuingBody, RegisterEntry, Series
from ..symbols import body_code, format_symbol

SUMMARY_MAX = RegisterEntry._meta.get_field("summary").max_length
REASON_MAX = 1000
#: a body code: letters (Vietnamese included) and digits, joined by "-" for joint bodies;
#: capitals only (checked apart)
BODY_CODE = re.compile(r"[^\W_]+(-[^\W_]+)*")
#: how many times a request that lost the race to create a series reads it again
CREATE_ATTEMPTS = 3


def _require_edit(actor, organization: Organization) -> None:
    """Refuse with a 404 (`OutOfScope`): what the actor may not change does not exist for
    them. The system itself (`actor=None`: demo, import, command line) always may."""
    if not (is_system(actor) or can_edit(actor, organization)):
        raise OutOfScope


def _series_key(organization, doc_type: str, congress: bool, issued_on: dt.date) -> dict:
    term = Term.objects.on(issued_on).filter(organization=organization).first()
    return {
        "organization": organization,
        "doc_type": "" if congress else doc_type,
        "congress": congress,
        "term": term,
        "year": None if term else issued_on.year,
    }


def _locked_series(key: dict) -> Series:
    """The series row of `key`, locked; created when it does not exist yet."""
    for _attempt in range(CREATE_ATTEMPTS):
        series = Series.objects.select_for_update().filter(**key).first()
        if series is not None:
            return series
        try:
            # a savepoint: losing the race rolls back this insert only, not the step
            with transaction.atomic():
                Series.objects.create(**key)
        except IntegrityError:
            continue  # another request created it first: read theirs, wait for its lock
    raise RuntimeError("series could not be created nor read")  # pragma: no cover


def _check_issue(organization, doc_type, issued_on, summary) -> None:
    errors = {}
    if doc_type not in DocType.values:
        errors["doc_type"] = _("Choose a document type from the list.")
    if not summary.strip():
        errors["summary"] = _("Give the document's summary (trích yếu).")
    elif len(summary.strip()) > SUMMARY_MAX:
        errors["summary"] = _("The summary is longer than %(n)d characters.") % {"n": SUMMARY_MAX}
    if issued_on > timezone.localdate():
        errors["issued_on"] = _("A number is given on the document's date, not before it.")
    elif organization.established_on and issued_on < organization.established_on:
        errors["issued_on"] = _("%(org)s was established on %(date)s, after this date.") % {
            "org": organization.name,
            "date": f"{organization.established_on:%d/%m/%Y}",
        }
    elif organization.dissolved_on and issued_on >= organization.dissolved_on:
        errors["issued_on"] = _("%(org)s was dissolved on %(date)s.") % {
            "org": organization.name,
            "date": f"{organization.dissolved_on:%d/%m/%Y}",
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def issue_number(
    *,
    organization: Organization,
    doc_type: str,
    issued_on: dt.date,
    summary: str,
    actor=None,
    subject=None,
    congress: bool = False,
) -> RegisterEntry:
    """Give a document of `organization` the next number of its series and register it.

    The series is the type's (all types share the congress's with `congress`) in the term
    running on `issued_on`; without a recorded term, in that calendar year. `subject` (a
    member, transfer, candidate, ...) is what the document is about, linked from the register.
    """
    _require_edit(actor, organization)
    _check_issue(organization, doc_type, issued_on, summary)
    series = _locked_series(_series_key(organization, doc_type, congress, issued_on))
    series.last_number += 1
    series.save(update_fields=["last_number"])
    body = CONGRESS_BODY if congress else body_code(organization)
    return RegisterEntry.objects.create(
        series=series,
        organization=organization,
        number=series.last_number,
        symbol=format_symbol(series.last_number, doc_type, body),
        doc_type=doc_type,
        issued_on=issued_on,
        summary=summary.strip(),
        issuer=None if is_system(actor) else actor,
        subject=subject,
    )


@transaction.atomic
def cancel_number(entry: RegisterEntry, *, reason: str, actor=None) -> RegisterEntry:
    """Cancel a number with its reason. It stays in the register, used: never given again."""
    entry = (
        RegisterEntry.objects.select_for_update().select_related("organization").get(pk=entry.pk)
    )
    _require_edit(actor, entry.organization)
    if entry.is_cancelled:
        raise ValidationError(
            _("Number %(symbol)s was already cancelled on %(date)s.")
            % {"symbol": entry.symbol, "date": f"{entry.cancelled_on:%d/%m/%Y}"}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the number.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("The reason is longer than %(n)d characters.") % {"n": REASON_MAX}}
        )
    entry.cancelled_on = timezone.localdate()
    entry.cancel_reason = reason
    entry.cancelled_by = None if is_system(actor) else actor
    entry.save(update_fields=["cancelled_on", "cancel_reason", "cancelled_by", "search_text"])
    return entry


@transaction.atomic
def set_body_code(organization: Organization, *, abbreviation: str, actor=None) -> IssuingBody:
    """Set the code `organization` signs its documents' symbols with ("ĐUK"). Numbers already
    given keep the symbol they were given with."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    _require_edit(actor, organization)
    code = (abbreviation or "").strip()
    if not BODY_CODE.fullmatch(code) or code != code.upper() or len(code) > 24:
        raise ValidationError(
            {
                "abbreviation": _(
                    "A body code is written in capital letters and digits, joined by a hyphen "
                    "for joint bodies (ĐUK, BTCĐUK, ĐU-UBND), at most 24 characters."
                )
            }
        )
    body, _created = IssuingBody.objects.update_or_create(
        organization=organization, defaults={"abbreviation": code}
    )
    return body
