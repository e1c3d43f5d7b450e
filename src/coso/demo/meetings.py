"""Demo meetings: two years of every cell's monthly meetings (past ones held and adopted, next
month's planned), a thematic part each quarter in most cells (some cells fall behind), a few
extraordinary meetings, and attendance with its usual absences: some excused with a reason,
a few without one, and in some cells one member who keeps staying away.

Called by `coso.demo.generator.DemoGenerator.run` after the committees, inside its
transaction, through `coso.meetings.services.load_meetings` (the same checks, roster and counts
as the meeting pages; written in batches).
"""

from __future__ import annotations

import datetime as dt
import random
import time

from coso.core.dates import add_months
from coso.meetings.choices import MeetingKind, Presence, Standing
from coso.meetings.services import MeetingPlan, load_meetings

#: how far back the demo's meetings go
MONTHS = 24
#: every this many cells, one skips a quarter's thematic part now and then
BEHIND_EVERY = 7
#: the cell whose secretary is a demo persona forgets last month's meeting (something to do
#: on day one: it is on their to-do list)
FORGETFUL = "DUK-BK-CNTT"
EXCUSES = ["Ốm", "Đi công tác", "Con ốm", "Bận việc gia đình", "Đi học tập trung", "Nghỉ phép"]
TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tự phê bình và phê bình",
    "Nâng cao chất lượng sinh hoạt chi bộ theo Chỉ thị 50-CT/TW",
    "Đổi mới phương pháp giảng dạy gắn với đạo đức nhà giáo",
    "Chuyển đổi số trong công tác đảng",
    "Phòng, chống suy thoái tư tưởng chính trị, đạo đức, lối sống",
]
THEMATIC_MONTHS = (3, 6, 9, 12)


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
    month `skip`), a thematic part each quarter (now and then none in a cell `behind`), a few
    extraordinary meetings; each with its `mark` function (see `_marks`)."""
    out = []
    for n in range(months + 1):
        month = add_months(first, n)
        day = month.replace(day=rng.randrange(5, 26))
        if month == skip:
            continue
        thematic = month.month in THEMATIC_MONTHS and not (
            behind and (month.year == today.year or rng.random() < 0.5)
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


def _plans(gen, rng: random.Random) -> list[tuple[MeetingPlan, object]]:
    first = add_months(gen.today.replace(day=1), -MONTHS)
    out = []
    last_month = add_months(gen.today.replace(day=1), -1)
    for index, spec in enumerate(gen.cells):
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
                behind=index % BEHIND_EVERY == 0,
                truant=rng.random() < 0.1,
                skip=last_month if spec.code == FORGETFUL else None,
            )
        )
    return out


def fill_meetings(gen) -> int:
    """Two years of meetings for every cell of the demo; returns how many."""
    started = time.monotonic()
    rng = random.Random(gen.rng.randrange(2**31))
    plans = _plans(gen, rng)
    marks = {id(plan): mark for plan, mark in plans}
    root = min(gen.orgs.values(), key=lambda o: o.depth)
    made = load_meetings(
        [plan for plan, _mark in plans], within=root, mark=lambda line, plan: marks[id(plan)](line)
    )
    gen.log(f"  {made} cuộc họp chi bộ ({time.monotonic() - started:.1f} giây)")
    return made
