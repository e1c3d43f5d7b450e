"""The study pages (DOMAIN.md §17): an organization's page for a year (its plan, its members
with their commitment, paged, an Excel export; an editor adopts the plan, records a member's
commitment, comments on a self-assessment) and the member's own page (/my/study/: sign the
commitment, assess themselves at the year's end).

Every page starts from `visible_to(user)` (out of scope: 404); the steps check who may act in
the service (404 too)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.core.views import form_action, organization_step, xlsx_download
from coso.orgs.models import Organization

from . import exports, queries, services
from .forms import CommentForm, CommitmentForm, MemberCommitmentForm, SelfAssessForm, StudyPlanForm
from .models import Commitment, StudyPlan
from .views import PAGE_SIZE, _org, _own_record, _year


def _unsigned(org, year: int, user):
    return queries.study_members(org, user).exclude(commitments__year=year)


def _page(request, org, status: int = 200, **forms) -> HttpResponse:
    year = _year(request)
    plan = StudyPlan.objects.filter(organization=org, year=year).first()
    search = request.GET.get("q", "")
    page = Paginator(queries.study_members(org, request.user, search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    signed = queries.commitments_of(page.object_list, year, request.user)
    editable = services.may_record(request.user, org)
    context = {
        "org": org,
        "year": year,
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
        "plan": plan,
        "page": page,
        "search": search,
        "rows": [(m, signed.get(m.pk)) for m in page.object_list],
        "editable": editable,
        "comment_pk": forms.get("comment_pk"),
    }
    if editable:
        initial = {"theme": plan.theme, "actions": plan.actions} if plan else None
        context["plan_form"] = forms.get("plan_form") or StudyPlanForm(initial=initial)
        context["sign_form"] = forms.get("sign_form") or MemberCommitmentForm(
            members=_unsigned(org, year, request.user)
        )
        context["comment_form"] = forms.get("comment_form")
    return render(request, "meetings/study.html", context, status=status)


@login_required
def study(request: HttpRequest, code: str) -> HttpResponse:
    """The organization's study for a year; ``?export=xlsx`` downloads its members with their
    commitments."""
    org = _org(request, code)
    if request.GET.get("export") == "xlsx":
        year = _year(request)
        return xlsx_download(
            lambda f: exports.write_study(f, org, year, request.user),
            f"hoc-tap-{org.code}-{year}.xlsx",
        )
    return _page(request, org)


def _back(org, year: int) -> str:
    return reverse("study_organization", args=[org.code]) + f"?year={year}"


@organization_step(_org, services.require_edit)
def plan(request: HttpRequest, org: Organization) -> HttpResponse:
    year = _year(request)
    return form_action(
        request,
        StudyPlanForm(request.POST),
        lambda data: services.adopt_study_plan(org, year=year, actor=request.user, **data),
        success=lambda p: _("The study plan for %(year)d is adopted.") % {"year": p.year},
        done_url=_back(org, year),
        show_again=lambda form: _page(request, org, 400, plan_form=form),
    )


@organization_step(_org, services.require_edit)
def sign(request: HttpRequest, org: Organization) -> HttpResponse:
    year = _year(request)
    form = MemberCommitmentForm(request.POST, members=_unsigned(org, year, request.user))
    return form_action(
        request,
        form,
        lambda data: services.sign_commitment(
            data["member"],
            year=year,
            actions=form.actions(),
            organization=org,
            actor=request.user,
        ),  # fmt: skip
        success=lambda c: _("%(name)s's commitment is recorded.") % {"name": c.member.full_name},
        done_url=_back(org, year),
        show_again=lambda bound: _page(request, org, 400, sign_form=bound),
    )


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        Commitment.objects.visible_to(request.user).select_related("member__organization"),
        pk=pk,
    )
    org = row.member.organization
    services.require_edit(request.user, org)
    return form_action(
        request,
        CommentForm(request.POST),
        lambda data: services.comment_commitment(row, actor=request.user, **data),
        success=lambda c: _("The cell's comment is recorded."),
        done_url=_back(org, row.year),
        show_again=lambda form: _page(request, org, 400, comment_form=form, comment_pk=row.pk),
    )


# --- the member's own commitment ------------------------------------------------------------


@login_required
def my_study(request: HttpRequest, status: int = 200, **forms) -> HttpResponse:
    """The member's own commitment for this year (sign it; assess themselves at the year's end)
    and those of the years before, with the cell's comments; their organization's plan."""
    member = _own_record(request)
    year = timezone.localdate().year
    mine = list(Commitment.objects.filter(member=member).order_by("-year"))
    current = next((c for c in mine if c.year == year), None)
    context = {
        "member": member,
        "year": year,
        "plan": StudyPlan.objects.filter(organization_id=member.organization_id, year=year)
        .select_related("organization")
        .first(),
        "current": current,
        "earlier": [c for c in mine if c.year != year],
        "sign_form": None if current else forms.get("sign_form") or CommitmentForm(),
        "assess_form": (
            forms.get("assess_form") or SelfAssessForm()
            if current and current.commented_at is None
            else None
        ),
    }
    return render(request, "meetings/my_study.html", context, status=status)


@login_required
@require_POST
def my_sign(request: HttpRequest) -> HttpResponse:
    member = _own_record(request)
    form = CommitmentForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.sign_commitment(
            member, year=timezone.localdate().year, actions=form.actions(), actor=request.user
        ),
        success=lambda c: _("Your commitment for %(year)d is recorded.") % {"year": c.year},
        done_url=reverse("my_study"),
        show_again=lambda bound: my_study(request, 400, sign_form=bound),
    )


@login_required
@require_POST
def my_assess(request: HttpRequest) -> HttpResponse:
    member = _own_record(request)
    row = get_object_or_404(
        Commitment.objects.filter(member=member), year=timezone.localdate().year
    )
    return form_action(
        request,
        SelfAssessForm(request.POST),
        lambda data: services.self_assess(row, text=data["text"], actor=request.user),
        success=lambda c: _("Your self-assessment is recorded."),
        done_url=reverse("my_study"),
        show_again=lambda bound: my_study(request, 400, assess_form=bound),
    )
