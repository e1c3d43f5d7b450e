"""Day one for the demo personas (`coso.demo.persona`): the cell secretary's cell has candidates
at several steps (one overdue), a probationary member due for recognition and one overdue, an
incoming transfer letter, and overdue items on the to-do list; in the small demo and the bloc,
the same for a seed."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from coso.admission.models import Candidate
from coso.core.deadlines import recognition_vote_due_on
from coso.demo.generator import DemoGenerator, ensure_demo_accounts
from coso.members.choices import MemberStatus, TransferKind, TransferStatus
from coso.members.models import Member, Transfer
from coso.members.queries.todo import todo_list
from tests.demo.test_demo import small_demo, wipe

pytestmark = pytest.mark.django_db

CELL = "DUK-BK-CNTT"


def day_one() -> dict:
    """What the cell persona finds in their cell, without pks (to compare two runs)."""
    today = timezone.localdate()
    candidates = (
        Candidate.objects.filter(cell__code=CELL, status="in_progress")
        .order_by("id")
        .values_list("full_name", "step", "step_on", "due_on")
    )
    probation = Member.objects.filter(
        organization__code=CELL, status=MemberStatus.PROBATIONARY
    ).order_by("id")
    incoming = Transfer.objects.filter(to_organization__code=CELL, status=TransferStatus.ISSUED)
    user = get_user_model().objects.get(username="bithu_cntt")
    todo = todo_list(user, today=today)
    return {
        "candidates": list(candidates),
        "probation": [(m.full_name, m.admitted_on) for m in probation],
        "incoming": list(
            incoming.order_by("id").values_list(
                "member__full_name",
                "member__organization__code",
                "letter_number",
                "kind",
                "issued_on",
            )
        ),
        "todo": (todo.by_kind, todo.overdue_by_kind),
    }


def check_day_one(found: dict) -> None:
    today = timezone.localdate()
    user = get_user_model().objects.get(username="bithu_cntt")
    candidates = Candidate.objects.filter(cell__code=CELL, status="in_progress")
    next_steps = {c.next_step for c in candidates}
    # at several steps: the application, the introduction and the decision come next
    assert {"application", "introduction", "decision"} <= next_steps
    late = [c for c in candidates if c.is_overdue]
    assert "decision" in {c.next_step for c in late}
    # probation: one vote due within the to-do's horizon, one overdue
    dues = sorted(recognition_vote_due_on(m) for _n, m in found["probation"][-2:])
    assert dues[0] < today <= dues[1] <= today + dt.timedelta(days=10)
    # an incoming letter from another cell of the same committee, not yet received
    (name, source, number, kind, issued) = found["incoming"][-1]
    assert source.startswith("DUK-BK-") and source != CELL
    assert kind == TransferKind.PERMANENT and today - dt.timedelta(days=6) <= issued < today
    assert "-GT/" in number
    # the to-do list: upcoming and overdue items of the cell's own work
    by_kind, overdue = found["todo"]
    assert by_kind["probation"] >= 2 and overdue["probation"] >= 1
    assert overdue["admission"] >= 1
    assert sum(overdue.values()) >= 3
    assert Member.objects.visible_to(user).filter(full_name=name).count() == 0  # not yet theirs


def test_the_cell_persona_has_work_in_the_small_demo(db):
    out = small_demo(1)
    assert "Chi bộ của tài khoản dùng thử: candidates: 3, probations: 2, incoming_letters: 1" in out
    first = day_one()
    check_day_one(first)
    # the same seed, the same day one
    wipe()
    small_demo(1)
    assert day_one() == first


def test_the_cell_persona_has_work_in_the_bloc(db):
    result = DemoGenerator("bloc", 1, scale=0.05).run()
    assert result.members
    ensure_demo_accounts()
    check_day_one(day_one())
