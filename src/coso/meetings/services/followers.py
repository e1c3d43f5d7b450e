"""The superior committee's followers (DOMAIN.md §5): a member of the committee assigned to
follow a cell (`assign_follower`) until the assignment ends (`end_follower`). The follower is
invited to the cell's meetings as a guest (`invite_follower`, called when a meeting is planned,
and by the assignment for meetings already planned); the attendance sheet says whether they
came (`mark_guests`, called by `record_attendance`).

Who may act: an editing role reaching the committee (its office, its secretary); anyone else
gets a 404 (`OutOfScope`). ``actor=None`` is the system (demo, command line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coso.committees.choices import COMMITTEE_POSTS
from coso.committees.models import PostHolding
from coso.core.dates import format_date
from coso.members.models import Member
from coso.orgs.choices import CELL_KINDS, COMMITTEE_KINDS
from coso.orgs.models import Organization

from ..choices import MeetingKind, MeetingStatus
from ..models import Follower, Guest, Meeting
from .parts import require_edit

#: the meetings a follower is invited to: the cell's own, not its committee's
FOLLOWED_KINDS = (MeetingKind.REGULAR, MeetingKind.THEMATIC, MeetingKind.EXTRAORDINARY)


def _period(start: dt.date, end: dt.date | None) -> str:
    if end is None:
        return _("from %(start)s") % {"start": format_date(start)}
    return _("from %(start)s to %(end)s") % {"start": format_date(start), "end": format_date(end)}


def _check_assignment(
    committee: Organization, cell: Organization, member: Member, start: dt.date, end
) -> None:
    if committee.kind not in COMMITTEE_KINDS:
        raise ValidationError(
            {
                "committee": _("%(org)s has no committee to assign followers.")
                % {"org": committee.name}
            }
        )
    if (
        cell.kind not in CELL_KINDS
        or cell.pk == committee.pk
        or not cell.path.startswith(committee.path)
    ):
        raise ValidationError(
            {
                "cell": _("%(cell)s is not a cell under %(committee)s.")
                % {"cell": cell.name, "committee": committee.name}
            }
        )
    if end is not None and end <= start:
        raise ValidationError({"ended_on": _("The assignment must end after it starts.")})
    seated = (
        PostHolding.objects.filter(
            term__organization=committee, member=member, post__in=COMMITTEE_POSTS
        )
        .on(start)
        .exists()
    )
    if not seated:
        raise ValidationError(
            {
                "member": _(
                    "%(name)s is not on the committee of %(committee)s on %(date)s; only its "
                    "members are assigned to follow its cells."
                )
                % {"name": member.full_name, "committee": committee.name,
                   "date": format_date(start)}
            }
        )  # fmt: skip


def _check_overlap(cell: Organization, start: dt.date, end: dt.date | None) -> None:
    overlapping = Follower.objects.filter(cell=cell).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=start)
    )
    if end is not None:
        overlapping = overlapping.filter(started_on__lt=end)
    other = overlapping.select_related("member").order_by("started_on").first()
    if other is not None:
        raise ValidationError(
            {
                "started_on": _(
                    "%(cell)s is already followed by %(name)s %(period)s; end that assignment "
                    "first."
                )
                % {"cell": cell.name, "name": other.member.full_name,
                   "period": _period(other.started_on, other.ended_on)}
            }
        )  # fmt: skip


@transaction.atomic
def assign_follower(
    committee: Organization,
    cell: Organization,
    member: Member,
    *,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    decision: str = "",
    actor=None,
) -> Follower:
    """`member`, on `committee`'s committee on `started_on`, follows `cell` from that day (to
    `ended_on`, exclusive), and is invited to the cell's meetings already planned in that time.
    Refused: an organization without a committee, a cell not under it, a member not on its
    roster that day, an end before the start, a cell already followed in that time."""
    cell = Organization.objects.select_for_update().get(pk=cell.pk)
    require_edit(actor, committee)
    _check_assignment(committee, cell, member, started_on, ended_on)
    _check_overlap(cell, started_on, ended_on)
    follower = Follower(
        committee=committee,
        cell=cell,
        member=member,
        started_on=started_on,
        ended_on=ended_on,
        decision=decision.strip(),
        assigned_by=actor,
    )
    follower._history_user = actor
    follower.save()
    planned = Meeting.objects.filter(
        organization=cell, status=MeetingStatus.PLANNED, kind__in=FOLLOWED_KINDS
    ).filter(date__gte=started_on)
    if ended_on is not None:
        planned = planned.filter(date__lt=ended_on)
    planned = planned.exclude(guests__member=member).order_by("date", "pk")
    now = timezone.now()
    bulk_create_with_history(
        [Guest(meeting=m, member=member, follower=follower, invited_at=now) for m in planned],
        Guest,
        default_user=actor,
    )
    return follower


@transaction.atomic
def end_follower(follower: Follower, *, ended_on: dt.date, actor=None) -> Follower:
    """The assignment ends on `ended_on` (exclusive): the invitations to planned meetings from
    that day on are withdrawn (those whose attendance says something are kept). Refused: an
    assignment already ended, an end not after its start."""
    follower = (
        Follower.objects.select_for_update(of=("self",))
        .select_related("committee", "member", "cell")
        .get(pk=follower.pk)
    )
    require_edit(actor, follower.committee)
    if follower.ended_on is not None:
        raise ValidationError(
            _("This assignment already ended on %(date)s.")
            % {"date": format_date(follower.ended_on)}
        )
    if ended_on <= follower.started_on:
        raise ValidationError(
            {
                "ended_on": _("The assignment started on %(date)s; it must end after that.")
                % {"date": format_date(follower.started_on)}
            }
        )
    follower.ended_on = ended_on
    follower._history_user = actor
    follower.save(update_fields=["ended_on"])
    for guest in Guest.objects.filter(
        follower=follower,
        came__isnull=True,
        meeting__status=MeetingStatus.PLANNED,
        meeting__date__gte=ended_on,
    ).order_by("pk"):
        guest._history_user = actor
        guest.delete()
    return follower


def invite_follower(meeting: Meeting, actor=None) -> Guest | None:
    """Invite the member following the meeting's organization on its date (part of the step
    that plans the meeting; no transaction of its own)."""
    if meeting.kind not in FOLLOWED_KINDS:
        return None
    follower = (
        Follower.objects.filter(cell_id=meeting.organization_id)
        .on(meeting.date)
        .order_by("started_on", "pk")
        .first()
    )
    if (
        follower is None
        or Guest.objects.filter(meeting=meeting, member_id=follower.member_id).exists()
    ):
        return None
    guest = Guest(
        meeting=meeting,
        member_id=follower.member_id,
        follower=follower,
        invited_at=timezone.now(),
    )
    bulk_create_with_history([guest], Guest, default_user=actor)
    return guest


def mark_guests(meeting: Meeting, came: Mapping[int, bool], actor=None) -> None:
    """Whether each guest (by member id) came: part of `record_attendance` (no transaction of
    its own). Refused: someone who is not a guest of the meeting."""
    guests = {g.member_id: g for g in meeting.guests.all()}
    if set(came) - set(guests):
        raise ValidationError({"guests": _("Only the meeting's guests are ticked as guests.")})
    changed = []
    for member_id, value in came.items():
        guest = guests[member_id]
        if guest.came != bool(value):
            guest.came = bool(value)
            changed.append(guest)
    if changed:
        bulk_update_with_history(changed, Guest, ["came"], default_user=actor)
