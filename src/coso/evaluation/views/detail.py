"""One evaluation's page (`evaluation_detail`, the meeting's vote links here): the
self-assessment (form 2A/2B/2C with its sections, an organization's report) and the 100-point
sheet from 2025, filled in by the member themselves or by the secretary; the review, the
verification, the decision and a reasoned change, as the user's role allows; the history (the
changes, the earlier grades kept) and the meeting that voted. A member's own evaluations:
"my evaluation" (the menu), where they also start the self-assessment of an open period.

Read in the user's records scope, or one's own; out of scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.core.forms import add_service_error
from coso.core.views import form_action
from coso.members.models import Member
from coso.members.privacy import own_record

from .. import services
from ..choices import PeriodStatus, Stage, SubjectKind
from ..forms.evaluations import ChangeForm, DecideForm, ReviewForm, SelfAssessForm, VerifyForm
from ..models import Evaluation, EvaluationPeriod
from ..queries import evaluations_of
from ..services.assessment import ANSWERS
from ..services.parts import is_self, may_edit, verifier_of
from ..services.rules import caps_of, uses_points

ACTIONS = ("self_assess", "review", "verify", "decide", "change")


def _evaluation(request, pk: int) -> Evaluation:
    rows = evaluations_of(request.user).select_related("period__organization", "organization", "quota_unit", "member", "meeting",
                     "decision", "verified_by")  # fmt: skip
    return get_object_or_404(rows, pk=pk)


def _allowed(user, ev: Evaluation) -> dict[str, bool]:
    """The actions ``user`` may take on ``ev`` now."""
    is_open = ev.period.status == PeriodStatus.OPEN
    stage = ev.stage
    reviewer = ev.organization if ev.subject_kind == SubjectKind.MEMBER else ev.quota_unit
    verifier = verifier_of(ev) if is_open and stage == Stage.REVIEWED else None
    return {
        "self_assess": is_open and stage == Stage.SELF_ASSESSED and (
            may_edit(user, ev.organization) or is_self(user, ev.member_id)),
        "review": is_open and stage == Stage.SELF_ASSESSED and may_edit(user, reviewer),
        "verify": verifier is not None and may_edit(user, verifier),
        "decide": is_open and stage in (Stage.REVIEWED, Stage.VERIFIED)
        and may_edit(user, ev.quota_unit),
        "change": stage == Stage.DECIDED and may_edit(user, ev.quota_unit),
    }  # fmt: skip


def _self_form(ev: Evaluation, data=None) -> SelfAssessForm:
    initial = {f: getattr(ev, f) for f in ANSWERS}
    initial.update(form=ev.form, self_grade=ev.self_grade, on=ev.self_assessed_on)
    return SelfAssessForm(data, prefix="self_assess", initial=initial,
                          member=ev.subject_kind == SubjectKind.MEMBER,
                          points=uses_points(ev.period.ends_on))  # fmt: skip


def _forms(ev: Evaluation, allowed: dict) -> dict:
    makers = {
        "self_assess": lambda: _self_form(ev),
        "review": lambda: ReviewForm(prefix="review", evaluation=ev),
        "verify": lambda: VerifyForm(prefix="verify"),
        "decide": lambda: DecideForm(prefix="decide", initial={"grade": ev.proposed_grade}),
        "change": lambda: ChangeForm(prefix="change"),
    }
    return {name: make() for name, make in makers.items() if allowed[name]}


def _render(request, ev, *, failed: str = "", failed_form=None, status=200) -> HttpResponse:
    allowed = _allowed(request.user, ev)
    forms = _forms(ev, allowed)
    if failed:
        forms[failed] = failed_form
    context = {
        "ev": ev, "forms": forms, "caps": caps_of(ev, ev.period),
        "changes": list(ev.changes.order_by("changed_on", "pk")),
        "points": uses_points(ev.period.ends_on),
    }  # fmt: skip
    return render(request, "evaluation/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _evaluation(request, pk))


def _perform(ev: Evaluation, action: str, data: dict, user):
    if action == "self_assess":
        subject = {"member": ev.member} if ev.member_id else {"organization": ev.organization}
        return services.self_assess(ev.period, actor=user, **subject, **data)
    if action == "review":
        return services.review(ev, actor=user, **data)
    if action == "verify":
        return services.verify([ev], by=verifier_of(ev), on=data["verified_on"],
                               note=data["note"], actor=user)  # fmt: skip
    if action == "decide":
        return services.decide_grades(
            ev.period, ev.quota_unit, kind=ev.subject_kind, on=data["decided_on"],
            grades={ev.pk: ev.proposed_grade}, number=data["number"],
            signer_name=data["signer_name"], actor=user,
        )  # fmt: skip
    return services.change_grade(ev, actor=user, **data)


def _form_for(ev: Evaluation, action: str, data):
    if action == "self_assess":
        return _self_form(ev, data)
    if action == "review":
        return ReviewForm(data, prefix="review", evaluation=ev)
    classes = {"verify": VerifyForm, "decide": DecideForm, "change": ChangeForm}
    return classes[action](data, prefix=action)


@login_required
@require_POST
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step on the evaluation through its service; refused: the page again with the
    message, nothing written. A step the user may not take is a 404."""
    if action not in ACTIONS:
        raise Http404
    ev = _evaluation(request, pk)
    if not _allowed(request.user, ev)[action]:
        raise Http404
    form = _form_for(ev, action, request.POST)

    return form_action(
        request, form, lambda data: _perform(ev, action, data, request.user),
        success=lambda _r: _("Saved."),
        done_url=reverse("evaluation_detail", args=[ev.pk]),
        show_again=lambda f: _render(request, ev, failed=action, failed_form=f, status=400),
    )  # fmt: skip


# --- my evaluation ----------------------------------------------------------------------------


def _me(request) -> Member:
    own = own_record(request.user)
    if own is None:
        raise Http404
    return Member.objects.select_related("organization").get(pk=own[0])


def _my_context(me: Member, form=None, failed_period=None) -> dict:
    mine = list(Evaluation.objects.filter(member=me).select_related("period")
                .order_by("-period__ends_on"))  # fmt: skip
    done = {ev.period_id for ev in mine}
    open_periods = [
        p for p in EvaluationPeriod.objects.covering(me.organization)
        .filter(status=PeriodStatus.OPEN).order_by("-ends_on") if p.pk not in done
    ]  # fmt: skip
    starts = []
    for p in open_periods:
        bound = form if failed_period == p.pk else None
        starts.append((p, bound or SelfAssessForm(prefix="self_assess",
                                                  points=uses_points(p.ends_on))))  # fmt: skip
    return {"me": me, "mine": mine, "starts": starts}


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """GET: the user's own evaluations, and the self-assessment of each open period not
    started; POST (``period``): start it."""
    me = _me(request)
    if request.method != "POST":
        return render(request, "evaluation/mine.html", _my_context(me))
    period = get_object_or_404(
        EvaluationPeriod.objects.covering(me.organization), pk=request.POST.get("period") or 0
    )
    form = SelfAssessForm(request.POST, prefix="self_assess", points=uses_points(period.ends_on))
    if form.is_valid():
        data = dict(form.cleaned_data)
        on, grade = data.pop("on"), data.pop("self_grade")
        try:
            ev = services.self_assess(period, member=me, on=on, self_grade=grade,
                                      actor=request.user, **data)  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error, {"self_assessed_on": "on"})
        else:
            messages.success(request, _("Your self-assessment is saved."))
            return redirect("evaluation_detail", ev.pk)
    return render(request, "evaluation/mine.html", _my_context(me, form, period.pk), status=400)
