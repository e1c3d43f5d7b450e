"""Demo study of Hồ Chí Minh (DOMAIN.md §17): each cell's plan for this year (the cells behind
on their thematic meetings, `demo.meetings.laggards`, have not adopted one yet) and its
members' personal commitments (a few have not signed yet), and every cell's last year's plan
with the commitments self-assessed and commented. Every grassroots committee has its plan of
last year and of this one, but those whose cells are behind (`THEMATIC_BEHIND`): the plan's
target counts the grassroots organizations with a plan.

Called by `coso.demo.generator.DemoGenerator.run` after the meetings, inside its transaction,
through `coso.meetings.services.load_study` (the same checks as the study steps; written in
batches).
"""

from __future__ import annotations

import datetime as dt
import random
import time

from coso.meetings.models import StudyPlan
from coso.meetings.services import CommitmentRow, load_study
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.orgs.choices import OrgKind

from .meetings import THEMATIC_BEHIND, laggards

#: the share of members who have not signed this year's commitment yet (on the to-do list)
UNSIGNED = 0.01
THEMES = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường",
    "Thực hành tiết kiệm, chống lãng phí theo gương Bác",
    "Nêu gương trách nhiệm của người đứng đầu theo tư tưởng Hồ Chí Minh",
    "Đổi mới, sáng tạo, phục vụ nhân dân theo lời Bác dạy",
]
PLAN_ACTIONS = (
    "1. Học tập chuyên đề của năm tại buổi sinh hoạt chi bộ tháng 3.\n"
    "2. Mỗi đảng viên đăng ký 2–3 việc làm cụ thể gắn với nhiệm vụ.\n"
    "3. Sinh hoạt chuyên đề hằng quý; biểu dương gương điển hình cuối năm."
)
ACTIONS = [
    "Lên lớp đúng giờ, chuẩn bị bài giảng chu đáo",
    "Hướng dẫn sinh viên nghiên cứu khoa học",
    "Tiết kiệm điện, nước, văn phòng phẩm tại đơn vị",
    "Giải quyết hồ sơ đúng hạn, không để tồn đọng",
    "Tham gia đầy đủ sinh hoạt chi bộ, đóng góp ý kiến xây dựng",
    "Giúp đỡ một quần chúng ưu tú phấn đấu vào Đảng",
    "Ứng dụng công nghệ số trong công việc chuyên môn",
]
ASSESSMENTS = [
    "Đã thực hiện đầy đủ các việc đã đăng ký.",
    "Cơ bản thực hiện được các việc đã đăng ký; cần cố gắng hơn về tiết kiệm.",
]
COMMENTS = ["Hoàn thành tốt cam kết.", "Hoàn thành cam kết.", "Cần cố gắng hơn năm tới."]


def _commitments(rng, members, year, adopted, today, assessed: bool) -> list[CommitmentRow]:
    out = []
    for pk, org_id in members:
        if org_id not in adopted or (not assessed and rng.random() < UNSIGNED):
            continue
        signed = min(today, adopted[org_id] + dt.timedelta(days=rng.randrange(3, 25)))
        row = dict(
            member_id=pk,
            organization_id=org_id,
            year=year,
            actions=tuple(rng.sample(ACTIONS, rng.choice((2, 3)))),
            signed_on=signed,
        )
        if assessed:
            row.update(
                self_assessment=rng.choice(ASSESSMENTS),
                assessed_on=dt.date(year, 12, rng.randrange(1, 20)),
                cell_comment=rng.choice(COMMENTS),
            )
        out.append(CommitmentRow(**row))
    return out


def fill_study(gen) -> int:
    """This year's plans and commitments of the demo's cells (and last year's for some);
    returns how many commitments."""
    started = time.monotonic()
    rng = random.Random(gen.rng.randrange(2**31))
    today, year = gen.today, gen.today.year
    cells = [gen.orgs[c.code] for c in gen.cells if not gen.orgs[c.code].is_dissolved]
    members = list(
        Member.objects.filter(
            organization__in=cells,
            status__in=[MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY],
        )
        .order_by("pk")  # the same seed draws the same commitments (PostgreSQL has no order)
        .values_list("pk", "organization_id")
    )
    plans, adopted, last = [], {}, {}
    behind = laggards(gen)  # no plan this year yet (on the to-do list)
    for org in cells:
        last[org.pk] = dt.date(year - 1, 1, rng.randrange(5, 25))
        plans.append(_plan(rng, org, year - 1, last[org.pk]))
        if org.code in behind:
            continue
        adopted[org.pk] = min(today, dt.date(year, 1, rng.randrange(2, 20)))
        plans.append(_plan(rng, org, year, adopted[org.pk]))
    committees = [
        o
        for o in gen.orgs.values()
        if o.kind == OrgKind.GRASSROOTS_COMMITTEE and not o.is_dissolved
    ]
    for org in sorted(committees, key=lambda o: o.code):
        plans.append(_plan(rng, org, year - 1, dt.date(year - 1, 1, rng.randrange(2, 15))))
        if org.code not in THEMATIC_BEHIND:
            plans.append(_plan(rng, org, year, min(today, dt.date(year, 1, rng.randrange(2, 15)))))
    rows = _commitments(rng, members, year - 1, last, today, True)
    rows += _commitments(rng, members, year, adopted, today, False)
    made_plans, made = load_study(plans, rows)
    gen.log(
        f"  {made_plans} kế hoạch học tập, {made} bản cam kết "
        f"({time.monotonic() - started:.1f} giây)"
    )
    return made


def _plan(rng, org, year: int, adopted_on: dt.date) -> StudyPlan:
    return StudyPlan(
        organization=org,
        year=year,
        theme=rng.choice(THEMES),
        actions=PLAN_ACTIONS,
        adopted_on=adopted_on,
    )
