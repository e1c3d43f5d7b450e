"""Workflow votes taken at meetings, on pages.

`{% load meeting_votes %}`
- `{% workflow_vote_form %}` on a meeting's page: the form that votes on an admission or a
  recognition (only while the meeting is held, its attendance recorded and its minutes open,
  for a user who may record for it);
- `{% voted_at "admission" candidate %}` on a lower app's page (admission): "voted at the
  meeting of <date>" with the link to the meeting. A template library, not an import: the
  admission app stays unaware of meetings.
"""

from django import template

from coso.meetings.forms import WorkflowVoteForm
from coso.meetings.models import MeetingVote
from coso.meetings.workflow_views import subject_choices

register = template.Library()


@register.inclusion_tag("meetings/_workflow_vote_form.html", takes_context=True)
def workflow_vote_form(context):
    meeting = context["meeting"]
    if not (context.get("editable") and context.get("recorded")) or meeting.locked:
        return {"form": None}
    form = context.get("workflow_vote_form")
    if form is None:
        choices = subject_choices(meeting)
        form = WorkflowVoteForm(choices=choices) if choices else None
    return {"form": form, "meeting": meeting}


@register.inclusion_tag("meetings/_voted_at.html", takes_context=True)
def voted_at(context, workflow: str, subject):
    """The vote of `workflow` on `subject` at a meeting the user may see (one query)."""
    vote = (
        MeetingVote.objects.visible_to(context["request"].user)
        .filter(workflow=workflow, workflow_subject_id=subject.pk)
        .select_related("meeting")
        .first()
    )
    return {"vote": vote}
