"""The demo's resolution tasks: 1–3 in each past monthly meeting of the last twelve months,
given to members on the roster or to the cell, most done on time, some late, some overdue; reviewed
at the next meeting; the same seed gives the same tasks."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from coso.core.dates import add_months
from coso.meetings.choices import MeetingKind
from coso.meetings.models import Attendance, Meeting, ResolutionTask
from tests.demo.test_demo import wipe
from tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def _demo(seed=1):
    call_command("demo", "--size", "small", "--seed", str(seed), stdout=StringIO())


def test_tasks_of_the_monthly_meetings():
    _demo()
    today = timezone.localdate()
    first = add_months(today.replace(day=1), -12)
    monthly = Meeting.objects.filter(kind=MeetingKind.REGULAR, date__gte=first, date__lt=today)
    per_meeting = Counter(ResolutionTask.objects.values_list("meeting_id", flat=True))
    assert set(per_meeting) == set(monthly.values_list("pk", flat=True))
    assert set(per_meeting.values()) == {1, 2, 3}
    tasks = list(ResolutionTask.objects.select_related("meeting", "reviewed_at"))
    states = Counter(t.state(today) for t in tasks)
    on_time = sum(1 for t in tasks if t.on_time())
    assert states["overdue"] > 0 and states["done"] > states["overdue"] + states["open"]
    assert on_time > 0.7 * states["done"]
    called = set(Attendance.objects.exclude(presence="not_called").values_list("meeting", "member"))
    for t in tasks:
        assert t.due_on >= t.meeting.date
        assert t.member_id is None or (t.meeting_id, t.member_id) in called
        assert t.done_on is None or t.meeting.date <= t.done_on <= today
        if t.reviewed_at_id:
            assert t.reviewed_at.organization_id == t.meeting.organization_id
            assert t.meeting.date < t.reviewed_at.date < today


def test_the_same_seed_gives_the_same_tasks():
    fields = ("meeting__organization__code", "meeting__date", "what", "member__cccd", "body",
              "due_on", "done_on", "reviewed_at__date")  # fmt: skip
    _demo(seed=3)
    first = snapshot(tasks=(ResolutionTask, fields))
    wipe()
    _demo(seed=3)
    assert snapshot(tasks=(ResolutionTask, fields)) == first
