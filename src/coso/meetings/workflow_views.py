"""A workflow step voted on at a meeting (an admission, a recognition): the form on the
meeting's page (`{% workflow_vote_form %}`, `templatetags/meeting_votes.py`) posts here; the
step goes through `services.record_workflow_vote`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.core.views import form_action

from . import services, views
from .forms import WorkflowVoteForm
from .models import Meeting
from .workflow import kinds


def subject_choices(meeting: Meeting) -> list[tuple[str, list[tuple[str, str]]]]:
    """The cases the meeting may vote on, grouped by kind (one query a kind)."""
    out = []
    for kind in kinds():
        options = [(f"{kind.key}:{s.pk}", kind.label_of(s)) for s in kind.eligible(meeting)]
        if options:
            out.append((str(kind.label), options))
    return out


@login_required
@require_POST
def workflow_vote(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = views._meeting(request, pk)
    services.require_edit(request.user, meeting.organization)
    form = WorkflowVoteForm(request.POST, choices=subject_choices(meeting))
    return form_action(
        request,
        form,
        lambda _data: services.record_workflow_vote(
            meeting, actor=request.user, **form.service_kwargs()
        ),
        success=lambda v: (
            _("Recorded: %(subject)s, %(for)d for of %(base)d.")
            % {"subject": v.subject, "for": v.votes_for, "base": v.vote_base}
        ),
        done_url=reverse("meeting_detail", args=[meeting.pk]),
        show_again=lambda bound: views._detail(request, meeting, 400, workflow_vote_form=bound),
    )
