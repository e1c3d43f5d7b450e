"""Demo meetings: two years of every cell's monthly meetings (past ones held and adopted, next
month's planned), a thematic part each quarter in most cells (some cells fall behind:
`THEMATIC_BEHIND`), a few extraordinary meetings, and attendance with its usual absences: some
excused with a reason, a few without one, and in some cells one member who keeps staying away.

Called by `coso.demo.generator.DemoGenerator.run` after the committees, inside its
transaction, through `coso.meetings.services.load_meetings` (the same checks, roster and counts
as the meeting pages; written in batches).
"""

from __future__ import annotations

import datetime as dt
import random
import time

from coso.core.dates import add_months
from coso.meetings.choices import MeetingKind, Presence, Standing, TaskBody
from coso.meetings.models import Attendance, Meeting
from coso.meetings.services import (
    MeetingPlan,
    TaskRow,
    load_meetings,
    load_tasks,
    set_planning_day,
)
from coso.orgs.choices import OrgKind

#: how far back the demo's meetings go
MONTHS = 24
#: every this many cells, one skips a quarter's thematic part now and then (the city bench)
BEHIND_EVERY = 7
#: the grassroots organizations behind on the thematic parts (the story of the plan's
#: dashboard, README): every other one of their cells holds none this year and two a year
#: before (none in `BEHIND_SKIPS`); every other cell of the bloc holds one each quarter
THEMATIC_BEHIND = ("DUK-XD", "DUK-GTVT", "DUK-TL", "DUK-CDIN")
BEHIND_SKIPS = (4, 10)
#: the cell whose secretary is a demo persona forgets last month's meeting (something to do
#: on day one: it is on their to-do list)
FORGETFUL = "DUK-BK-CNTT"
#: the day of the month by which the cells plan next month's meeting (the root's rule)
PLANNING_DAY = 20
EXCUSES = ["Ốm", "Đi công tác", "Con ốm", "Bận việc gia đình", "Đi học tập trung", "Nghỉ phép"]
TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tự phê bình và phê bình",
    "Nâng cao chất lượng sinh hoạt chi bộ theo Chỉ thị 50-CT/TW",
    "Đổi mới phương pháp giảng dạy gắn với đạo đức nhà giáo",
    "Chuyển đổi số trong công tác đảng",
    "Phòng, chống suy thoái tư tưởng chính trị, đạo đức, lối sống",
]
#: a quarter's thematic part in its first month: by October a cell on time has held its four
THEMATIC_MONTHS = (1, 4, 7, 10)
#: how many months back the monthly meetings' resolutions give tasks (a city: fewer)
TASK_MONTHS = {"city": 3}
TASK_MONTHS_DEFAULT = 12
TASKS = [
    "Vận động đảng viên đóng đảng phí đúng hạn",
    "Hoàn thiện hồ sơ đề nghị kết nạp quần chúng ưu tú",
    "Báo cáo kết quả thực hiện nhiệm vụ chuyên môn quý",
    "Chuẩn bị nội dung sinh hoạt chuyên đề",
    "Nắm tình hình tư tưởng của đảng viên và quần chúng",
    "Tổ chức đợt sinh hoạt ngoại khóa cho đoàn viên",
    "Rà soát, cập nhật lý lịch đảng viên",
    "Đôn đốc việc thực hiện cam kết học tập và làm theo Bác",
]

#: the share of meetings a cell's follower comes to
FOLLOWER_CAME = 0.8


def _marks(rng: random.Random, truant: bool):
    """Who did not simply come: a function of a roster line, for `load_meetings`."""

    def mark(line) -> tuple[str, str] | None:
        if line.standing == Standing.AWAY or line.exempted:
            return None
        if truant and line.member.pk % 7 == 0 and rng.random() < 0.5:
            return Presence.ABSENT, ""
        draw = rng.random()
        if draw < 0.06:
            return Presence.EXCUSED, rng.choice(EXCUSES)
        if draw < 0.07:
            return Presence.ABSENT, ""
        return None

    return mark


