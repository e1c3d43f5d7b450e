"""Demo inspection, supervision and feedback (DOMAIN.md §6, §15; KH 74-KH/ĐUK §III.5–6): for
some grassroots committees, last year's plan of their inspection committee with a concluded
inspection of a cell (findings, follow-up actions done, overdue and due soon) and a concluded
supervision of a member whose signs of violation opened an inspection; and feedback items
routed to them: open, late, answered and closed, passed to inspection, one anonymous.

Called by `coso.demo.generator.DemoGenerator.run` at the end, inside its transaction, through
`coso.inspection.services` (the same steps and checks as the pages). Every date is in the
past (last year's plan; feedback received before today).
"""

from __future__ import annotations

import datetime as dt
import random

from coso.inspection import services
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.orgs.choices import CELL_KINDS, OrgKind
from coso.orgs.models import Organization

#: how many grassroots committees get a plan with inspections, and feedback
COMMITTEES = 12
TOPICS = [
    "Việc thu, nộp, quản lý và sử dụng đảng phí",
    "Việc thực hiện nguyên tắc tập trung dân chủ, chế độ sinh hoạt chi bộ",
    "Việc rà soát, sàng lọc và quản lý đảng viên",
]
FEEDBACK = [
    ("youth_union", "Đoàn Thanh niên Trường", "Đề nghị chi bộ quan tâm hơn đến đoàn viên ưu tú"),
    ("trade_union", "Công đoàn Trường", "Phản ánh việc giải quyết chế độ cho người lao động chậm"),
    ("womens_union", "Hội Phụ nữ Trường", "Góp ý về tinh thần phục vụ của cán bộ phòng đào tạo"),
    ("citizen", "", "Phản ánh đảng viên chưa gương mẫu nơi cư trú"),
]


def fill_inspection(gen) -> int:
    """Plans, inspections and feedback for up to `COMMITTEES` grassroots committees; returns how
    many committees were filled."""
    rng = random.Random(gen.rng.randrange(2**31))
    today = gen.today
    committees = list(
        Organization.objects.filter(
            kind=OrgKind.GRASSROOTS_COMMITTEE, dissolved_on__isnull=True
        ).order_by("path")[:COMMITTEES]
    )
    filled = 0
    for org in committees:
        cells = list(
            Organization.objects.filter(path__startswith=org.path, kind__in=CELL_KINDS,
                                        dissolved_on__isnull=True).order_by("path")[:2]
        )  # fmt: skip
        people = list(
            Member.objects.filter(organization__path__startswith=org.path, status=MemberStatus.OFFICIAL)
            .select_related("organization").order_by("sort_key")[:6]
        ) if cells else []  # fmt: skip
        if len(people) < 4:
            continue
        # the first committee's inspection proposes discipline (the discipline demo opens it)
        _inspections(rng, org, cells[0], people, today, proposes=filled == 0)
        _feedback(rng, org, cells[0], people, today)
        filled += 1
    gen.log(f"  kiểm tra, giám sát và góp ý: {filled} đảng bộ cơ sở")
    return filled


def _inspections(rng, org, cell, people, today: dt.date, *, proposes: bool = False) -> None:
    year = today.year - 1
    plan = services.adopt_plan(
        org, body="inspection_committee", year=year, title=f"Kế hoạch kiểm tra, giám sát năm {year}",
        adopted_on=dt.date(year - 1, 12, 20), document_number=f"{rng.randint(1, 40)}-KH/UBKT",
    )  # fmt: skip
    inspection = services.schedule(
        plan, activity="inspection", kind="thematic", topic=rng.choice(TOPICS),
        starts_on=dt.date(year, 3, 2), ends_on=dt.date(year, 3, 31), subject_organization=cell,
    )  # fmt: skip
    leader, member, subject = people[0], people[1], people[-1]
    services.set_team(inspection, leader=leader, members=[member])
    services.add_finding(inspection, finding="Sổ thu đảng phí ghi chưa đầy đủ một số tháng.",
                         recorded_on=dt.date(year, 3, 10), violation=True)  # fmt: skip
    services.add_finding(inspection, finding="Chi bộ duy trì sinh hoạt định kỳ đúng quy định.",
                         recorded_on=dt.date(year, 3, 12))  # fmt: skip
    concluded = dt.date(year, 4, 2)
    services.conclude(inspection, conclusion="Chi bộ thực hiện cơ bản đúng quy định; còn thiếu "
                      "sót trong ghi sổ thu đảng phí, cần khắc phục.", concluded_on=concluded,
                      violation=True, proposes_discipline=proposes)  # fmt: skip
    done = services.add_follow_up(inspection, what="Bổ sung sổ thu đảng phí",
                                  responsible="Bí thư chi bộ")  # fmt: skip
    services.mark_follow_up_done(done, on=concluded + dt.timedelta(days=20), note="Đã bổ sung")
    services.add_follow_up(inspection, what="Báo cáo kết quả khắc phục", responsible="Chi ủy",
                           due_on=dt.date(year, 6, 30))  # overdue  # fmt: skip
    services.add_follow_up(inspection, what="Tự kiểm tra việc thu đảng phí cả năm",
                           responsible="Chi bộ", due_on=today + dt.timedelta(days=10))  # fmt: skip
    supervision = services.schedule(
        plan, activity="supervision", kind="regular", topic="Việc giữ mối liên hệ nơi cư trú",
        starts_on=dt.date(year, 5, 4), ends_on=dt.date(year, 5, 29), subject_member=subject,
    )  # fmt: skip
    services.set_team(supervision, leader=leader, members=[member])
    services.conclude(supervision, conclusion="Có dấu hiệu vi phạm quy định về giữ mối liên hệ.",
                      concluded_on=dt.date(year, 6, 5), violation=True)  # fmt: skip
    services.open_from_supervision(supervision, topic="Kiểm tra khi có dấu hiệu vi phạm",
                                   starts_on=dt.date(year, 6, 15), ends_on=dt.date(year, 7, 15))  # fmt: skip


def _feedback(rng, org, cell, people, today: dt.date) -> None:
    ages = [5, 60, 90, 120]  # open, late, answered and closed, passed to inspection
    for (kind, sender, summary), age in zip(FEEDBACK, ages, strict=True):
        about = {"about_member": people[2]} if kind == "citizen" else {"about_organization": cell}
        received = today - dt.timedelta(days=age)
        item = services.receive_feedback(
            channel="letter" if sender else "comment", sender_kind=kind, summary=summary,
            content=summary + ".", received_on=received, anonymous=not sender,
            sender_name=sender, sender_contact="" if not sender else "Văn phòng " + sender,
            committee=org, **about,
        )  # fmt: skip
        if age == 90:
            services.answer_feedback(item, answer="Đã trao đổi, tiếp thu và khắc phục.",
                                     answered_on=received + dt.timedelta(days=10), outcome="closed")  # fmt: skip
        elif age == 120:
            services.answer_feedback(item, answer="Chuyển Ủy ban kiểm tra xem xét.",
                                     answered_on=received + dt.timedelta(days=12),
                                     outcome="to_inspection",
                                     inspection_ends_on=received + dt.timedelta(days=40))  # fmt: skip
