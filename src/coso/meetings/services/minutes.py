"""After and before the meeting: a correction of adopted minutes (with its reason, the
original kept) and the materials sent to the members beforehand (on time or not, by the rule's
lead time)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.audit import save_versioned
from coso.core.rules import rule_in_force
from coso.core.scope import is_system

from ..choices import MaterialKind
from ..models import AgendaItem, Material, Meeting, MinutesCorrection
from .parts import check_times, check_unlocked, lock_meeting

#: what a correction may change in adopted minutes
CORRECTABLE = ("starts_at", "ends_at", "conclusion", "place", "agenda")


def _shown(value) -> str | None:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


@transaction.atomic
def correct_minutes(meeting: Meeting, *, reason: str, actor=None, **changes) -> MinutesCorrection:
    """Correct adopted minutes: the fields in `changes` (of `CORRECTABLE`) take their new
    values; the correction keeps each one's value before, with the reason, who and when.
    Refused: minutes not adopted (change them directly), no reason, nothing changed, a field
    that cannot be corrected, an end before the start."""
    meeting = lock_meeting(meeting, actor)
    if not meeting.locked:
        raise ValidationError(_("The minutes are not adopted yet: change them directly."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("A correction of adopted minutes needs its reason.")})
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    if "conclusion" in changes and not str(changes["conclusion"]).strip():
        raise ValidationError({"conclusion": _("Write the chair's conclusion.")})
    diff = {
        name: [_shown(getattr(meeting, name)), _shown(value)]
        for name, value in changes.items()
        if getattr(meeting, name) != value
    }
    if not diff:
        raise ValidationError(_("The correction changes nothing."))
    for name in diff:
        setattr(meeting, name, changes[name])
    check_times(meeting.starts_at, meeting.ends_at)
    save_versioned(meeting, actor)
    return MinutesCorrection.objects.create(
        meeting=meeting, changes=diff, reason=reason, made_by=None if is_system(actor) else actor
    )


@transaction.atomic
def publish_material(
    meeting: Meeting,
    *,
    kind: str,
    title: str,
    authors: str = "",
    approved_on: dt.date | None = None,
    file=None,
    published_on: dt.date | None = None,
    actor=None,
) -> Material:
    """Send a paper to the members before the meeting. It is on time when published at least
    the rule's lead time (days) before the meeting (HD 42: 1 day); a late one is recorded as
    late. Refused: adopted minutes, a thematic paper without its authors or the committee's
    approval, an approval after publication, a date ahead of today."""
    meeting = lock_meeting(meeting, actor)
    if meeting.locked:
        raise ValidationError(_("The minutes of this meeting are adopted: no more materials."))
    if kind not in MaterialKind.values:
        raise ValidationError({"kind": _("Choose the kind of material.")})
    title, authors = title.strip(), authors.strip()
    if not title:
        raise ValidationError({"title": _("Give the material its title.")})
    published_on = published_on or timezone.localdate()
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": _("The publication date cannot be in the future.")})
    if kind == MaterialKind.THEMATIC_PAPER and not (authors and approved_on):
        raise ValidationError(
            {
                "authors": _(
                    "A thematic paper names its authors and the date the committee approved it."
                )
            }
        )
    if approved_on and approved_on > published_on:
        raise ValidationError(
            {"approved_on": _("The committee approves a paper before it is published.")}
        )
    lead = rule_in_force("meeting_materials_lead_days", meeting.date)
    material = Material(
        meeting=meeting,
        kind=kind,
        title=title,
        authors=authors,
        approved_on=approved_on,
        published_on=published_on,
        on_time=(meeting.date - published_on).days >= lead.value,
        legal_basis=lead.legal_basis,
    )
    if file is not None:
        material.file = file
    material._history_user = actor
    material.save()
    return material


@transaction.atomic
def add_agenda_item(
    meeting: Meeting, *, title: str, speakers: str = "", notes: str = "", actor=None
) -> AgendaItem:
    """Record an agenda item as the minutes tell it: its title, who spoke and what was said,
    after the items already recorded. Refused: adopted minutes, no title."""
    meeting = lock_meeting(meeting, actor)
    check_unlocked(meeting)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the agenda item its title.")})
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem(
        meeting=meeting,
        position=(last or 0) + 1,
        title=title,
        speakers=speakers.strip(),
        notes=notes.strip(),
    )
    item._history_user = actor
    item.save()
    return item
