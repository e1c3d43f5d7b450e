"""A small tree's year 2025 of work, made row by row so every figure can be counted by hand
(the rows the measures read; the workflow steps that make them are tested in their apps).

On the shared tree (tests/conftest.py): DUK > DUK-BK (grassroots committee: cells CNTT, CK) and
DUK-KT (grassroots cell). Members at 1/1/2025: CNTT an, duc, hoa; CK binh, anh; KT dung, an2.

    grades (members)    an excellent, duc good, hoa complete, binh good, anh incomplete,
                        dung good, an2 not yet decided
    grades (orgs)       CNTT good, CK complete, BK good, KT excellent, DUK good (not counted)
    four-good           KT yes, BK no
    thematic meetings   CNTT 4 held (one a monthly meeting's part), CK 3 held + 1 planned,
                        KT 5 held
    study plans         BK 2025 (and CNTT's, a cell: not counted)
    admissions          moi into CK on 1/6/2025
    removals            an2 struck off on 1/9/2025
    commitments         an, duc, binh, dung
    discipline          binh: a reprimand decided on 10/5/2025
    dues                an 10,000 paid 10,000; duc 10,000 paid 0; dung 20,000 paid 20,000
"""

from __future__ import annotations

import datetime as dt

from coso.discipline.models import DisciplineCase
from coso.dues.models import DuesMonth
from coso.evaluation.models import Evaluation, EvaluationPeriod
from coso.meetings.models import Commitment, Meeting, StudyPlan
from coso.members.choices import EventKind
from coso.members.services import register_member, remove_member

YEAR = 2025
D = dt.date(YEAR, 12, 1)

MEMBER_GRADES = {
    "an": "excellent", "duc": "good", "hoa": "complete", "binh": "good",
    "anh": "incomplete", "dung": "good", "an2": "",
}  # fmt: skip
ORG_GRADES = {
    "DUK-BK-CNTT": "good", "DUK-BK-CK": "complete", "DUK-BK": "good",
    "DUK-KT": "excellent", "DUK": "good",
}  # fmt: skip


def _evaluation(period, org, quota_unit, grade, member=None, four_good=None):
    return Evaluation.objects.create(
        period=period,
        subject_kind="member" if member else "organization",
        member=member,
        organization=org,
        quota_unit=quota_unit,
        form="2A" if member else "01",
        self_grade=grade or "good",
        self_assessed_on=D,
        grade=grade,
        decided_on=D if grade else None,
        stage="decided" if grade else "self_assessed",
        four_good=four_good,
    )


def grades(tree, members):
    period = EvaluationPeriod.objects.create(
        organization=tree["DUK"], kind="year", year=YEAR, label="Năm 2025",
        starts_on=dt.date(YEAR, 1, 1), ends_on=dt.date(YEAR, 12, 31),
        cells_due_on=dt.date(YEAR, 12, 15), grassroots_due_on=dt.date(YEAR, 12, 31),
        superior_due_on=dt.date(YEAR + 1, 1, 15), opened_on=dt.date(YEAR, 11, 1),
    )  # fmt: skip
    for key, grade in MEMBER_GRADES.items():
        m = members[key]
        unit = tree["DUK-KT"] if m.organization_id == tree["DUK-KT"].pk else tree["DUK-BK"]
        _evaluation(period, m.organization, unit, grade, member=m)
    four_good = {"DUK-KT": True, "DUK-BK": False}
    for code, grade in ORG_GRADES.items():
        _evaluation(period, tree[code], tree["DUK"], grade, four_good=four_good.get(code))
    return period


def meetings(tree):
    def meeting(code, month, kind="thematic", status="held", with_thematic=False):
        Meeting.objects.create(
            organization=tree[code], kind=kind, date=dt.date(YEAR, month, 10),
            status=status, with_thematic=with_thematic,
        )  # fmt: skip

    for month in (2, 5, 8):
        meeting("DUK-BK-CNTT", month)
    meeting("DUK-BK-CNTT", 11, kind="regular", with_thematic=True)
    meeting("DUK-BK-CNTT", 12, kind="regular")  # no thematic part: not counted
    for month in (3, 6, 9):
        meeting("DUK-BK-CK", month)
    meeting("DUK-BK-CK", 12, status="planned")
    for month in (1, 3, 6, 9, 11):
        meeting("DUK-KT", month)
    Meeting.objects.create(organization=tree["DUK-KT"], kind="thematic", date=dt.date(2024, 5, 1))


def study(tree, members):
    for code in ("DUK-BK", "DUK-BK-CNTT"):
        StudyPlan.objects.create(
            organization=tree[code], year=YEAR, theme="Chủ đề năm", actions="…", adopted_on=D
        )
    for key in ("an", "duc", "binh", "dung"):
        Commitment.objects.create(
            member=members[key], year=YEAR, actions=["a", "b"], signed_on=dt.date(YEAR, 3, 1)
        )


def registry(tree, members):
    moi = register_member(
        {
            "family_name": "Đỗ", "middle_name": "Văn", "given_name": "Mới", "sex": "male",
            "birth_date": dt.date(2003, 1, 1), "admitted_on": dt.date(YEAR, 6, 1),
            "cccd": "001203000777",
        },
        organization=tree["DUK-BK-CK"], active_from=dt.date(YEAR, 6, 1),
        status="probationary", event_kind=EventKind.ADMITTED,
    )  # fmt: skip
    remove_member(
        members["an2"], kind=EventKind.STRUCK_OFF, date=dt.date(YEAR, 9, 1), document_number="12-QĐ"
    )
    members["moi"] = moi
    return moi


def discipline(tree, members):
    binh = members["binh"]
    DisciplineCase.objects.create(
        organization=tree["DUK-BK"], subject_kind="member", member=binh,
        breach_on=dt.date(YEAR, 2, 1), offence="8", proposed_penalty="reprimand",
        opened_on=dt.date(YEAR, 3, 1), status="decided", step="decision",
        step_on=dt.date(YEAR, 5, 10), penalty="reprimand", decision_on=dt.date(YEAR, 5, 10),
        subject_name=str(binh), sort_key="binh",
    )  # fmt: skip


def dues(members):
    for key, due, paid in (("an", 10_000, 10_000), ("duc", 10_000, 0), ("dung", 20_000, 20_000)):
        m = members[key]
        DuesMonth.objects.create(
            member=m, organization=m.organization, month=dt.date(YEAR, 1, 1), due=due, paid=paid
        )


def year_of_work(tree, members):
    grades(tree, members)
    meetings(tree)
    study(tree, members)
    registry(tree, members)
    discipline(tree, members)
    dues(members)
