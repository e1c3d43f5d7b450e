"""`{% load awards %}{% awards_panel member %}`: on a member's page, their party badges and
commendations, the next badge due and, for who may change the record, the link to propose a
badge or record a commendation. The members app loads this library by name (a template tag,
not an import): the app below knows nothing of the awards."""

from __future__ import annotations

from django import template
from django.utils import timezone

from coso.awards import rules, services
from coso.awards.choices import COUNTED
from coso.awards.models import BadgeAward, Commendation
from coso.awards.party_age import badge_due_on
from coso.members.choices import ACTIVE_STATUSES

register = template.Library()


def _next_badge(member, badges, interruptions):
    held = max((b.years for b in badges if b.status in COUNTED), default=0)
    if member.admitted_on is None or member.status not in ACTIVE_STATUSES:
        return None
    for years in rules.levels(rules.next_occasion(timezone.localdate())):
        if years > held:
            due = badge_due_on(member.admitted_on, years, interruptions)
            return (years, due) if due else None
    return None


@register.inclusion_tag("awards/_panel.html", takes_context=True)
def awards_panel(context, member):
    """Three queries: the badges, the commendations, the member's gap events (and the editing
    check when the page did not say)."""
    user = context["request"].user
    badges = list(BadgeAward.objects.visible_to(user).filter(member=member).order_by("years", "pk"))
    commendations = list(
        Commendation.objects.visible_to(user).filter(member=member).order_by("-year", "-pk")
    )
    editable = context.get("can_edit")
    if editable is None:
        editable = services.may_edit(user, member.organization)
    return {
        "member": member,
        "badges": badges,
        "commendations": commendations,
        "next_badge": _next_badge(member, badges, rules.interruptions(member.pk)),
        "editable": editable,
    }
