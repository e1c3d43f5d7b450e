"""`{% meeting_guests meeting %}`: the meeting page's guests, the superior's follower first
(invited or not, came or not); `{% followed_meetings member %}`: on /my/meetings/, the
meetings of the cells the member follows. Tags, so the pages that show them need no change
of their views."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from ..queries import invitations_of
from ..queries import meeting_guests as guests_of

register = template.Library()

#: how far back the member's own page shows the meetings they were invited to
DAYS_BACK = 90


@register.inclusion_tag("meetings/_guests.html")
def meeting_guests(meeting):
    return {"meeting": meeting, "guests": guests_of(meeting)}


@register.inclusion_tag("meetings/_followed.html")
def followed_meetings(member):
    today = timezone.localdate()
    invitations = invitations_of(member, today - dt.timedelta(days=DAYS_BACK))
    return {
        "upcoming": [g for g in invitations if g.meeting.date >= today],
        "past": [g for g in reversed(invitations) if g.meeting.date < today],
    }
