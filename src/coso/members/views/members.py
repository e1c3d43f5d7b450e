"""Member pages: the list (with htmx search) and its export, the record with its timeline,
create/edit, and the lifecycle actions.

Every view starts from `Member.objects.visible_to(user)` (reading) or `editable_by(user)`
(changing); a member outside that scope is a 404. Changes go through `coso.members.services`.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from html import escape
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.accounts.scope import has_scope
from coso.core.dates import format_date as _date
from coso.core.forms import add_service_error, form_status, save_edit
from coso.members import services
from coso.members.choices import (
    ACTIVE_STATUSES,
    AGE_BANDS,
    ETHNICITIES,
    EventKind,
    MemberStatus,
    Sex,
)
from coso.members.exports import XLSX_CONTENT_TYPE, export_members_xlsx
from coso.members.filters import MemberFilter
from coso.members.forms.member import (
    WARD_FIELDS,
    MemberCreateForm,
    MemberEditForm,
    MoveForm,
    RemovalForm,
    move_suggestions,
    province_name,
    style_fields,
    ward_choices,
    ward_name,
)
from coso.members.models import Member
from coso.members.privacy import sees_record, sees_record_at
from coso.members.queries.listing import list_page
from coso.orgs.models import Organization

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
#: organizations offered as suggestions in the list's organization box
ORG_SUGGESTIONS = 1000
RESULTS_TARGET = "member-results"
#: the organization box's <datalist>, filled by htmx when the box first gets the focus
ORGS_TARGET = "member-orgs"


def _page_size(request: HttpRequest) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def _filtered(request: HttpRequest) -> MemberFilter:
    """The list: names and cells where the user's role shows names only (`listed_for`)."""
    queryset = Member.objects.listed_for(request.user).select_related("organization")
    return MemberFilter(request.GET, queryset=queryset, request=request)


def _exported(request: HttpRequest) -> MemberFilter:
    """The list as exported: every field, so records only (`visible_to`); a user without a
    records scope (a plain member's role) has no export at all (404, as any denied object)."""
    if not has_scope(request.user, edit=False, records=True):
        raise Http404
    queryset = Member.objects.visible_to(request.user).select_related("organization")
    return MemberFilter(request.GET, queryset=queryset, request=request)


def _url_pattern(name: str) -> str:
    """`reverse(name, args=[pk])` as a format string, so a page of links costs one reverse."""
    marker = 987654321
    return reverse(name, args=[marker]).replace(str(marker), "{}")


