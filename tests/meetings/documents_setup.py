"""The adopted monthly meeting of CNTT on 10/11/2026 that the document tests issue from: two
exceptions to the attendance, an agenda item, two votes (one passed), a quality score, the chair
and the minute-taker, and Khánh the cell's secretary on its roster."""

from __future__ import annotations

import datetime as dt

from coso.committees import services as committee_services
from coso.meetings import services
from coso.meetings.models import Meeting

T = dt.time
D = dt.date


def cell_secretary_on_roster(tree, cell):
    """Nguyễn Văn Khánh, secretary of CNTT from its 2025 congress."""
    term = committee_services.open_term(
        tree["DUK-BK-CNTT"], start_year=2025, end_year=2030, congress_date=D(2025, 6, 1)
    )
    committee_services.appoint(term, cell["Khánh"], post="secretary", started_on=D(2025, 6, 1))
    return cell["Khánh"]


def held_meeting(tree, cell, actor=None, *, chair=True) -> Meeting:
    """The meeting, its minutes written but not adopted."""
    meeting = services.plan_meeting(
        tree["DUK-BK-CNTT"], kind="regular", date=D(2026, 11, 10), place="Phòng 301 nhà C1",
        agenda="Kiểm điểm tháng 11\nNhiệm vụ tháng 12", actor=actor,
    )  # fmt: skip
    if chair:  # no step names them yet: the minutes record who chaired and who took them
        Meeting.objects.filter(pk=meeting.pk).update(chair=cell["An"], minute_taker=cell["Hà"])
    meeting = services.record_attendance(
        meeting,
        exceptions={cell["Bình"].pk: ("excused", "Đi công tác"), cell["Chi"].pk: ("absent", "")},
        actor=actor,
    )
    services.add_agenda_item(
        meeting, title="Kiểm điểm nhiệm vụ tháng 11", speakers="Nguyễn Văn An, Nguyễn Văn Dũng",
        notes="Đồng chí An báo cáo kết quả tháng 11.\nĐồng chí Dũng đề nghị bổ sung chỉ tiêu.",
        actor=actor,
    )  # fmt: skip
    services.record_vote(
        meeting, subject="Thông qua nghị quyết tháng 11", votes_for=5, votes_against=0, actor=actor
    )
    services.record_vote(
        meeting, subject="Bổ sung chỉ tiêu", votes_for=3, votes_against=2, actor=actor
    )
    return meeting


def adopted_meeting(tree, cell, actor=None, *, chair=True) -> Meeting:
    meeting = held_meeting(tree, cell, actor, chair=chair)
    return services.adopt_minutes(
        meeting, starts_at=T(14, 0), ends_at=T(16, 0),
        conclusion="Chi bộ hoàn thành nhiệm vụ tháng 11.\nGiao đồng chí Giang chuẩn bị "
                   "chuyên đề tháng 12.",
        quality={"preparation": 15, "attendance": 18, "conduct": 40, "closing": 19},
        actor=actor,
    )  # fmt: skip
