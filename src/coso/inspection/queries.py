"""The read side of inspection and feedback: an organization's inspections and plans, its
feedback page (what is open and late), each a queryset with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from coso.members.models import Member
from coso.orgs.models import Organization

from .choices import FeedbackState, InspectionState
from .models import Feedback, Inspection, InspectionPlan


def plans_of(org: Organization, user):
    return (
        InspectionPlan.objects.visible_to(user).filter(organization=org).order_by("-year", "body")
    )


def inspections_of(
    org: Organization, user, *, text: str = "", year: int | None = None, activity: str = "",
    state: str = "",
):  # fmt: skip
    """The inspections and supervisions of `org` and the organizations under it that `user` may
    see, matching `text` (content, the subject's name), by start (latest first) then the
    subject's name in Vietnamese order."""
    rows = Inspection.objects.visible_to(user).filter(organization__path__startswith=org.path)
    if year:
        rows = rows.filter(starts_on__year=year)
    if activity:
        rows = rows.filter(activity=activity)
    if state in InspectionState.values:
        rows = rows.filter(state=state)
    if text.strip():
        named = Member.objects.search(text).values("pk")
        orgs = Organization.objects.search(text).values("pk")
        rows = rows.filter(
            Q(topic__icontains=text.strip()) | Q(subject_member__in=named)
            | Q(subject_organization__in=orgs)
        )  # fmt: skip
    return rows.select_related(
        "organization", "subject_organization", "subject_member", "plan"
    ).order_by("-starts_on", "subject_member__sort_key", "subject_organization__path", "pk")


def feedback_of(org: Organization, user, *, text: str = "", state: str = "", today: dt.date):
    """The feedback routed to `org` or about it (and the organizations under it) that `user`
    may see, in a state (open, late, answered), matching `text` (summary, content, the
    subject's name; never the sender's), by answer date."""
    rows = Feedback.objects.visible_to(user).filter(
        Q(committee__path__startswith=org.path) | Q(about_organization__path__startswith=org.path)
    )
    rows = rows.in_state(state, today) if state in FeedbackState.values else rows
    if text.strip():
        named = Member.objects.search(text).values("pk")
        word = text.strip()
        rows = rows.filter(
            Q(summary__icontains=word) | Q(content__icontains=word) | Q(about_member__in=named)
        )
    return rows.select_related(
        "committee", "about_organization", "about_member", "sender_member", "inspection"
    ).order_by("answer_due_on", "pk")


def feedback_counts(rows, today: dt.date) -> dict[str, int]:
    """Open, late and answered among `rows` (one query)."""
    waiting = Q(answered_on__isnull=True)
    return rows.order_by().aggregate(
        open=Count("pk", filter=waiting & Q(answer_due_on__gte=today)),
        late=Count("pk", filter=waiting & Q(answer_due_on__lt=today)),
        answered=Count("pk", filter=Q(answered_on__isnull=False)),
    )
