"""The meeting pages: an organization's calendar for a year (and planning the next meeting),
one meeting (attendance figures, quorum, votes, adoption) and the attendance sheet, made for a
secretary's phone: everyone present, tap the exceptions.

Every page starts from `visible_to(user)` (out of scope: 404); the steps check the editing
scope in the service (404 too)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.core.rules import rule_in_force
from coso.core.scope import covers, user_paths
from coso.core.views import (
    attachment_response,
    form_action,
    organization_or_404,
    organization_step,
    xlsx_download,
)
from coso.members.models import Member, Placement
from coso.orgs.choices import CELL_KINDS, OrgKind
from coso.orgs.models import Organization

from . import calendar_queries, calendar_rows, exports, queries, services
from .choices import QUALITY_PARTS, Presence
from .forms import (
    AdoptForm,
    AgendaItemForm,
    AttendanceForm,
    CorrectForm,
    ExcuseForm,
    MaterialForm,
    PlanForm,
    PlanningDayForm,
    VoteForm,
)
from .models import Attendance, Material, Meeting
from .planning_views import planning_context

PAGE_SIZE = 50
#: what a line of the calendar shows of a meeting
CALENDAR_FIELDS = (
    "pk",
    "date",
    "kind",
    "with_thematic",
    "topic",
    "status",
    "vote_base",
    "voters_present",
)
#: how far back a member's own page shows their meetings
OWN_DAYS_BACK = dt.timedelta(days=90)


def _org(request: HttpRequest, code: str) -> Organization:
    return organization_or_404(Organization.objects.visible_to(request.user), code)


#: of the chair and the minute-taker, the pages show the name: their other columns are left
NAMES_ONLY = tuple(
    f"{who}__{f.name}"
    for who in ("chair", "minute_taker")
    for f in Member._meta.concrete_fields
    if f.name not in ("id", "full_name")
)


def _meeting(request: HttpRequest, pk: int, **annotations) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .select_related("organization", "chair", "minute_taker")
        .defer(*NAMES_ONLY)
        .annotate(**annotations),
        pk=pk,
    )


#: the fields of unbound forms as drawn, by (form class, initial values, language)
_DRAWN: dict[tuple, str] = {}


def drawn_fields(form) -> str:
    """The form's fields as `members/_field.html` draws them. An unbound form whose fields
    depend on its class and initial values only (the calendar's plan and planning-day forms,
    the correction of adopted minutes) is drawn the same for every request in a language: it
    is drawn once and kept (the widgets' templates were a fifth of a calendar's time)."""
    key = None
    if not form.is_bound:
        key = (type(form), repr(sorted(form.initial.items())), get_language())
        if key in _DRAWN:
            return _DRAWN[key]
    template = get_template("members/_field.html")
    # escaped by the template that draws each field
    html = mark_safe("".join(template.render({"field": field}) for field in form))  # noqa: S308
    if key is not None:
        if len(_DRAWN) > 1000:  # the corrections' initial values vary: bounded
            _DRAWN.clear()
        _DRAWN[key] = html
    return html


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    today = timezone.localdate()
    return int(raw) if raw.isdigit() and 1945 <= int(raw) <= today.year + 1 else today.year


def _calendar(
    request, org: Organization, status: int = 200, plan_form=None, planning_form=None
) -> HttpResponse:
    year = _year(request)
    meetings = Meeting.objects.filter(organization=org).in_year(year).order_by("-date", "-pk")
    total, thematic = calendar_queries.year_totals(org, year)
    paginator = Paginator(meetings.values(*CALENDAR_FIELDS), PAGE_SIZE)
    paginator.count = total  # counted with the thematic ones: no COUNT of its own
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    minimum = rule_in_force("thematic_meetings_per_year_min", timezone.localdate())
    editable = services.may_record(request.user, org)
    cells = None
    if org.kind not in CELL_KINDS:
        cells = calendar_queries.cells_page(org, year, request.GET.get("cells"))
    # the cell and the grassroots committee consider a strike-off; a superior committee's page
    # (a city's 12 million attendance rows) does not list members
    least, absences = (
        calendar_queries.repeated_absences(org, year, request.user)
        if org.kind != OrgKind.SUPERIOR
        else (0, [])
    )
    context = {
        "org": org,
        "cells": cells,
        "absences": absences,
        "absence_lines": calendar_rows.absence_lines(absences),
        "cell_lines": calendar_rows.cell_lines(cells.object_list, year, minimum.value)
        if cells
        else "",
        "meeting_lines": calendar_rows.meeting_lines(page.object_list),
        "absence_least": least,
        "year": year,
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
        "page": page,
        "thematic": thematic,
        "thematic_min": minimum,
        "editable": editable,
        "plan_form": (plan_form or PlanForm()) if editable else None,
        **planning_context(org, editable, planning_form),
    }
    for name in ("plan", "planning"):
        form = context[f"{name}_form"]
        context[f"{name}_fields"] = drawn_fields(form) if form is not None else ""
    return render(request, "meetings/calendar.html", context, status=status)


@login_required
def calendar(request: HttpRequest, code: str) -> HttpResponse:
    """The calendar; ``?export=attendance`` (the year's attendance by member and month) or
    ``?export=cells`` (the cells under the organization with their thematic counts) downloads
    a spreadsheet of the year."""
    org = _org(request, code)
    export = request.GET.get("export")
    year = _year(request)
    if export == "attendance":
        return xlsx_download(
            lambda f: exports.write_attendance(f, org, year, request.user),
            f"diem-danh-{org.code}-{year}.xlsx",
        )
    if export == "cells":
        minimum = rule_in_force("thematic_meetings_per_year_min", timezone.localdate()).value
        return xlsx_download(
            lambda f: exports.write_subtree(f, org, year, minimum),
            f"sinh-hoat-{org.code}-{year}.xlsx",
        )
    return _calendar(request, org)


@organization_step(_org, services.require_edit)
def plan(request: HttpRequest, org: Organization) -> HttpResponse:
    return form_action(
        request,
        PlanForm(request.POST),
        lambda data: services.plan_meeting(org, actor=request.user, **data),
        success=lambda m: (
            _("The meeting of %(date)s is on the calendar.") % {"date": m.date.strftime("%d/%m/%Y")}
        ),
        done_url=lambda m: reverse("meeting_detail", args=[m.pk]),
        show_again=lambda form: _calendar(request, org, 400, plan_form=form),
    )


@organization_step(_org, services.require_edit)
def planning_day(request: HttpRequest, org: Organization) -> HttpResponse:
    """Set the day of the month by which next month's meeting is planned (the calendar's form)."""
    return form_action(
        request,
        PlanningDayForm(request.POST),
        lambda data: services.set_planning_day(org, data["day"], actor=request.user),
        success=lambda day: (
            _("Next month's meeting is planned by day %(day)d of each month.") % {"day": day.day}
            if day
            else _("No planning day is set here.")
        ),
        done_url=reverse("meeting_calendar", args=[org.code]),
        show_again=lambda form: _calendar(request, org, 400, planning_form=form),
    )


def _present(meeting: Meeting) -> list[Member]:
    """The members present, in name order (the chair and the minute-taker are among them)."""
    if meeting.vote_base is None:  # no attendance yet: nobody to choose
        return []
    rows = meeting.attendance.filter(presence=Presence.PRESENT).select_related("member")
    return [a.member for a in rows.order_by("member__sort_key", "member_id")]


def _sheet_of(meeting: Meeting) -> dict[str, int]:
    return dict(rule_in_force("meeting_quality_sheet", meeting.date).value)


def _part(meeting: Meeting, name: str, rows) -> list:
    """The rows of one of the meeting's parts; none read when it is known to have none."""
    return list(rows) if queries.has_part(meeting, name) else []