@functools.lru_cache(maxsize=16)
def _labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The sex and status labels in `language`, as plain strings."""
    return (
        {value: str(label) for value, label in Sex.choices},
        {value: str(label) for value, label in MemberStatus.choices},
    )


_ROW = (
    '<tr>\n        <td><a href="{}" hx-boost="false">{}</a></td>\n'
    "        <td>{}</td>\n        <td>{}</td>\n        <td>{}</td>\n"
    "        <td>{}</td>\n        <td>{}</td>\n      </tr>\n      "
)


def _table_rows(members, user) -> str:
    """The list's table rows as HTML.

    Built here rather than in the template: a page of rows is 350 cells, and the template
    language costs several microseconds per cell (variable lookup, localization, escaping)
    where an escaped `str.format` costs a fraction of one. Every value is escaped.
    A member whose record the user may not read shows only the name and the cell.
    """
    detail = _url_pattern("member_detail")
    sexes, statuses = _labels(get_language())
    rows = []
    for m in members:
        cells = [
            detail.format(m.pk),
            m.full_name,
            _date(m.birth_date),
            sexes.get(m.sex, m.sex),
            m.organization__short_name or m.organization__name,
            statuses.get(m.status, m.status),
            _date(m.admitted_on),
        ]
        if not sees_record_at(user, m.organization__path, m.pk):
            cells[2] = cells[3] = cells[5] = cells[6] = ""  # the name and the cell only
        rows.append(_ROW.format(*map(escape, cells)))
    return mark_safe("".join(rows))  # every value above goes through escape


#: the list's sortable columns (their header links toggle between ascending and descending)
SORTABLE = ("name", "birth_date", "admitted_on")


def _sort_links(request: HttpRequest, ordering: str) -> dict[str, dict[str, str]]:
    """Each sortable column's header link (the current query with the other direction, back
    to page 1), its aria-sort and its arrow: what `{% querystring %}` would give, for a few
    microseconds instead of an include per column."""
    links = {}
    for key in SORTABLE:
        descending = f"-{key}"
        params = request.GET.copy()
        params["ordering"] = descending if ordering == key else key
        params.pop("page", None)
        state = {key: "ascending", descending: "descending"}.get(ordering, "")
        links[key] = {
            "href": f"?{params.urlencode()}",
            "state": state,
            "arrow": {"ascending": " ▲", "descending": " ▼"}.get(state, ""),
        }
    return links


#: the choices of the list's filter selects
FILTER_CHOICES = {
    "status": MemberStatus.choices,
    "sex": Sex.choices,
    "age_band": [(key, label) for key, label, _lo, _hi in AGE_BANDS],
    "ethnicity": [(name, name) for name in ETHNICITIES],
}


@functools.lru_cache(maxsize=256)
def _options(name: str, language: str | None, selected: str) -> str:
    """<option>s of a filter select with `selected` marked (escaped; see `_table_rows`).

    The same few strings on every request, so they are kept per language and selection.
    """
    return mark_safe(  # values and labels are escaped
        "".join(
            '<option value="{}"{}>{}</option>'.format(
                escape(value), " selected" if value == selected else "", escape(label)
            )
            for value, label in ((str(v), str(lbl)) for v, lbl in FILTER_CHOICES[name])
        )
    )


# --- list and export ----------------------------------------------------------------------


@login_required
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    """Members in the user's scope: search, filters, Vietnamese order, 50 a page."""
    if request.htmx and request.htmx.target == ORGS_TARGET:
        return _organization_options(request)
    member_filter = _filtered(request)
    page_size = _page_size(request)
    page = list_page(member_filter, page_size, request.GET.get("page"))
    cleaned = member_filter.form.cleaned_data
    ordering = cleaned.get("ordering") or "name"
    context = {
        "filter": member_filter,
        "page": page,
        "rows": _table_rows(page.object_list, request.user),
        "full_records": has_scope(request.user, edit=False, records=True),
        "page_size": page_size,
        "ordering": ordering,
        "sort": _sort_links(request, ordering),
    }
    partial = (
        request.htmx
        and request.htmx.target == RESULTS_TARGET
        and not request.htmx.history_restore_request
    )
    if partial:
        response = render(request, "members/_results.html", context)
    else:
        form = member_filter.form

        def raw(name: str) -> str:
            return form[name].value() or ""

        context.update(
            search=raw("search"),
            organization=raw("organization"),
            **{
                f"{name}_options": _options(name, get_language(), selected)
                for name, selected in (
                    ("status", (cleaned.get("status") or [""])[0]),
                    ("sex", raw("sex")),
                    ("age_band", raw("age_band")),
                    ("ethnicity", raw("ethnicity")),
                )
            },
            can_create=has_scope(request.user, edit=True),
        )
        response = render(request, "members/member_list.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _organization_options(request: HttpRequest) -> HttpResponse:
    """The organization box's suggestions (codes in the user's scope), asked for by htmx."""
    organizations = Organization.objects.visible_to(request.user).values_list("code", "name")
    response = render(
        request,
        "members/_organization_options.html",
        {"organizations": list(organizations[:ORG_SUGGESTIONS])},
    )
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@login_required
@require_GET
def member_export(request: HttpRequest) -> FileResponse:
    """The filtered list as .xlsx, every registry field (one query, streamed in chunks)."""
    member_filter = _exported(request)
    # xlsx is a zip whose index comes last, so it is built in a temporary file (rows flushed as
    # they are written) and then streamed; the file disappears when the response is closed.
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        export_members_xlsx(member_filter.qs, spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    filename = f"dang-vien-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


# --- the record ---------------------------------------------------------------------------


def _address(street: str, ward: int | None, province: int | None) -> str:
    return ", ".join(p for p in (street, ward_name(ward), province_name(province)) if p)


def _sections(member: Member) -> list[tuple[str, list[tuple[str, Any]]]]:
    def label(name: str) -> str:
        return capfirst(str(Member._meta.get_field(name).verbose_name))

    def rows(*names: str) -> list[tuple[str, Any]]:
        return [(label(n), getattr(member, n)) for n in names]

    return [
        (
            _("Identity"),
            [
                *rows("full_name", "other_names"),
                (label("sex"), member.get_sex_display()),
                (label("birth_date"), _date(member.birth_date)),
                *rows("ethnicity", "religion", "cccd", "phone", "email"),
            ],
        ),
        (
            _("Addresses"),
            [
                (
                    label("hometown"),
                    ", ".join(
                        p for p in (member.hometown, province_name(member.hometown_province)) if p
                    ),
                ),
                (
                    label("permanent_address"),
                    _address(
                        member.permanent_address, member.permanent_ward, member.permanent_province
                    ),
                ),
                (
                    label("current_address"),
                    _address(member.current_address, member.current_ward, member.current_province),
                ),
            ],
        ),
        (
            _("Education and work"),
            rows(
                "education_general",
                "education_professional",
                "political_theory",
                "foreign_language",
                "it_level",
                "occupation",
                "workplace",
                "position",
            ),
        ),
        (
            _("Party record"),
            [
                *rows("record_number", "party_card_number"),
                (label("admitted_on"), _date(member.admitted_on)),
                *rows("admitting_organization", "introducers"),
                (label("recognized_on"), _date(member.recognized_on)),
                (label("status"), member.get_status_display()),
            ],
        ),
    ]


_CHOICE_LABELS = {"sex": dict(Sex.choices), "status": dict(MemberStatus.choices)}
_PROVINCE_FIELDS = {"hometown_province", "permanent_province", "current_province"}


def person_name(user) -> str:
    """A user's name in Vietnamese order (family and middle names, then given name)."""
    if user is None:
        return ""
    return " ".join(p for p in (user.last_name, user.first_name) if p) or user.get_username()


def _timeline(member: Member) -> list[dict[str, Any]]:
    """`services.timeline` with values shown as people read them (names, dd/mm/yyyy)."""
    items = services.timeline(member)
    by_label = {str(f.verbose_name): f.name for f in Member._meta.fields}
    org_ids = {
        value
        for item in items
        for change in item.get("changes", ())
        if by_label.get(change["field"]) == "organization"
        for value in (change["old"], change["new"])
        if value
    }
    org_names = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name"))

    def show(name: str | None, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if name in _CHOICE_LABELS:
            return str(_CHOICE_LABELS[name].get(value, value))
        if name in _PROVINCE_FIELDS:
            return province_name(value)
        if name in WARD_FIELDS:
            return ward_name(value)
        if name == "organization":
            return org_names.get(value, str(value))
        if isinstance(value, dt.date):
            return _date(value)
        return str(value)

    for item in items:
        item["actor_name"] = person_name(item["actor"])
        for change in item.get("changes", ()):
            name = by_label.get(change["field"])
            change["field"] = capfirst(change["field"])
            change["old_display"] = show(name, change["old"])
            change["new_display"] = show(name, change["new"])
    return items


def _render_detail(
    request: HttpRequest, member: Member, *, status: int = 200, **forms: Any
) -> HttpResponse:
    can_edit = Member.objects.editable_by(request.user).filter(pk=member.pk).exists()
    context: dict[str, Any] = {
        "member": member,
        "sections": _sections(member),
        "timeline": _timeline(member),
        "can_edit": can_edit,
        "is_active": member.status in ACTIVE_STATUSES,
    }
    if can_edit and member.status in ACTIVE_STATUSES:
        context["move_form"] = forms.get("move_form") or MoveForm(
            user=request.user, member=member, prefix="move"
        )
        context["move_suggestions"] = move_suggestions(request.user, member)
        context["removal_form"] = forms.get("removal_form") or RemovalForm(prefix="removal")
        for form in ("move_form", "removal_form"):
            if form in context:
                style_fields(context[form])
    context["open_action"] = next((name for name, form in forms.items() if form.errors), "")
    return render(request, "members/member_detail.html", context, status=status)


@login_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The record; for a member whose record the user may not read (a plain member's role
    shows names only), the name and the cell, nothing else."""
    member = get_object_or_404(
        Member.objects.listed_for(request.user).select_related("organization"), pk=pk
    )
    if not sees_record(request.user, member):
        return render(request, "members/member_name.html", {"member": member})
    return _render_detail(request, member)


def _editable_member(request: HttpRequest, pk: int) -> Member:
    return get_object_or_404(
        Member.objects.editable_by(request.user).select_related("organization"), pk=pk
    )


@login_required
@require_POST
def member_move(request: HttpRequest, pk: int) -> HttpResponse:
    member = _editable_member(request, pk)
    form = MoveForm(request.POST, user=request.user, member=member, prefix="move")
    if form.is_valid():
        try:
            services.move_member(
                member,
                to=form.cleaned_data["to"],
                date=form.cleaned_data["date"],
                document_number=form.cleaned_data["document_number"],
                kind=EventKind.MOVED,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s now belongs to %(org)s.")
                % {"name": member.full_name, "org": form.cleaned_data["to"].name},
            )
            return redirect("member_detail", pk=member.pk)
    return _render_detail(request, member, move_form=form)


@login_required
@require_GET
def member_move_organizations(request: HttpRequest, pk: int) -> HttpResponse:
    """The move form's suggestions for what is typed in its box (htmx): organizations the
    user may move the member to, `MOVE_SUGGESTIONS` at most."""
    member = _editable_member(request, pk)
    text = request.GET.get("move-to", "")[:100]
    return render(
        request,
        "members/_organization_options.html",
        {"organizations": move_suggestions(request.user, member, text)},
    )


@login_required
def member_exemption(request: HttpRequest, pk: int) -> HttpResponse:
    """The exemption's old door: exempting and ending it are the lifecycle page's actions
    (`services.set_exemption` behind both), so this only points there."""
    member = _editable_member(request, pk)
    anchor = "?action=exempt#action-exempt" if member.status == MemberStatus.OFFICIAL else ""
    return redirect(
        reverse("member_lifecycle", args=[member.pk]) + (anchor or "#lifecycle-actions")
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = _editable_member(request, pk)
    form = RemovalForm(request.POST, prefix="removal")
    if form.is_valid():
        try:
            services.remove_member(
                member,
                kind=form.cleaned_data["kind"],
                date=form.cleaned_data["date"],
                document_number=form.cleaned_data["document_number"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(event)s.")
                % {"name": member.full_name, "event": EventKind(form.cleaned_data["kind"]).label},
            )
            return redirect("member_detail", pk=member.pk)
    return _render_detail(request, member, removal_form=form)


# --- create and edit ----------------------------------------------------------------------


@login_required
def member_create(request: HttpRequest) -> HttpResponse:
    """Enter a member into the registry in an organization the user manages."""
    if request.method == "POST":
        form = MemberCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                member = services.register_member(
                    form.registry_data(),
                    organization=form.cleaned_data["organization"],
                    active_from=form.cleaned_data["active_from"],
                    status=form.cleaned_data["status"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("%(name)s was added to the registry.") % {"name": member.full_name}
                )
                return redirect("member_detail", pk=member.pk)
    else:
        initial = {}
        code = request.GET.get("organization")
        if code:
            initial["organization"] = code
        form = MemberCreateForm(user=request.user, initial=initial)
    style_fields(form)
    return render(
        request, "members/member_form.html", {"form": form, "member": None, "creating": True}
    )


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the registry record; refused if someone else saved it since the form was opened."""
    member = _editable_member(request, pk)
    if request.method == "POST":
        form = MemberEditForm(request.POST, instance=member, user=request.user)
        if form.is_valid():
            done = save_edit(
                request,
                form,
                form.registry_changes(),
                functools.partial(services.update_member, member),
                reverse("member_detail", args=[member.pk]),
            )
            if done:
                return done
        # the form mutated the in-memory instance while validating; show the stored name
        member.refresh_from_db()
    else:
        form = MemberEditForm(instance=member, user=request.user)
    style_fields(form)
    return render(
        request,
        "members/member_form.html",
        {"form": form, "member": member, "creating": False},
        status=form_status(form),
    )


@login_required
@require_GET
def ward_options(request: HttpRequest) -> HttpResponse:
    """<option>s of the wards of one province, for the address selects (htmx)."""
    code = None
    for key in ("province", "permanent_province", "current_province"):
        if request.GET.get(key):
            code = request.GET[key]
            break
    try:
        wards = ward_choices(int(code)) if code else []
    except ValueError:
        wards = []
    return render(request, "members/_ward_options.html", {"wards": wards})
