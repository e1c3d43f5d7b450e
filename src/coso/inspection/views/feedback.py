"""The feedback pages: a committee's feedback (what is open, late, answered; search, paged, an
Excel export), one item, recording a letter or comment, answering, and a member's own page
(send one, see what they sent). The sender is shown through `Feedback.sender_shown_to`: to
those handling the item, and to the sender; to everyone else "kept confidential". Out of
scope: 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.scope import scope_q
from coso.core.views import form_action, xlsx_download
from coso.orgs.models import Organization

from .. import exports, queries, services
from ..choices import FeedbackState
from ..forms import AnswerForm, ReceiveForm, SendForm
from ..models import Feedback
from ..scope import handles
from .common import PAGE_SIZE, data, org_of, step_page


@login_required
def organization_feedback(request: HttpRequest, code: str) -> HttpResponse:
    """``?q=`` searches (never the sender), ``?state=`` keeps the open, late or answered
    ones, ``?export=xlsx`` downloads those listed."""
    org = org_of(request, code)
    today = timezone.localdate()
    state = request.GET.get("state", "")
    state = state if state in FeedbackState.values else ""
    search = request.GET.get("q", "")
    every = queries.feedback_of(org, request.user, today=today)
    rows = queries.feedback_of(org, request.user, text=search, state=state, today=today)
    if request.GET.get("export") == "xlsx":
        return xlsx_download(
            lambda f: exports.write_feedback(f, rows, request.user, today),
            f"gop-y-{org.code}.xlsx",
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "org": org, "page": page, "search": search, "state": state,
        "states": FeedbackState.choices, "counts": queries.feedback_counts(every, today),
        "rows": [(f, f.state(today), f.sender_shown_to(request.user)) for f in page.object_list],
        "query": request.GET.urlencode(), "may_act": handles(request.user, org),
    }  # fmt: skip
    return render(request, "inspection/feedback_list.html", context)


@login_required
def receive(request: HttpRequest, code: str) -> HttpResponse:
    """The office records a letter or comment about an organization or member under `code`;
    it is routed to the competent committee."""
    org = org_of(request, code)
    services.require_handler(request.user, org)
    back = reverse("feedback_list", args=[org.code])
    return step_page(
        request, ReceiveForm(data(request), org=org, initial={"received_on": timezone.localdate()}),
        {"title": _("Record a letter or comment"), "back": back, "org": org},
        lambda d: services.receive_feedback(actor=request.user, **d),
        lambda f: _("Recorded: routed to %(org)s, to answer by %(date)s.")
        % {"org": f.committee.name, "date": f.answer_due_on.strftime("%d/%m/%Y")},
        lambda f: reverse("feedback_detail", args=[f.pk]),
    )  # fmt: skip


def _item(request, pk: int) -> Feedback:
    return get_object_or_404(
        Feedback.objects.visible_or_own(request.user).select_related(
            "committee", "about_organization", "about_member", "sender_member", "inspection"
        ),
        pk=pk,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    today = timezone.localdate()
    context = {
        "item": item, "state": item.state(today), "sender": item.sender_shown_to(request.user),
        "may_act": handles(request.user, item.committee),
    }  # fmt: skip
    return render(request, "inspection/feedback_detail.html", context)


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    services.require_handler(request.user, item.committee)
    back = reverse("feedback_detail", args=[item.pk])
    return step_page(
        request, AnswerForm(data(request), initial={"answered_on": timezone.localdate()}),
        {"title": _("Answer the feedback"), "back": back, "org": item.committee,
         "subject": item},
        lambda d: services.answer_feedback(item, actor=request.user, **d),
        lambda f: _("The feedback is answered."), back,
    )  # fmt: skip


@login_required
def my_feedback(request: HttpRequest) -> HttpResponse:
    """A member's own page: the form to send feedback about an organization they can see, and
    what they sent (named) with its state and answer."""
    organizations = Organization.objects.filter(scope_q(request.user, "path", edit=False)).order_by(
        "path"
    )
    form = SendForm(data(request), organizations=organizations)
    sent = Feedback.objects.filter(sender_user=request.user).select_related(
        "committee", "about_organization", "about_member"
    ).order_by("-received_on", "-pk")  # fmt: skip
    today = timezone.localdate()
    back = reverse("my_feedback")
    context = {
        "title": _("Send feedback"),
        "back": back,
        "sent": [(f, f.state(today)) for f in sent],
    }

    def show_again(form):
        status = 400 if form.is_bound else 200
        return render(
            request, "inspection/my_feedback.html", {**context, "form": form}, status=status
        )

    if not form.is_bound:
        return show_again(form)

    return form_action(
        request, form, lambda d: services.send_feedback(request.user, **d),
        success=lambda f: _("Sent to %(org)s.") % {"org": f.committee.name},
        done_url=back, show_again=show_again,
    )  # fmt: skip
