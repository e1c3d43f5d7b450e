"""Who decides admissions: delegating that power to a grassroots committee."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import format_date as _d
from coso.core.services import require_decision_number
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from ..models import AdmissionAuthority


@transaction.atomic
def set_admission_authority(
    organization: Organization,
    *,
    may_decide: bool,
    valid_from: dt.date,
    decision_number: str,
    note: str = "",
    actor=None,
) -> AdmissionAuthority:
    """Delegate (or withdraw) the power to decide admissions to a grassroots committee from
    ``valid_from``; the delegation in force until then ends that day. The decision is the
    superior's: the actor needs an editing role above the committee."""
    if organization.kind != OrgKind.GRASSROOTS_COMMITTEE:
        raise ValidationError(
            {"organization": _("Only a grassroots committee can be given the power to decide "
                               "admissions.")}
        )  # fmt: skip
    if actor is not None and not (
        Organization.objects.restructurable_by(actor).filter(pk=organization.pk).exists()
    ):
        raise ValidationError(
            {"organization": _("Only the committee above %(org)s can delegate this power.")
             % {"org": organization.name}}
        )  # fmt: skip
    decision_number = require_decision_number(decision_number)
    # one delegation at a time per committee: a decision sent twice is refused below
    Organization.objects.select_for_update().get(pk=organization.pk)
    previous = AdmissionAuthority.objects.filter(
        organization=organization, valid_to__isnull=True
    ).order_by("-valid_from")
    for row in previous:
        if row.valid_from >= valid_from:
            raise ValidationError(
                {"valid_from": _("A later delegation (from %(date)s) is already recorded.")
                 % {"date": _d(row.valid_from)}}
            )  # fmt: skip
        row.valid_to = valid_from
        row.save(update_fields=["valid_to"])
    return AdmissionAuthority.objects.create(
        organization=organization,
        may_decide=may_decide,
        valid_from=valid_from,
        decision_number=decision_number,
        note=note,
        actor=actor,
    )
