"""A member's own step: excusing themselves from a meeting before it, with a reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from coso.core.scope import OutOfScope, can_edit, is_system
from coso.members.models import Member

from ..choices import Presence, Standing
from ..models import Attendance, Meeting
from ..queries import roster_on
from .parts import check_unlocked


@transaction.atomic
def excuse_in_advance(meeting: Meeting, member: Member, *, reason: str, actor=None) -> Attendance:
    """The member will not come, for `reason`: the attendance sheet starts from it. The member
    themselves (their own account) or an editor of the meeting's organization may record it;
    anyone else: 404. Refused: a meeting already past, adopted minutes, a member not called to
    it, no reason."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=meeting.pk)
    )
    own = actor is not None and getattr(actor, "pk", None) == member.user_id
    if not (is_system(actor) or own or can_edit(actor, meeting.organization)):
        raise OutOfScope
    check_unlocked(meeting)
    if meeting.date < timezone.localdate():
        raise ValidationError(_("The meeting is over: the secretary records who came."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you cannot come.")})
    line = next(
        (x for x in roster_on(meeting.organization, meeting.date, meeting.kind)
         if x.member.pk == member.pk),
        None,
    )  # fmt: skip
    if line is None or line.standing == Standing.AWAY:
        raise ValidationError(
            _("%(name)s is not called to this meeting.") % {"name": member.full_name}
        )
    row = Attendance.objects.filter(meeting=meeting, member=member).first()
    if row is None:
        row = Attendance(meeting=meeting, member=member, standing=line.standing)
    row.exempted = line.exempted
    row.presence, row.reason, row.excused_in_advance = Presence.EXCUSED, reason, True
    if row.pk is None:
        bulk_create_with_history([row], Attendance, default_user=actor)
    else:
        row._history_user = actor
        row.save()
    return row
