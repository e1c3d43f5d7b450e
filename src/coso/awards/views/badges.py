"""Party badge pages. Reading starts from the user's visible rows, changing from the editable
ones (the services check again); out of scope is a 404."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from coso.accounts.scope import home_organizations
from coso.core.db.result_cache import rows_part
from coso.core.paging import kept_page
from coso.core.scope import scope_part
from coso.core.views import form_action, kept_xlsx_download, organization_or_404
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.orgs.models import Organization

from .. import rules, services
from ..choices import BadgeStatus
from ..exports import badge_export, due_filename, write_due
from ..forms import BADGE_FORMS, CommendationForm, ProposeBadgeForm, ProposeDueForm
from ..models import BadgeAward
from ..queries import badge_list, due_members, due_rows

PAGE_SIZE = 50


def _org(request, code: str) -> Organization:
    return organization_or_404(Organization.objects.visible_to(request.user), code)


def _occasion(request) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("occasion", ""))
    except ValueError:
        return rules.next_occasion(timezone.localdate())
    return day if rules.is_occasion(day) else rules.next_occasion(timezone.localdate())


@login_required
@require_GET
def awards_home(request: HttpRequest) -> HttpResponse:
    """The menu's entry: the due list of the top of the user's scope."""
    top = home_organizations(request.user).order_by("path").first()
    if top is None:
        raise Http404
    return redirect("awards_due", top.code)


def _due_page(request, organization, occasion, form=None, status=200):
    q = request.GET.get("q", "")
    page, rows = kept_page(
        "awards-due",
        f"{scope_part(request.user)}|{rows_part(organization)}|{occasion}|{q}",
        lambda: due_members(organization, occasion, user=request.user, q=q),
        PAGE_SIZE,
        request.GET.get("page"),
        lambda members: due_rows(members, occasion),
    )
    today = timezone.localdate()
    context = {
        "organization": organization,
        "occasion": occasion,
        "occasions": [
            rules.next_occasion(today),
            *[
                d
                for d in rules.occasions_of(today.year + 1, today)
                if d > rules.next_occasion(today)
            ],
        ][:4],
        "page": page,
        "rows": rows,
        "q": request.GET.get("q", ""),
        "editable": services.may_edit(request.user, organization),
        "form": form or ProposeDueForm(),
    }
    return render(request, "awards/due_list.html", context, status=status)


@login_required
def due_list(request: HttpRequest, code: str) -> HttpResponse:
    """The members of the subtree due a badge on the occasion (the next one by default); who
    may change the organization proposes all of them or those ticked."""
    organization = _org(request, code)
    occasion = _occasion(request)
    if request.method == "GET":
        if request.GET.get("format") == "xlsx":
            q = request.GET.get("q", "")
            return kept_xlsx_download(
                "awards-due-xlsx",
                f"{scope_part(request.user)}|{rows_part(organization)}|{occasion}|{q}",
                lambda f: write_due(f, due_members(organization, occasion, user=request.user,
                                                   q=q), occasion),
                due_filename(occasion),
            )  # fmt: skip
        return _due_page(request, organization, occasion)
    if not services.may_edit(request.user, organization):
        raise Http404
    chosen = due_members(organization, occasion, user=request.user)
    if not request.POST.get("all"):
        ids = [i for i in request.POST.getlist("member") if i.isdigit()][:1000]
        chosen = chosen.filter(pk__in=ids)
    form = ProposeDueForm(request.POST)
    return form_action(
        request, form,
        lambda d: services.propose_due(organization, list(chosen), occasion=occasion,
                                       actor=request.user, **d),
        success=lambda made: ngettext("%(n)d badge proposed.", "%(n)d badges proposed.",
                                      len(made)) % {"n": len(made)},
        done_url=reverse("awards_badges", args=[organization.code]) + f"?occasion={occasion}",
        show_again=lambda f: _due_page(request, organization, occasion, f, status=400),
    )  # fmt: skip


@login_required
@require_GET
def badge_list_page(request: HttpRequest, code: str) -> HttpResponse:
    """The badges of the subtree: search, status, occasion; 50 a page; Excel."""
    organization = _org(request, code)
    status = request.GET.get("status", "")
    status = status if status in BadgeStatus.values else ""
    try:
        occasion = dt.date.fromisoformat(request.GET.get("occasion", ""))
    except ValueError:
        occasion = None
    rows = badge_list(request.user, organization, q=request.GET.get("q", ""), status=status,
                      occasion=occasion)  # fmt: skip
    if request.GET.get("format") == "xlsx":
        return badge_export(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"organization": organization, "page": page, "statuses": BadgeStatus.choices,
               "status_value": status, "q": request.GET.get("q", ""), "occasion": occasion}  # fmt: skip
    return render(request, "awards/badge_list.html", context)


def steps_for(award: BadgeAward) -> list[str]:
    """The steps that may follow on the badge."""
    member_status = award.member.status
    after = []
    if member_status == MemberStatus.EXPELLED:
        after.append("return")
    if member_status == MemberStatus.DECEASED and not award.family_keeps:
        after.append("family")
    if award.status == BadgeStatus.PROPOSED:
        return ["decide", "withdraw"]
    if award.status == BadgeStatus.DECIDED:
        return ["present", *after]
    if award.status == BadgeStatus.PRESENTED:
        return ["reissue", *after]
    return []


STEP_LABELS = {
    "decide": _("Decision"), "present": _("Ceremony"), "withdraw": _("Withdraw the proposal"),
    "return": _("Badge returned (expelled)"), "reissue": _("Re-issue (lost)"),
    "family": _("Kept by the family (deceased)"),
}  # fmt: skip


def _badge_page(request, award, *, failed="", failed_form=None, status=200):
    editable = services.may_edit(request.user, award.organization)
    forms = {}
    if editable:
        for step in steps_for(award):
            forms[step] = failed_form if step == failed else BADGE_FORMS[step](prefix=step)
    context = {"award": award, "forms": [(s, str(STEP_LABELS[s]), f) for s, f in forms.items()],
               "history": award.history.select_related("history_user").order_by("-history_date")[:20]}  # fmt: skip
    return render(request, "awards/badge_detail.html", context, status=status)


def _award(request, pk, *, edit=False) -> BadgeAward:
    rows = BadgeAward.objects.editable_by if edit else BadgeAward.objects.visible_to
    return get_object_or_404(rows(request.user).select_related("member", "organization"), pk=pk)


@login_required
@require_GET
def badge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _badge_page(request, _award(request, pk))


@login_required
@require_POST
def badge_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in BADGE_FORMS:
        raise Http404
    award = _award(request, pk, edit=True)
    form = BADGE_FORMS[step](request.POST, prefix=step)
    return form_action(
        request, form,
        lambda d: services.BADGE_STEPS[step](award, actor=request.user, **d),
        success=lambda _r: _("Saved."),
        done_url=reverse("awards_badge", args=[award.pk]),
        show_again=lambda f: _badge_page(request, award, failed=step, failed_form=f, status=400),
    )  # fmt: skip


def _member_page(request, member, *, badge_form=None, commendation_form=None, status=200):
    occasion = rules.next_occasion(timezone.localdate())
    context = {
        "member": member,
        "badge_form": badge_form or ProposeBadgeForm(prefix="badge", occasion=occasion),
        "commendation_form": commendation_form or CommendationForm(prefix="commendation"),
    }
    return render(request, "awards/member.html", context, status=status)


@login_required
def member_awards(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's badges and commendations (the panel of the member's page), and for who may
    change the record the forms proposing a badge and recording a commendation."""
    member = get_object_or_404(
        Member.objects.editable_by(request.user).select_related("organization"), pk=pk
    )
    if request.method != "POST":
        return _member_page(request, member)
    done = reverse("awards_member", args=[member.pk])
    if "badge-years" in request.POST:
        form = ProposeBadgeForm(request.POST, prefix="badge")
        return form_action(
            request, form, lambda d: services.propose_badge(member, actor=request.user, **d),
            success=lambda b: _("The %(years)d-year badge is proposed.") % {"years": b.years},
            done_url=done,
            show_again=lambda f: _member_page(request, member, badge_form=f, status=400),
        )  # fmt: skip
    form = CommendationForm(request.POST, prefix="commendation")
    return form_action(
        request, form, lambda d: services.record_commendation(member=member, actor=request.user, **d),
        success=lambda _c: _("Commendation recorded."), done_url=done,
        show_again=lambda f: _member_page(request, member, commendation_form=f, status=400),
    )  # fmt: skip