def cell_plans(
    org, rng: random.Random, *, first: dt.date, months: int, today: dt.date, behind: bool,
    truant: bool, skip: dt.date | None = None,
) -> list[tuple[MeetingPlan, object]]:  # fmt: skip
    """A cell's monthly meetings from the month `first` for `months` more months (not the
    month `skip`), a thematic part each quarter (in a cell `behind`, none this year and two a
    year before), a few extraordinary meetings; each with its `mark` function (see
    `_marks`)."""
    out = []
    for n in range(months + 1):
        month = add_months(first, n)
        day = month.replace(day=rng.randrange(5, 26))
        if month == skip:
            continue
        thematic = month.month in THEMATIC_MONTHS and not (
            behind and (month.year == today.year or month.month in BEHIND_SKIPS)
        )
        plan = MeetingPlan(
            organization=org,
            kind=MeetingKind.REGULAR,
            date=day,
            with_thematic=thematic,
            topic=rng.choice(TOPICS) if thematic else "",
            starts_at=dt.time(14, 0),
            ends_at=dt.time(16, 15) if thematic else dt.time(15, 45),
            conclusion="Chi bộ thống nhất các nội dung đã thảo luận.",
        )
        out.append((plan, _marks(rng, truant)))
        if rng.random() < 0.03 and day < today:
            extra = MeetingPlan(
                organization=org,
                kind=MeetingKind.EXTRAORDINARY,
                date=day + dt.timedelta(days=2),
                starts_at=dt.time(16, 30),
                ends_at=dt.time(17, 30),
                conclusion="Chi bộ thống nhất.",
            )
            out.append((extra, _marks(rng, False)))
    return out


def laggards(gen) -> set[str]:
    """The codes of the cells behind (`THEMATIC_BEHIND`): every other open cell of those
    grassroots organizations in the order of their codes, from the first; the study
    (`demo.study`) reads them too."""
    seen: dict[str, int] = {}
    out = set()
    for spec in sorted(gen.cells, key=lambda c: c.code):
        if spec.grassroots in THEMATIC_BEHIND and not gen.orgs[spec.code].is_dissolved:
            seen[spec.grassroots] = seen.get(spec.grassroots, -1) + 1
            if seen[spec.grassroots] % 2 == 0:
                out.add(spec.code)
    return out


def _plans(gen, rng: random.Random) -> list[tuple[MeetingPlan, object]]:
    first = add_months(gen.today.replace(day=1), -MONTHS)
    out = []
    last_month = add_months(gen.today.replace(day=1), -1)
    next_month = add_months(gen.today.replace(day=1), 1)
    behind = laggards(gen)
    for spec in gen.cells:
        org = gen.orgs[spec.code]
        if org.is_dissolved:
            continue
        out.extend(
            cell_plans(
                org,
                rng,
                first=first,
                months=MONTHS,
                today=gen.today,
                behind=spec.code in behind,
                truant=rng.random() < 0.1,
                skip=last_month if spec.code == FORGETFUL else None,
            )
        )
        if spec.code != FORGETFUL:  # next month's meeting planned, but in the forgetful cell
            out.append((_next_month_plan(org, next_month), None))
    return out


def _next_month_plan(org, month: dt.date) -> MeetingPlan:
    """Next month's monthly meeting, planned on its 15th (no draw: the other data stay as they
    were for a seed)."""
    return MeetingPlan(
        organization=org,
        kind=MeetingKind.REGULAR,
        date=month.replace(day=15),
        starts_at=dt.time(14, 0),
        ends_at=dt.time(15, 45),
        conclusion="",
    )


