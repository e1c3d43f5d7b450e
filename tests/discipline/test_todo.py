"""A case's deadlines on the to-do list: the state body's notice of its own discipline (QĐ 296),
the appeal period running on a decision, a deferral ending, an organization's dissolution to
carry out in the tree; each gone once dealt with."""

from __future__ import annotations

import datetime as dt

from coso.discipline import services
from coso.discipline.models import DisciplineCase
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from coso.members.services import organizations as reorganization

from .cell import (  # noqa: F401 (fixtures)
    ck_fixture,
    ck_secretary_fixture,
    held_meeting,
    open_member_case,
    reviewed_case,
    vote,
)

D = dt.date
KINDS = [
    TodoKind.DISCIPLINE_STATE_NOTICE,
    TodoKind.DISCIPLINE_APPEAL,
    TodoKind.DISCIPLINE_DEFERRAL,
]


def _items(user, today):
    result = todo_list(user, today=today, kinds=KINDS)
    return [(f.kind, f.member_name, f.organization_code, f.due_on, f.overdue) for f in result.items]


def _decided_warning(tree, ck):
    case = reviewed_case(ck["An01"], "warning", state_body="Sở Giáo dục")
    vote(held_meeting(tree, ck, day=D(2026, 10, 22)), case, 17)
    case = DisciplineCase.objects.get(pk=case.pk)
    return services.record_decision(
        case, penalty="warning", decided_by=tree["DUK-BK-CK"], decision_number="02-QĐ/CB",
        date=D(2026, 10, 23),
    )  # fmt: skip


def test_the_notice_and_the_appeal_period_until_dealt_with(tree, ck, office):
    case = _decided_warning(tree, ck)
    name = case.subject_name
    assert _items(office, D(2026, 10, 24)) == [
        (TodoKind.DISCIPLINE_STATE_NOTICE, name, "DUK-BK-CK", D(2026, 10, 28), False),
        (TodoKind.DISCIPLINE_APPEAL, name, "DUK-BK-CK", D(2026, 11, 22), False),
    ]
    # the notice late: overdue; the appeal period still running
    assert _items(office, D(2026, 10, 30))[0][3:] == (D(2026, 10, 28), True)
    services.record_state_notice(case, date=D(2026, 10, 29))
    assert _items(office, D(2026, 10, 30)) == [
        (TodoKind.DISCIPLINE_APPEAL, name, "DUK-BK-CK", D(2026, 11, 22), False),
    ]
    # the period over without an appeal: nothing left to do
    assert _items(office, D(2026, 11, 23)) == []


def test_a_deferral_ending_and_gone_once_resumed(tree, ck, office):
    case = open_member_case(ck["An06"])
    services.defer_case(case, reason="nursing", date=D(2026, 10, 2), child_born_on=D(2025, 12, 1))
    name = DisciplineCase.objects.get(pk=case.pk).subject_name
    assert _items(office, D(2026, 10, 15)) == []  # the end beyond the horizon (30 days)
    assert _items(office, D(2026, 11, 15)) == [
        (TodoKind.DISCIPLINE_DEFERRAL, name, "DUK-BK-CK", D(2026, 12, 1), False),
    ]
    services.resume_case(case, date=D(2026, 12, 1))
    assert _items(office, D(2026, 12, 2)) == []


def test_out_of_the_users_scope_nothing(tree, ck, cell_secretary):
    _decided_warning(tree, ck)  # a case of CK; the cell secretary is CNTT's
    assert _items(cell_secretary, D(2026, 10, 24)) == []


def _dissolution_decided(tree, penalty="dissolution"):
    """CK's own case (handled by DUK-BK, its superior): proposed to DUK, which decides."""
    case = services.open_case(
        organization=tree["DUK-BK-CK"], breach="Mất sức chiến đấu", breach_on=D(2026, 9, 1),
        offence="art9", proposed_penalty=penalty, opened_on=D(2026, 10, 1),
    )  # fmt: skip
    case = services.record_self_review(case, date=D(2026, 10, 5), proposed_penalty=penalty)
    services.propose_upward(case, to=tree["DUK"], date=D(2026, 10, 8), document_number="3-TTr/ĐU")
    return services.record_decision(
        DisciplineCase.objects.get(pk=case.pk), penalty=penalty, decided_by=tree["DUK"],
        decision_number="15-QĐ/ĐUK", date=D(2026, 10, 20),
    )  # fmt: skip


DECIDED_SINCE = D(2026, 11, 1)


def _dissolutions(user, today=DECIDED_SINCE):
    result = todo_list(user, today=today, kinds=[TodoKind.DISCIPLINE_DISSOLUTION])
    return [(f.member_id, f.member_name, f.organization_code, f.due_on, f.overdue, f.detail,
             f.url) for f in result.items]  # fmt: skip


def test_a_dissolution_is_to_do_for_the_superior_until_the_tree_shows_it(
    tree, ck, office, bk_secretary, ck_secretary, cell_secretary
):
    _dissolution_decided(tree)
    item = (None, "Chi bộ Khoa Cơ khí", "DUK-BK", None, False,
            "Dissolve DUK-BK-CK in the tree by decision 15-QĐ/ĐUK of 20/10/2026",
            "/organizations/DUK-BK-CK/#actions")  # fmt: skip
    # the superior handling the case and those above see it, on any day (no rule dates it)
    assert _dissolutions(bk_secretary) == _dissolutions(office) == [item]
    assert _dissolutions(office, today=D(2027, 6, 1)) == [item]
    # not the organization dissolved, nor a neighbour
    assert _dissolutions(ck_secretary) == _dissolutions(cell_secretary) == []
    # its members placed elsewhere and the organization dissolved: done
    reorganization.merge_organizations(tree["DUK-BK-CK"], into=tree["DUK-BK-CNTT"],
                                       date=D(2026, 11, 1), decision_number="20-QĐ/ĐU")  # fmt: skip
    assert _dissolutions(office) == []


def test_no_dissolution_to_do_for_a_lighter_penalty_or_an_annulment(tree, ck, office):
    case = _dissolution_decided(tree, penalty="warning")
    assert _dissolutions(office) == []
    DisciplineCase.objects.filter(pk=case.pk).update(penalty="dissolution")
    assert len(_dissolutions(office)) == 1
    DisciplineCase.objects.filter(pk=case.pk).update(appeal_outcome="annulled")
    assert _dissolutions(office) == []
