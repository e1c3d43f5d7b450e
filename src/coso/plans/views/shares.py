"""A superior splits a target of its plan down to its children for a year
(`/organizations/<code>/plan/shares/?target=ID&year=YYYY`): each child's goal beside the
target's own, and the form that sets one (`services.set_target_share`, the one door the API and
the demo use too). Only an organization the user may edit (its children's superior); out of
scope is a 404 that changes nothing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.text import component_key
from coso.core.views import form_action, organization_or_404, person_name
from coso.orgs.models import Organization

from .. import services
from ..forms.shares import ShareForm
from ..models import Plan, Target, TargetShare


def _target(request: HttpRequest, org: Organization) -> tuple[list[Target], Target]:
    """The targets of the plans covering `org` in force last year or later, and the one asked
    for (the first by default: the plan's order)."""
    year = timezone.localdate().year
    targets = list(
        Target.objects.filter(plan__in=Plan.objects.covering(org), last_year__gte=year - 1)
        .select_related("plan")
        .order_by("-plan__issued_on", "position", "pk")
    )
    if not targets:
        raise Http404
    raw = request.GET.get("target", "")
    chosen = next((t for t in targets if str(t.pk) == raw), targets[0])
    return targets, chosen


def _year(request: HttpRequest, target: Target) -> int:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return min(max(year, target.first_year), target.last_year)


@login_required
def shares(request: HttpRequest, code: str) -> HttpResponse:
    org = organization_or_404(Organization.objects.editable_by(request.user), code)
    targets, target = _target(request, org)
    year = _year(request, target)
    children = sorted(
        Organization.objects.active().filter(path__startswith=org.path, depth=org.depth + 1),
        key=lambda c: component_key(c.name),
    )  # fmt: skip
    form = ShareForm(request.POST or None, children=children)
    here = f"{reverse('plan_shares', args=[org.code])}?target={target.pk}&year={year}"

    def show(f, status=200):
        goals = {
            s.organization_id: s
            for s in TargetShare.objects.filter(
                target=target, year=year, organization__in=children
            ).select_related("actor")
        }
        # each child, its share (None: the plan's goal) and who set it
        rows = [(c, goals.get(c.pk), person_name(getattr(goals.get(c.pk), "actor", None)))
                for c in children]  # fmt: skip
        context = {"org": org, "targets": targets, "target": target, "year": year,
                   "years": range(target.first_year, target.last_year + 1), "rows": rows,
                   "form": f, "here": here,
                   "total": sum((s.goal_min or 0) for s in goals.values())}  # fmt: skip
        return render(request, "plans/shares.html", context, status=status)

    if request.method != "POST":
        return show(form)
    by_code = {c.code: c for c in children}
    return form_action(
        request, form,
        lambda d: services.set_target_share(
            target, by_code[d["organization"]], year=year, goal_min=d["goal_min"],
            goal_max=d["goal_max"], actor=request.user),
        success=lambda s: _("Goal saved for %(org)s.") % {"org": s.organization.name},
        done_url=here,
        show_again=lambda f: show(f, 400),
    )  # fmt: skip