def _detail(request, meeting: Meeting, status: int = 200, **forms) -> HttpResponse:
    counts = queries.meeting_counts(meeting)
    # who was absent and why is personal: the names only for a user who may read the
    # meeting's attendance rows (scoped by the meeting's organization: all of them or none);
    # the figures are for every reader of the meeting
    shown = covers(user_paths(request.user, edit=False, records=True), meeting.organization.path)
    may_record = services.may_record(request.user, meeting.organization)
    editable = may_record and not meeting.locked
    context = {
        "meeting": meeting,
        "org": meeting.organization,
        "recorded": meeting.vote_base is not None,
        "counts": counts,
        "excused": counts.excused if shown else [],
        "absent": counts.absent if shown else [],
        "names_hidden": bool(counts.total) and not shown,
        "votes": _part(meeting, "votes", meeting.votes.all()),
        "agenda": _part(meeting, "agenda_items", meeting.agenda_items.all()),
        "duration_warning": queries.duration_warning(meeting),
        "quality_parts": [
            (QUALITY_PARTS.get(part, part), points)
            for part, points in (meeting.quality or {}).items()
        ],
        "materials": _part(meeting, "materials", meeting.materials.all()),
        "corrections": _part(meeting, "corrections", meeting.corrections.select_related("made_by")),
        "editable": editable,
        "may_record": may_record,
    }
    if meeting.vote_base is not None:
        context["quorum"] = queries.quorum(meeting.date, meeting.vote_base, meeting.voters_present)
    if editable:
        context["material_form"] = forms.get("material_form") or MaterialForm()
        context["vote_form"] = forms.get("vote_form") or VoteForm()
        context["adopt_form"] = forms.get("adopt_form") or AdoptForm(
            initial={"starts_at": meeting.starts_at, "ends_at": meeting.ends_at},
            sheet=_sheet_of(meeting),
            present=_present(meeting),
        )
        context["agenda_form"] = forms.get("agenda_form") or AgendaItemForm()
    if may_record and meeting.locked:
        context["correct_form"] = forms.get("correct_form") or CorrectForm(
            initial={
                name: getattr(meeting, name)
                for name in ("starts_at", "ends_at", "place", "conclusion")
            }
        )
        context["correct_fields"] = drawn_fields(context["correct_form"])
    context["workflow_vote_form"] = forms.get("workflow_vote_form")
    return render(request, "meetings/meeting.html", context, status=status)


