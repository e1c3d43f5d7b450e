"""The superior committee's followers (DOMAIN.md §5): a committee's page of the cells under it,
each with the member following it and the year's meetings the followers came to (searchable,
paged, an Excel export); its office assigns a committee member to a cell and ends an
assignment. And the member's own download of a meeting's material (/my/meetings/).

Every page starts from `visible_to(user)` (out of scope: 404); the steps check the editing
scope of the committee in the service (404 too)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.core.dates import format_date
from coso.core.views import attachment_response, form_action, organization_step, xlsx_download
from coso.orgs.choices import CELL_KINDS, COMMITTEE_KINDS
from coso.orgs.models import Organization

from . import exports, queries, services
from .forms import EndFollowerForm, FollowerForm
from .models import Follower, Guest, Material
from .views import OWN_DAYS_BACK, PAGE_SIZE, _org, _own_meetings, _own_record, _year


def _committee(request: HttpRequest, code: str) -> Organization:
    org = _org(request, code)
    if org.kind not in COMMITTEE_KINDS:
        raise Http404
    return org


def _cells(org: Organization):
    return Organization.objects.filter(
        path__startswith=org.path, kind__in=CELL_KINDS, depth__gt=org.depth
    )


def _back(org: Organization, year: int) -> str:
    return reverse("meeting_followers", args=[org.code]) + f"?year={year}"


def _page(request, org: Organization, status: int = 200, **forms) -> HttpResponse:
    year = _year(request)
    today = timezone.localdate()
    search = request.GET.get("q", "")
    page = Paginator(queries.followed_cells(org, year, search, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    following = queries.current_followers(page.object_list, today)
    editable = services.may_record(request.user, org)
    context = {
        "org": org,
        "year": year,
        "years": range(today.year + 1, today.year - 5, -1),
        "search": search,
        "page": page,
        "rows": [(c, following.get(c.pk)) for c in page.object_list],
        "editable": editable,
        "roster": queries.committee_roster(org, today) if editable else [],
        "today": today,
        **forms,
    }
    return render(request, "meetings/followers.html", context, status=status)


@login_required
def followers(request: HttpRequest, code: str) -> HttpResponse:
    """The committee's cells and their followers; ``?export=xlsx`` downloads them with the
    year's counts."""
    org = _committee(request, code)
    if request.GET.get("export") == "xlsx":
        year = _year(request)
        return xlsx_download(
            lambda f: exports.write_followers(f, org, year, timezone.localdate()),
            f"theo-doi-chi-bo-{org.code}-{year}.xlsx",
        )
    return _page(request, org)


@organization_step(_committee, services.require_edit)
def assign(request: HttpRequest, org: Organization) -> HttpResponse:
    day = timezone.localdate()
    form = FollowerForm(request.POST, cells=_cells(org), roster=queries.committee_roster(org, day))
    return form_action(
        request,
        form,
        lambda data: services.assign_follower(
            org,
            data["cell"],
            data["member"],
            started_on=data["started_on"],
            decision=data["decision"],
            actor=request.user,
        ),
        success=lambda f: (
            _("%(name)s follows %(cell)s from %(date)s.")
            % {"name": f.member.full_name, "cell": f.cell.name, "date": format_date(f.started_on)}
        ),
        done_url=_back(org, _year(request)),
        show_again=lambda bound: _page(
            request, org, 400, assign_form=bound, assign_cell=_posted_pk(request, "cell")
        ),
    )


def _posted_pk(request: HttpRequest, name: str) -> int | None:
    raw = request.POST.get(name, "")
    return int(raw) if raw.isdigit() else None


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    follower = get_object_or_404(
        Follower.objects.visible_to(request.user).select_related("committee"), pk=pk
    )
    org = follower.committee
    services.require_edit(request.user, org)
    return form_action(
        request,
        EndFollowerForm(request.POST),
        lambda data: services.end_follower(follower, ended_on=data["ended_on"], actor=request.user),
        success=lambda f: _("The assignment ends on %(date)s.") % {"date": format_date(f.ended_on)},
        done_url=_back(org, _year(request)),
        show_again=lambda bound: _page(request, org, 400, end_form=bound, end_pk=follower.pk),
    )


@login_required
def my_material(request: HttpRequest, pk: int):
    """A published material of a meeting the member is called to or invited to as a guest;
    any other: 404."""
    member = _own_record(request)
    since = timezone.localdate() - OWN_DAYS_BACK
    invited = Guest.objects.filter(member=member, meeting__date__gte=since).values("meeting_id")
    found = get_object_or_404(
        Material.objects.filter(published_on__lte=timezone.localdate()).filter(
            Q(meeting__in=_own_meetings(member).values("pk")) | Q(meeting__in=invited)
        ),
        pk=pk,
    )
    return attachment_response(found.file)
