"""The pages of a resolution's tasks: an organization's tasks (search, open / overdue / done,
paged, an Excel export), and the steps: give a task at a meeting, mark one done (a secretary,
or the member it was given to, from /my/meetings/), review one at a later meeting.

The meeting page shows its tasks and the earlier ones to review through
`{% include "meetings/_tasks.html" %}` (template tags in `templatetags/meeting_tasks.py`); each
step has its own small page, shown again with its errors when refused. Out of scope: 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.scope import OutOfScope
from coso.core.views import form_action, xlsx_download

from . import exports, queries, services
from .choices import TaskState
from .forms import DoneForm, ReviewForm, TaskForm
from .models import ResolutionTask
from .views import PAGE_SIZE, _meeting, _org


@login_required
def organization_tasks(request: HttpRequest, code: str) -> HttpResponse:
    """The tasks the organization's meetings gave: ``?q=`` searches, ``?state=`` keeps the
    open, overdue or done ones, ``?export=xlsx`` downloads those listed."""
    org = _org(request, code)
    today = timezone.localdate()
    state = request.GET.get("state", "")
    state = state if state in TaskState.values else ""
    search = request.GET.get("q", "")
    tasks = queries.tasks_of(org, request.user, text=search, state=state, today=today)
    if request.GET.get("export") == "xlsx":
        return xlsx_download(
            lambda f: exports.write_tasks(f, tasks, today), f"nhiem-vu-{org.code}.xlsx"
        )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "page": page,
        "rows": [(t, t.state(today)) for t in page.object_list],
        "search": search,
        "state": state,
        "states": TaskState.choices,
        "query": request.GET.urlencode(),
    }
    return render(request, "meetings/tasks.html", context)


def _step_page(request, form, template: str, context: dict, perform, success, done_url):
    """A step's own small page: GET shows the form; POST runs the step (`perform(data)`) and
    goes to `done_url`, or shows the page again with the refusal (400)."""

    def show_again(form):
        status = 400 if form.is_bound else 200
        return render(request, template, {**context, "form": form}, status=status)

    if not form.is_bound:
        return show_again(form)
    return form_action(
        request, form, perform, success=success, done_url=done_url, show_again=show_again
    )


def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


@login_required
def add(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a task of the meeting's resolution (GET: the form; POST: the step)."""
    meeting = _meeting(request, pk)
    services.require_edit(request.user, meeting.organization)
    form = TaskForm(_data(request), members=services.assignable(meeting))
    return _step_page(
        request,
        form,
        "meetings/task_add.html",
        {"meeting": meeting, "org": meeting.organization},
        lambda _d: services.add_task(meeting, actor=request.user, **form.service_kwargs()),
        lambda t: (
            _("The task is in the resolution: %(who)s, due %(date)s.")
            % {"who": t.assignee, "date": t.due_on.strftime("%d/%m/%Y")}
        ),
        reverse("meeting_detail", args=[meeting.pk]) + "#tasks",
    )


@login_required
def done(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a task done (GET: the form; POST: the step); back to ``?next=my`` (the member's own
    page) or to the meeting. The task: one the user may see, or their own."""
    task = get_object_or_404(
        ResolutionTask.objects.visible_or_own(request.user).select_related(
            "member", "meeting__organization"
        ),
        pk=pk,
    )
    if not services.may_mark_done(request.user, task):
        raise OutOfScope
    mine = request.GET.get("next") == "my"
    back = reverse("my_meetings") if mine else reverse("meeting_detail", args=[task.meeting_id])
    context = {"task": task, "state": task.state(timezone.localdate()), "back": back}
    return _step_page(
        request,
        DoneForm(_data(request), initial={"on": timezone.localdate()}),
        "meetings/task_done.html",
        {**context, "next_my": mine},
        lambda d: services.mark_done(task, on=d["on"], note=d["note"], actor=request.user),
        lambda t: _("The task is done."),
        back + ("" if mine else "#tasks"),
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """A later meeting (``?meeting=<id>``) reviews task `pk` (GET: the form; POST: the step)."""
    raw = request.GET.get("meeting", "")
    meeting = _meeting(request, int(raw) if raw.isdigit() and len(raw) <= 18 else 0)
    services.require_edit(request.user, meeting.organization)
    task = get_object_or_404(
        ResolutionTask.objects.filter(meeting__organization=meeting.organization).select_related(
            "member", "meeting"
        ),
        pk=pk,
    )
    return _step_page(
        request,
        ReviewForm(_data(request)),
        "meetings/task_review.html",
        {"meeting": meeting, "task": task, "state": task.state(timezone.localdate())},
        lambda d: services.review_task(task, meeting=meeting, note=d["note"], actor=request.user),
        lambda t: _("The task is reviewed."),
        reverse("meeting_detail", args=[meeting.pk]) + "#tasks",
    )
