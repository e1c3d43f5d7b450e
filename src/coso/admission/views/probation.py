"""The probation list and page with the new-member course, recognition and strike-off.

A member outside the user's scope (`Member.objects.visible_to(user)` to read, `editable_by(user)`
to act) is a 404. Changes go through `coso.admission.services`; an action's form ends in
`core.views.form_action`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.admission import services
from coso.admission.choices import ProbationOutcome
from coso.admission.forms import (
    AttachmentKwargs,
    CourseForm,
    MemberRecordForm,
    StrikeOffForm,
    default_dates,
    recognition_form_class,
)
from coso.admission.models import (
    Probation,
    probationary_members,
    with_probation_start,
)
from coso.core import scope
from coso.core.deadlines import probation_ends_on, recognition_vote_due_on
from coso.core.forms import organization_in_query, style_fields
from coso.core.paging import in_chunks
from coso.core.sheets.writer import write_xlsx
from coso.core.views import attachment_response, form_action, person_name, xlsx_download
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.members.views.members import editable_member
from coso.orgs.models import Organization

PAGE_SIZE = 50


#: the list's `outcome` filter: open probations (the default), or those that ended so
OUTCOMES = ("", ProbationOutcome.RECOGNIZED, ProbationOutcome.STRUCK_OFF)


def probation_members(user, outcome: str = "", organization: Organization | None = None):
    """The list's members: probationary ones (`outcome` ""), or those whose probation ended
    with `outcome`; within `organization`'s subtree when given."""
    if outcome:
        qs = Member.objects.visible_to(user).filter(probation__outcome=outcome)
        members = (
            with_probation_start(qs)
            .select_related("organization")
            .order_by("probation_start", "sort_key", "id")
        )
    else:
        members = probationary_members(user)
    if organization is not None:
        members = members.filter(organization__path__startswith=organization.path)
    return members


def _probation_rows(members) -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for m in members:
        start = m.probation_start
        row: dict[str, Any] = {
            "member": m,
            "start": start,
            "course_on": m.course_on,
            "vote_date": m.vote_date,
            "vote_late": bool(m.vote_late),
            "member_record_on": m.member_record_on,
            "member_record_due_on": m.member_record_due_on,
        }
        try:
            row["ends_on"] = probation_ends_on(start)
            row["vote_due_on"] = m.stored_vote_due_on or recognition_vote_due_on(start)
        except (ValidationError, TypeError):
            row["ends_on"] = row["vote_due_on"] = None
        open_ = m.status == MemberStatus.PROBATIONARY
        row["due"] = open_ and row["ends_on"] is not None and row["ends_on"] <= today
        # a vote recorded (at the cell's meeting) waits for the decision: not overdue
        row["overdue"] = (
            open_
            and m.vote_date is None
            and row["vote_due_on"] is not None
            and row["vote_due_on"] < today
        )
        row["member_record_overdue"] = (
            m.member_record_on is None
            and m.member_record_due_on is not None
            and m.member_record_due_on < today
        )
        rows.append(row)
    return rows


def _export(members) -> FileResponse:
    headers = [
        _("Full name"), _("Organization"), _("Status"), _("Admission ceremony"),
        _("Probation ends"), _("Vote due by"), _("Date of the cell's vote"), _("Vote held late"),
        _("New-member course"), _("Member record (1-HSĐV) due by"),
        _("Member record (1-HSĐV) completed on"),
    ]  # fmt: skip
    yes, no = _("Yes"), _("No")

    def rows():
        # slices of the ordered query: enough for a list of probationary members
        for chunk in in_chunks(members, 2000):
            for r in _probation_rows(chunk):
                m = r["member"]
                yield (
                    m.full_name, m.organization.name, m.get_status_display(), r["start"],
                    r["ends_on"], r["vote_due_on"], r["vote_date"],
                    (yes if r["vote_late"] else no) if r["vote_date"] else None,
                    r["course_on"], r["member_record_due_on"], r["member_record_on"],
                )  # fmt: skip

    return xlsx_download(
        lambda f: write_xlsx(f, headers, rows(), sheet_name=_("Probation")[:31]),
        f"du-bi-{timezone.localdate():%Y%m%d}.xlsx",
    )


@login_required
@require_GET
def probation_list(request: HttpRequest) -> HttpResponse:
    """Probationary members in the user's scope, oldest probation first, with their dates; or
    those whose probation ended (``outcome``), with the vote's date and whether it was late.
    ``?format=xlsx`` downloads the whole filtered list."""
    within, error = organization_in_query(
        request.GET, lambda: Organization.objects.visible_to(request.user)
    )
    outcome = request.GET.get("outcome", "")
    if outcome not in OUTCOMES:
        outcome = ""
    members = probation_members(request.user, outcome, within)
    if error:
        members = members.none()
    if request.GET.get("format") == "xlsx":
        return _export(members)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _probation_rows(page.object_list)
    return render(
        request,
        "admission/probation_list.html",
        {
            "page": page,
            "rows": rows,
            "organization": within.code if within else request.GET.get("organization", ""),
            "organization_error": error,
            "outcome": outcome,
            "outcome_choices": ProbationOutcome.choices,
        },
    )


