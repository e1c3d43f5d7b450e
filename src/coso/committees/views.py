"""The committee page of an organization: its terms, the roster on today, past holders, and the
steps (open a term, appoint, end a post, grant coso roles from the roster).

Every page starts from `Organization.objects.visible_to(user)` (out of scope: 404); the steps
check that the user may change the committee (the superior's editing roles), else 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.core.views import form_action, organization_or_404, organization_step
from coso.orgs.models import Organization

from . import queries, services
from .forms import AppointForm, EndPostForm, GrantRolesForm, OpenTermForm, member_options
from .models import PostHolding


def _org(request: HttpRequest, code: str) -> Organization:
    return organization_or_404(Organization.objects.visible_to(request.user), code)


def _render(request, org: Organization, status: int = 200, **bound) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    page = queries.committee_page(org, today)
    editable = services.may_change(user, org)
    context = {
        "org": org,
        "page": page,
        "today": today,
        "editable": editable,
        "open_action": next(iter(bound), ""),
        "end_form_pk": bound.get("end_pk"),
    }
    if editable:
        context["term_form"] = bound.get("term_form") or OpenTermForm()
        context["appoint_form"] = bound.get("appoint_form") or AppointForm(org=org, user=user)
        context["grant_form"] = bound.get("grant_form") or GrantRolesForm()
        context["end_form"] = bound.get("end_form") or EndPostForm()
    return render(request, "committees/committee.html", context, status=status)


@login_required
def committee(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, _org(request, code))


def _step(request, org, form, key: str, perform, success) -> HttpResponse:
    """Run a bound form through its step: done, the message and back to the page; refused,
    the page again with the form's errors (the step wrote nothing)."""
    return form_action(
        request,
        form,
        perform,
        success=success,
        done_url=reverse("committee", args=[org.code]),
        show_again=lambda bound: _render(request, org, **{key: bound}),
    )


@organization_step(_org, services.require_superior_edit)
def open_term(request: HttpRequest, org: Organization) -> HttpResponse:
    return _step(
        request,
        org,
        OpenTermForm(request.POST),
        "term_form",
        lambda data: services.open_term(org, actor=request.user, **data),
        lambda term: _("The %(term)s term was opened.") % {"term": term},
    )


@organization_step(_org, services.require_superior_edit)
def appoint(request: HttpRequest, org: Organization) -> HttpResponse:
    term = org.terms.order_by("-congress_date").first()
    form = AppointForm(request.POST, org=org, user=request.user)
    if term is None:
        form.is_valid()
        form.add_error(None, _("Open the committee's term first."))
        return _render(request, org, appoint_form=form)

    def perform(data):
        return services.appoint(
            term,
            data["member"],
            post=data["post"],
            started_on=data["started_on"],
            decision=data["decision"],
            decision_date=data["decision_date"],
            actor=request.user,
        )

    return _step(
        request,
        org,
        form,
        "appoint_form",
        perform,
        lambda h: (
            _("%(member)s holds the post of %(post)s.")
            % {"member": h.member.full_name, "post": h.get_post_display().lower()}
        ),
    )


@login_required
@require_POST
def end_post(request: HttpRequest, pk: int) -> HttpResponse:
    holding = get_object_or_404(
        PostHolding.objects.visible_to(request.user).select_related("term__organization"), pk=pk
    )
    org = holding.term.organization
    services.require_superior_edit(request.user, org)
    return form_action(
        request,
        EndPostForm(request.POST),
        lambda data: services.end_post(holding, actor=request.user, **data),
        success=lambda _r: _("%(member)s's post ended.") % {"member": holding.member.full_name},
        done_url=reverse("committee", args=[org.code]),
        show_again=lambda form: _render(request, org, end_form=form, end_pk=holding.pk),
    )


@organization_step(_org, services.require_superior_edit)
def grant_roles(request: HttpRequest, org: Organization) -> HttpResponse:

    def success(result: services.RosterGrant) -> str:
        message = _("Roles granted: %(granted)d; already held: %(already)d.") % {
            "granted": len(result.granted),
            "already": len(result.already),
        }
        if result.without_user:
            names = ", ".join(h.member.full_name for h in result.without_user)
            message += " " + _("Without a coso account (nothing granted): %(names)s.") % {
                "names": names
            }
        return message

    return _step(
        request,
        org,
        GrantRolesForm(request.POST),
        "grant_form",
        lambda data: services.grant_roles_from_roster(org, day=data["day"], actor=request.user),
        success,
    )


@login_required
def appoint_member_options(request: HttpRequest, code: str) -> HttpResponse:
    """The appoint form's member choices for a search (htmx): at most 30 `<option>`s."""
    org = _org(request, code)
    services.require_superior_edit(request.user, org)
    choices = [("", _("— %(n)d found —") % {"n": 0})]
    found = member_options(org, request.user, request.GET.get("q", ""))
    if found:
        choices = [("", _("— %(n)d found —") % {"n": len(found)}), *found]
    return render(request, "members/_options.html", {"choices": choices, "selected": ""})