def fill_meetings(gen) -> int:
    """Two years of meetings for every cell of the demo; returns how many."""
    started = time.monotonic()
    seed = gen.rng.randrange(2**31)
    rng = random.Random(seed)
    plans = _plans(gen, rng)
    marks = {id(plan): mark for plan, mark in plans}
    root = min(gen.orgs.values(), key=lambda o: o.depth)
    # the cells' followers come to most meetings (drawn apart: the members' marks stay as they
    # were)
    guests = random.Random(seed + 1)
    made = load_meetings(
        [plan for plan, _mark in plans],
        within=root,
        mark=lambda line, plan: marks[id(plan)](line),  # held meetings only (never the next)
        came=lambda plan: guests.random() < FOLLOWER_CAME,
    )
    gen.log(f"  {made} cuộc họp chi bộ ({time.monotonic() - started:.1f} giây)")
    # the bloc's committee: next month's meeting planned by the 20th (the forgetful cell has not)
    set_planning_day(root, PLANNING_DAY)
    started = time.monotonic()
    tasks = load_tasks(_tasks(gen, random.Random(seed + 1)))
    gen.log(f"  {tasks} nhiệm vụ theo nghị quyết ({time.monotonic() - started:.1f} giây)")
    return made


def _called(meeting_ids: list[int]) -> dict[int, list[int]]:
    """Who was on each meeting's roster there (member ids, in order; not who came, so that the
    tasks drawn do not hang on the attendance drawn)."""
    out: dict[int, list[int]] = {}
    for i in range(0, len(meeting_ids), 2000):
        rows = (
            Attendance.objects.filter(meeting_id__in=meeting_ids[i : i + 2000])
            .exclude(presence=Presence.NOT_CALLED)
            .order_by("meeting_id", "member_id")
            .values_list("meeting_id", "member_id")
        )
        for meeting_id, member_id in rows:
            out.setdefault(meeting_id, []).append(member_id)
    return out


def _task(rng, meeting, members, group: bool, today, next_meeting) -> TaskRow:
    """One task of a meeting's resolution: most done on time, some late, some not done."""
    pk, _org, day = meeting
    due = day + dt.timedelta(days=rng.randrange(14, 45))
    if members and rng.random() < 0.6:
        who = {"member_id": rng.choice(members)}
    else:
        bodies = [TaskBody.WHOLE] if group else [TaskBody.COMMITTEE, TaskBody.WHOLE]
        who = {"body": rng.choice(bodies)}
    draw, done_on = rng.random(), None
    if due < today and draw < 0.82:
        done_on = day + dt.timedelta(days=rng.randrange(0, (due - day).days + 1))
    elif due < today and draw < 0.9:
        done_on = min(today, due + dt.timedelta(days=rng.randrange(1, 15)))
    elif due >= today and draw < 0.4:
        done_on = day + dt.timedelta(days=rng.randrange(0, (today - day).days + 1))
    review = {}
    if next_meeting is not None and next_meeting[2] < today:
        note = "Đã hoàn thành." if done_on and done_on <= next_meeting[2] else "Tiếp tục thực hiện."
        review = {"reviewed_at_id": next_meeting[0], "review_note": note}
    return TaskRow(
        meeting_id=pk,
        what=rng.choice(TASKS),
        due_on=due,
        done_on=done_on,
        done_note="Đã thực hiện xong." if done_on else "",
        **who,
        **review,
    )


def _tasks(gen, rng: random.Random) -> list[TaskRow]:
    """1–3 tasks in each monthly meeting's resolution of the last months (past meetings). `rng`
    is the tasks' own: how many draws the attendance took does not change them."""
    months = TASK_MONTHS.get(gen.size, TASK_MONTHS_DEFAULT)
    first = add_months(gen.today.replace(day=1), -months)
    meetings = list(
        Meeting.objects.filter(kind=MeetingKind.REGULAR, date__gte=first, date__lt=gen.today)
        .order_by("organization_id", "date", "pk")  # the same seed draws the same tasks
        .values_list("pk", "organization_id", "date")
    )
    called = _called([m[0] for m in meetings])
    groups = {o.pk for o in gen.orgs.values() if o.kind == OrgKind.GROUP}
    out = []
    for i, meeting in enumerate(meetings):
        following = meetings[i + 1] if i + 1 < len(meetings) else None
        if following is not None and following[1] != meeting[1]:
            following = None
        members = called.get(meeting[0], [])
        for _n in range(rng.choice((1, 2, 2, 3))):
            out.append(_task(rng, meeting, members, meeting[1] in groups, gen.today, following))
    return out
