"""The home page: the user's role assignments and counts of the organizations and members in
their scope. It counts members, so it sits with them (the accounts app stands below members)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from coso.accounts.models import RoleAssignment
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization


@login_required
def home(request):
    """The user's scope (current role assignments) and counts for it: three aggregate queries."""
    user = request.user
    assignments = (
        RoleAssignment.objects.current()
        .filter(user=user)
        .select_related("organization")
        .order_by("organization__path", "role")
    )
    org_rows = dict(
        Organization.objects.visible_to(user)
        .active()
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    member_rows = dict(
        Member.objects.visible_to(user)
        .active()
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    org_counts = [
        (kind, label, org_rows[kind]) for kind, label in OrgKind.choices if kind in org_rows
    ]
    member_counts = [
        (status, label, member_rows[status])
        for status, label in MemberStatus.choices
        if status in member_rows
    ]
    return render(
        request,
        "members/home.html",
        {
            "assignments": assignments,
            "org_counts": org_counts,
            "org_total": sum(org_rows.values()),
            "member_counts": member_counts,
            "member_total": sum(member_rows.values()),
        },
    )
