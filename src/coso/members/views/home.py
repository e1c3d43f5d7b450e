"""The home page: the user's role assignments and counts of the organizations and members in
their scope. It counts members, so it sits with them (the accounts app stands below members)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from coso.accounts.models import RoleAssignment
from coso.core.db.result_cache import cached
from coso.core.scope import scope_part
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.members.privacy import own_record
from coso.members.queries.todo import overdue_count
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization


def _counts_by(queryset, field: str, choices) -> tuple[list[tuple[str, str, int]], int]:
    """The active rows of `queryset` counted by `field` in one aggregate query: (value, label,
    count) in the order of `choices` (values with no row left out), and the total."""
    rows = dict(queryset.active().order_by().values_list(field).annotate(n=Count("id")))
    counts = [(value, label, rows[value]) for value, label in choices if value in rows]
    return counts, sum(rows.values())


@login_required
def home(request):
    """The user's scope (current role assignments), their overdue to-do items (one tap to the
    list of them) and counts for it: four aggregate queries; whether they have a member record
    of their own (one more)."""
    user = request.user
    assignments = (
        RoleAssignment.objects.current()
        .filter(user=user)
        .select_related("organization")
        .order_by("organization__path", "role")
    )
    # kept until a table they read changes: at a city's root, counting the members by status
    # reads them all (108 ms of 500,000)
    (org_counts, org_total), (member_counts, member_total) = cached(
        "home-counts",
        scope_part(user),
        lambda: (
            _counts_by(Organization.objects.visible_to(user), "kind", OrgKind.choices),
            _counts_by(Member.objects.visible_to(user), "status", MemberStatus.choices),
        ),
    )
    return render(
        request,
        "members/home.html",
        {
            "assignments": assignments,
            "org_counts": org_counts,
            "org_total": org_total,
            "member_counts": member_counts,
            "member_total": member_total,
            # the user's own member record: their meetings and study (one query, kept on the
            # user for the menu, which asks the same)
            "own_record": own_record(user) is not None,
            "overdue": overdue_count(user, today=timezone.localdate()),
        },
    )
