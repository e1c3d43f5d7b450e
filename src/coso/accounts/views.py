"""Login (throttled) and the home page: the user's scope and headline counts."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from .forms import ThrottledAuthenticationForm
from .models import RoleAssignment


class LoginView(auth_views.LoginView):
    """Django's login view with the throttled form; a locked attempt answers 429."""

    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "locked", False):
            response.status_code = 429
        return response


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
        "accounts/home.html",
        {
            "assignments": assignments,
            "org_counts": org_counts,
            "org_total": sum(org_rows.values()),
            "member_counts": member_counts,
            "member_total": sum(member_rows.values()),
        },
    )