def _render_probation(request: HttpRequest, member: Member, *, status: int = 200, **forms):
    row = _probation_rows(
        probationary_members().filter(pk=member.pk)
        if member.status == MemberStatus.PROBATIONARY
        else []
    )
    probation = (
        Probation.objects.filter(member=member)
        .select_related("actor", "member_record_actor")
        .first()
    )
    can_edit = member.status == MemberStatus.PROBATIONARY and scope.can_edit(
        request.user, member.organization
    )
    context: dict[str, Any] = {
        "member": member,
        "row": row[0] if row else None,
        "probation": probation,
        "probation_actor": person_name(probation.actor) if probation else "",
        "member_record_actor": (
            person_name(probation.member_record_actor)
            if probation and probation.member_record_actor
            else ""
        ),
        "record_row": {
            "member_record_due_on": probation.member_record_due_on if probation else None,
            "member_record_overdue": bool(
                probation
                and probation.member_record_on is None
                and probation.member_record_due_on
                and probation.member_record_due_on < timezone.localdate()
            ),
        },
        "can_edit": can_edit,
        "open_action": next((n for n, f in forms.items() if f.errors), ""),
    }
    if not can_edit:
        # the forms are not shown (the probation has ended): say why the action was refused
        for form in forms.values():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    else:
        context["course_form"] = forms.get("course_form") or CourseForm(prefix="course")
        context["record_form"] = forms.get("record_form") or MemberRecordForm(prefix="record")
        context["recognize_form"] = forms.get("recognize_form") or recognition_form_class(
            probation
        )(prefix="recognize")
        context["strike_form"] = forms.get("strike_form") or StrikeOffForm(prefix="strike")
        for name in ("course_form", "record_form", "recognize_form", "strike_form"):
            default_dates(context[name])
            style_fields(context[name])
    return render(request, "admission/probation_detail.html", context, status=status)


@login_required
@require_GET
def probation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        Member.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    if (
        member.status != MemberStatus.PROBATIONARY
        and not Probation.objects.filter(member=member).exists()
    ):
        raise Http404
    return _render_probation(request, member)


def _probation_action(
    request: HttpRequest,
    pk: int,
    form_class: type[AttachmentKwargs],
    prefix: str,
    perform: Callable[..., Any],
    success: Callable[[Member], str],
) -> HttpResponse:
    """A form posted on the probation page: ``perform(member, actor=...,
    **form.service_kwargs())``; done, the ``success`` message, else the page again with this
    form (``<prefix>_form``) and its errors."""
    member = editable_member(request, pk)
    form = form_class(request.POST, request.FILES, prefix=prefix)
    return form_action(
        request,
        form,
        lambda _data: perform(member, actor=request.user, **form.service_kwargs()),
        success=lambda _result: success(member),
        done_url=reverse("probation_detail", args=[member.pk]),
        show_again=lambda form: _render_probation(request, member, **{f"{prefix}_form": form}),
    )


@login_required
@require_POST
def probation_course(request: HttpRequest, pk: int) -> HttpResponse:
    return _probation_action(
        request,
        pk,
        CourseForm,
        "course",
        services.record_new_member_course,
        lambda _member: _("The new-member course was recorded."),
    )


@login_required
@require_POST
def probation_member_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _probation_action(
        request,
        pk,
        MemberRecordForm,
        "record",
        services.record_member_record,
        lambda _member: _("The member record (1-HSĐV) was recorded."),
    )


@login_required
@require_POST
def probation_recognize(request: HttpRequest, pk: int) -> HttpResponse:
    form_class = recognition_form_class(Probation.objects.filter(member_id=pk).first())
    return _probation_action(
        request,
        pk,
        form_class,
        "recognize",
        services.recognize,
        lambda member: (
            _("%(name)s is recognized as an official member.") % {"name": member.full_name}
        ),
    )


@login_required
@require_POST
def probation_strike_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _probation_action(
        request,
        pk,
        StrikeOffForm,
        "strike",
        services.strike_off_probationary,
        lambda member: (
            _("%(name)s was struck off the probationary list.") % {"name": member.full_name}
        ),
    )


@login_required
@require_GET
def probation_attachment(request: HttpRequest, pk: int) -> FileResponse:
    probation = get_object_or_404(
        Probation.objects.filter(member__in=Member.objects.visible_to(request.user).values("pk")),
        member_id=pk,
    )
    return attachment_response(probation.attachment)
