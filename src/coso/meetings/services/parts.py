"""What the meeting steps share: who may act, the lock on a meeting, the checks of times and
of adopted minutes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.core.scope import OutOfScope, can_edit, is_system
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from ..choices import MeetingKind, Presence, Standing
from ..models import Meeting


def require_edit(actor, org: Organization) -> None:
    """The actor may act for `org`'s meetings (an editing role reaching it), else a 404."""
    if not is_system(actor) and not can_edit(actor, org):
        raise OutOfScope


def may_record(actor, org: Organization) -> bool:
    return is_system(actor) or can_edit(actor, org)


def lock_meeting(meeting: Meeting, actor) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=meeting.pk)
    )
    require_edit(actor, meeting.organization)
    return meeting


def check_unlocked(meeting: Meeting) -> None:
    if meeting.locked:
        raise ValidationError(
            _(
                "The minutes of this meeting were adopted on %(date)s and are locked; a "
                "correction needs its reason."
            )
            % {"date": format_date(timezone.localtime(meeting.adopted_at).date())}
        )


def check_times(starts_at: dt.time | None, ends_at: dt.time | None) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def check_plan(org: Organization, kind: str, topic: str, with_thematic: bool) -> None:
    """A meeting's kind fits the organization, a thematic one has its topic, and only a monthly
    meeting has a thematic part."""
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    if org.kind == OrgKind.GROUP and kind == MeetingKind.COMMITTEE:
        raise ValidationError({"kind": _("A party group has no committee.")})
    if (kind == MeetingKind.THEMATIC or with_thematic) and not topic.strip():
        raise ValidationError({"topic": _("A thematic meeting needs its topic.")})
    if with_thematic and kind != MeetingKind.REGULAR:
        raise ValidationError(
            {"with_thematic": _("Only a monthly meeting can have a thematic part.")}
        )


def default_presence(line) -> str:
    """The mark of a person called (an attendance row or a roster line) unless someone says
    otherwise: present; exempted for the exempted; not called for those away; excused for one
    who excused themselves in advance."""
    if line.standing == Standing.AWAY:
        return Presence.NOT_CALLED
    if getattr(line, "excused_in_advance", False):
        return Presence.EXCUSED
    return Presence.EXEMPTED if line.exempted else Presence.PRESENT
