"""What the inspection and feedback steps share: who may act (the handling scope, a 404
outside it), the locks, and the checks of a subject and of a text."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.core.scope import OutOfScope, is_system
from coso.core.validators import text_error
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from ..choices import InspectionState, PlanBody
from ..models import Inspection
from ..scope import handles

#: kinds of organization with an inspection committee (ủy ban kiểm tra): a grassroots
#: committee and above (GLOSSARY: "from đảng ủy cơ sở upward")
INSPECTION_COMMITTEE_KINDS = {OrgKind.SUPERIOR, OrgKind.GRASSROOTS_COMMITTEE}


def require_handler(actor, org: Organization) -> None:
    """The actor handles `org`'s inspection and feedback, else a 404."""
    if not is_system(actor) and not handles(actor, org):
        raise OutOfScope


def check_body(org: Organization, body: str) -> None:
    if body not in PlanBody.values:
        raise ValidationError({"body": _("Choose who adopts it.")})
    if body == PlanBody.INSPECTION_COMMITTEE and org.kind not in INSPECTION_COMMITTEE_KINDS:
        raise ValidationError(
            {"body": _("%(org)s has no inspection committee: its committee adopts the plan.")
             % {"org": org.name}}
        )  # fmt: skip


def text(value: str, field: str, message: str) -> str:
    """A required text, stripped: `message` when empty; refused with an invisible or control
    character (it would break the printed conclusion, as everywhere: core.validators)."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    problem = text_error(value)
    if problem:
        raise ValidationError({field: problem})
    return value


def check_subject(org: Organization, subject_organization, subject_member) -> None:
    """One subject, an organization or a member, within `org`'s subtree."""
    if (subject_organization is None) == (subject_member is None):
        raise ValidationError(
            {"subject_organization": _("Choose one subject: an organization or a member.")}
        )
    path = subject_organization.path if subject_organization else subject_member.organization.path
    if not path.startswith(org.path):
        raise ValidationError(
            {"subject_organization": _("%(org)s inspects only its own organizations and members.")
             % {"org": org.name}}
        )  # fmt: skip


def lock_inspection(inspection: Inspection, actor) -> Inspection:
    inspection = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("organization", "subject_organization", "subject_member", "plan")
        .get(pk=inspection.pk)
    )
    require_handler(actor, inspection.organization)
    return inspection


def check_open(inspection: Inspection) -> None:
    if inspection.state == InspectionState.CONCLUDED:
        raise ValidationError(_("This inspection is concluded: it can no longer change."))