def _step(request, pk: int, key: str, make_form, perform, success) -> HttpResponse:
    """A step posted from a meeting's page: the meeting in the user's scope and their right to
    record for it (else 404), the form through its service (`perform(meeting, form)`), back to
    the page; refused, the page again with that form (`key`) and its errors."""
    meeting = _meeting(request, pk)
    services.require_edit(request.user, meeting.organization)
    form = make_form(meeting)
    return form_action(
        request,
        form,
        lambda data: perform(meeting, form),
        success=success,
        done_url=reverse("meeting_detail", args=[meeting.pk]),
        show_again=lambda bound: _detail(request, meeting, 400, **{key: bound}),
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _meeting(request, pk, **queries.part_probes()))


def _sheet(request, meeting: Meeting, data=None) -> AttendanceForm:
    lines = queries.roster_on(meeting.organization, meeting.date, meeting.kind)
    stored = {a.member_id: (a.presence, a.reason) for a in meeting.attendance.all()}
    guests = queries.meeting_guests(meeting).guests
    return AttendanceForm(data, lines=lines, stored=stored, guests=guests)


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet: GET shows it, POST records it (one request for the whole roster)."""
    meeting = _meeting(request, pk)
    services.require_edit(request.user, meeting.organization)
    form = _sheet(request, meeting, request.POST if request.method == "POST" else None)

    def show_again(form):
        context = {
            "meeting": meeting,
            "org": meeting.organization,
            "form": form,
            "quorum": rule_in_force("meeting_quorum_ratio", meeting.date).value,
        }
        status = 400 if form.is_bound else 200
        return render(request, "meetings/attendance.html", context, status=status)

    if request.method != "POST":
        return show_again(form)
    return form_action(
        request,
        form,
        lambda data: services.record_attendance(
            meeting, exceptions=form.exceptions(), guests=form.guest_marks(), actor=request.user
        ),
        success=lambda m: (
            _("Attendance recorded: %(present)d of %(base)d members who vote are present.")
            % {"present": m.voters_present, "base": m.vote_base}
        ),
        done_url=reverse("meeting_detail", args=[meeting.pk]),
        show_again=show_again,
    )


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "vote_form",
        lambda meeting: VoteForm(request.POST),
        lambda meeting, form: services.record_vote(
            meeting, actor=request.user, **form.cleaned_data
        ),
        lambda v: (
            (
                _("The vote passed: %(for)d of %(base)d.")
                if v.passed
                else _("The vote did not pass: %(for)d of %(base)d.")
            )
            % {"for": v.votes_for, "base": v.vote_base}
        ),
    )


@login_required
@require_POST
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "adopt_form",
        lambda meeting: AdoptForm(
            request.POST, sheet=_sheet_of(meeting), present=_present(meeting)
        ),
        lambda meeting, form: services.adopt_minutes(
            meeting, actor=request.user, **form.service_kwargs()
        ),
        lambda m: _("The minutes are adopted and locked."),
    )


@login_required
@require_POST
def material(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "material_form",
        lambda meeting: MaterialForm(request.POST, request.FILES),
        lambda meeting, form: services.publish_material(
            meeting, actor=request.user, **form.cleaned_data
        ),
        lambda m: (
            (
                _("%(title)s is published to the members.")
                if m.on_time
                else _("%(title)s is published, later than the rule's lead time.")
            )
            % {"title": m.title}
        ),
    )


@login_required
def material_file(request: HttpRequest, pk: int):
    found = get_object_or_404(Material.objects.visible_to(request.user), pk=pk)
    return attachment_response(found.file)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(meeting, form):
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        return services.correct_minutes(meeting, reason=reason, actor=request.user, **data)

    return _step(
        request,
        pk,
        "correct_form",
        lambda meeting: CorrectForm(request.POST),
        perform,
        lambda c: _("The correction is recorded; the original is kept."),
    )


# --- a member's own meetings ----------------------------------------------------------------


def _own_record(request: HttpRequest) -> Member:
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        raise Http404
    return member


def _own_meetings(member: Member):
    """The meetings of the organizations the member is placed in today, from 90 days back."""
    today = timezone.localdate()
    placed = Placement.objects.on(today).filter(member=member).values("organization_id")
    return (
        Meeting.objects.filter(organization_id__in=placed, date__gte=today - OWN_DAYS_BACK)
        .select_related("organization")
        .prefetch_related(  # a material reaches the members once published
            Prefetch("materials", queryset=Material.objects.filter(published_on__lte=today))
        )
        .order_by("date", "pk")
    )


@login_required
def my_meetings(request: HttpRequest, status: int = 200, excuse_form=None, excuse_pk=None):
    """The member's own invitations: upcoming and recent meetings of their organizations, the
    materials sent, their own attendance, and a way to excuse themselves beforehand."""
    member = _own_record(request)
    meetings = list(_own_meetings(member))
    own = {
        a.meeting_id: a
        for a in Attendance.objects.filter(member=member, meeting__in=[m.pk for m in meetings])
    }
    today = timezone.localdate()
    rows = [(m, own.get(m.pk)) for m in meetings]
    context = {
        "member": member,
        "upcoming": [(m, a) for m, a in rows if m.date >= today],
        "past": [(m, a) for m, a in reversed(rows) if m.date < today],
        "excuse_form": excuse_form,
        "excuse_pk": excuse_pk,
    }
    return render(request, "meetings/my_meetings.html", context, status=status)


@login_required
@require_POST
def excuse(request: HttpRequest, pk: int) -> HttpResponse:
    member = _own_record(request)
    meeting = get_object_or_404(_own_meetings(member), pk=pk)
    return form_action(
        request,
        ExcuseForm(request.POST),
        lambda data: services.excuse_in_advance(
            meeting, member, reason=data["reason"], actor=request.user
        ),
        success=lambda a: _("The secretary will see that you cannot come."),
        done_url=reverse("my_meetings"),
        show_again=lambda form: my_meetings(request, 400, excuse_form=form, excuse_pk=meeting.pk),
    )


@login_required
@require_POST
def agenda_item(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "agenda_form",
        lambda meeting: AgendaItemForm(request.POST),
        lambda meeting, form: services.add_agenda_item(
            meeting, actor=request.user, **form.cleaned_data
        ),
        lambda item: _("%(title)s is in the minutes.") % {"title": item.title},
    )
