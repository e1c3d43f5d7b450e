"""The office's steps on the body templates (`coso.documents.bodies`): save a new version of an
organization's text, restore an old version, go back to the inherited text or the default.

Every step locks the organization's row, so two saves never take the same version number; the
actor must be able to edit the organization (out of scope: `OutOfScope`, a 404); a refused step
writes nothing. Every version is kept: restoring and resetting add a version.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coso.core.scope import OutOfScope, can_edit, is_system
from coso.orgs.models import Organization

from ..bodies.kinds import BodyKind
from ..bodies.samples import check_body
from ..models import BodyTemplate

#: the longest text an office may save (a body is a page or two)
TEXT_MAX = 20_000


def _locked(actor, organization: Organization, kind: str) -> Organization:
    if not (is_system(actor) or can_edit(actor, organization)):
        raise OutOfScope
    if kind not in BodyKind.values:
        raise ValidationError(_("Choose a document kind from the list."), code="kind")
    return Organization.objects.select_for_update().get(pk=organization.pk)


def _own(organization: Organization, kind: str) -> BodyTemplate | None:
    return BodyTemplate.objects.filter(organization=organization, kind=kind).first()


def _add(organization, kind, text, actor, restored_from=None) -> BodyTemplate:
    last = BodyTemplate.objects.filter(organization=organization, kind=kind).aggregate(
        n=Max("version")
    )["n"]
    return BodyTemplate.objects.create(
        organization=organization,
        kind=kind,
        version=(last or 0) + 1,
        text=text,
        restored_from=restored_from,
        actor=None if is_system(actor) else actor,
    )


def _checked(kind: str, text: str) -> str:
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if not text:
        raise ValidationError({"text": _("The document's text is empty.")})
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {"text": _("The text is longer than %(n)d characters.") % {"n": TEXT_MAX}}
        )
    try:
        check_body(kind, text)
    except ValidationError as error:
        raise ValidationError({"text": error.error_list}) from None
    return text + "\n"


@transaction.atomic
def save_body_template(organization, kind: str, text: str, actor=None) -> BodyTemplate:
    """A new version of `organization`'s body text of `kind`; refused when the text does not
    render with the kind's samples (unknown placeholder, a tag not allowed, empty) or is the
    text already in force of its own."""
    organization = _locked(actor, organization, kind)
    text = _checked(kind, text)
    own = _own(organization, kind)
    if own is not None and own.text == text:
        raise ValidationError({"text": _("This text is already the one in force.")})
    return _add(organization, kind, text, actor)


@transaction.atomic
def restore_body_template(version: BodyTemplate, actor=None) -> BodyTemplate:
    """A new version copying `version`'s text (a restored reset resets again)."""
    organization = _locked(actor, version.organization, version.kind)
    own = _own(organization, version.kind)
    if own is not None and own.text == version.text:
        raise ValidationError(
            _("Version %(n)s is the text in force already.") % {"n": version.version}
        )
    if version.text:
        try:
            check_body(version.kind, version.text)
        except ValidationError as error:
            raise ValidationError(
                _("Version %(n)s no longer renders: %(why)s")
                % {"n": version.version, "why": " ".join(error.messages)}
            ) from None
    return _add(organization, version.kind, version.text, actor, restored_from=version.version)


@transaction.atomic
def reset_to_default(organization, kind: str, actor=None) -> BodyTemplate:
    """Drop `organization`'s own text of `kind` (kept as a version): it follows its nearest
    ancestor's text again, or the shipped default."""
    organization = _locked(actor, organization, kind)
    own = _own(organization, kind)
    if own is None or not own.text:
        raise ValidationError(
            _("%(org)s has no text of its own for this document.") % {"org": organization.name}
        )
    return _add(organization, kind, "", actor)
