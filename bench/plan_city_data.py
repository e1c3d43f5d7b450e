"""The city's data for the plan's dashboard and the HD 11 report (issue 14's figures): build,
once, a PostgreSQL database with the city's tree (~26,000 organizations), ~500,000 members and
the work the plan's targets are computed from, for `bench/pages.py`-style benches to read.

Usage (a database of its own; each phase runs only when its rows are missing, so a run stopped
half-way is resumed by running it again):
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_plancity \\
        .venv/bin/python bench/plan_city_data.py

Phases, each printing its wall time and row counts:
- tree: `coso demo --size city --orgs-only` (`meetings_city.build_tree`);
- members: 10–30 official members in each cell (`meetings_city.load_members`, ~500,000);
- movement: admissions spread over the years (about 8.5 % of the members at the start of each
  of the last five years admitted in it, the last twelve months' probationary), an ADMITTED
  event for every member and a RECOGNIZED one since then, transfers in, and ~1.7 % of the
  members gone over the last four years (transferred out, struck off, deceased, a few expelled
  and resigned: status, closed placement and event);
- meetings: every cell's monthly meeting from January two years back to this month (a
  thematic part each quarter, in its first month as the demo has them; one cell in seven
  behind: none this year and two a year before; a few cells skipping a month that has no
  thematic part now and then), written by INSERT ... SELECT with
  their vote base and voters present but WITHOUT attendance rows (the plan counts meetings,
  not who came; the meetings benches have them);
- dues: last year's twelve months and this year's months before this one
  (`dues_city.LEDGER_MONTH`, the ledger's triggers keeping the totals);
- evaluations: the last three years' periods, every member admitted by the year's end and
  every cell and grassroots organization graded and decided, most GOOD
  (`evaluation_city.load_evaluations`);
- study: each cell's study plan for last year and this (one cell in nine has none this year)
  and its members' personal commitments (8 % unsigned this year; last year's assessed);
- discipline: a few hundred decided cases over the last three years;
then VACUUM ANALYZE, and a line of row counts per table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time

from common import start
from dues_city import LEDGER_MONTH
from evaluation_city import load_evaluations
from meetings_city import build_tree, load_members, phase

#: the member-table columns the phases read back: what a row-count line lists
TABLES = [
    "orgs_organization",
    "members_member",
    "members_placement",
    "members_membershipevent",
    "meetings_meeting",
    "meetings_studyplan",
    "meetings_commitment",
    "dues_duesmonth",
    "evaluation_evaluation",
    "discipline_disciplinecase",
]


def sql(statement: str, params=None) -> int:
    """Run one statement in its own transaction; the rows it touched."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def scalar(statement: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


def hashed(salt: str, modulo: int) -> str:
    """A member's (`m.id`) draw from 0 to `modulo` - 1, the same at every run."""
    return f"(abs(hashtext('{salt}' || m.id)) % {modulo})"


def day_in(year_sql: str, today: dt.date, salt: str) -> str:
    """A day of the year `year_sql` drawn for member `m`, before `today` in today's year."""
    length = (
        f"(CASE WHEN {year_sql} = {today.year} THEN {today.timetuple().tm_yday - 1} ELSE 365 END)"
    )
    return f"(make_date({year_sql}, 1, 1) + {hashed(salt, 1000003)} % {length})"


def load_movement(today: dt.date) -> None:
    """Admissions over the last five years (the years' shares make a steady rate of about
    8.5 % of the members at each year's start), their events, transfers in and removals."""
    t0 = time.perf_counter()
    y0 = today.year
    # thousandths of the members admitted in y0, y0-1, ... y0-4 (cumulative bounds)
    bucket = (
        f"CASE WHEN {hashed('adm', 1000)} < 78 THEN {y0} WHEN {hashed('adm', 1000)} < 150 "
        f"THEN {y0 - 1} WHEN {hashed('adm', 1000)} < 216 THEN {y0 - 2} "
        f"WHEN {hashed('adm', 1000)} < 277 THEN {y0 - 3} "
        f"WHEN {hashed('adm', 1000)} < 333 THEN {y0 - 4} END"
    )
    sql(
        f"""CREATE TABLE IF NOT EXISTS bench_admitted AS
        SELECT m.id, {day_in("b.y", today, "admday")} AS day
        FROM members_member m, LATERAL (SELECT {bucket} AS y) b WHERE b.y IS NOT NULL"""
    )
    made = sql(
        """UPDATE members_member m SET admitted_on = a.day,
            recognized_on = CASE WHEN a.day + 365 <= %(today)s THEN a.day + 365 END,
            status = CASE WHEN a.day + 365 > %(today)s THEN 'probationary' ELSE 'official' END
        FROM bench_admitted a WHERE a.id = m.id""",
        {"today": today},
    )
    sql(
        """UPDATE members_placement p SET valid_from = m.admitted_on FROM members_member m
        WHERE p.member_id = m.id AND p.valid_from <> m.admitted_on"""
    )
    sql("DROP TABLE bench_admitted")
    phase("  admissions over five years", t0, f"{made:,} members admitted since {y0 - 4}")
    event = (
        "INSERT INTO members_membershipevent (kind, date, document_number, note, created_at, "
        "from_organization_id, to_organization_id, member_id, reason) "
    )
    admitted = sql(
        event + "SELECT 'admitted', admitted_on, 'KN-' || id, '', now(), NULL, organization_id, "
        "id, '' FROM members_member"
    )
    recognized = sql(
        event + "SELECT 'recognized', recognized_on, 'CT-' || id, '', now(), NULL, "
        "organization_id, id, '' FROM members_member WHERE recognized_on >= %s",
        [dt.date(y0 - 4, 1, 1)],
    )
    # transfers in: 1.2 % of the members came from outside the city in the last four years
    came = day_in(f"{y0} - " + hashed("tiy", 4), today, "tiday")
    sql(f"CREATE TEMPORARY TABLE bench_came AS SELECT m.id, {came} AS day "
        f"FROM members_member m WHERE {hashed('ti', 1000)} < 12")  # fmt: skip
    moved_in = sql(
        event + "SELECT 'transferred_in', c.day, 'GT-' || m.id, '', now(), NULL, "
        "m.organization_id, m.id, '' FROM bench_came c JOIN members_member m ON m.id = c.id "
        "WHERE c.day > m.admitted_on"
    )
    sql("UPDATE members_placement p SET valid_from = c.day FROM bench_came c "
        "WHERE p.member_id = c.id AND c.day > p.valid_from")  # fmt: skip
    gone = load_removals(today, event)
    phase(
        "movement",
        t0,
        f"{admitted:,} admitted, {recognized:,} recognized, {moved_in:,} transferred in "
        f"events; gone: {gone}",
    )


#: thousandths of the members gone in the last four years, by kind (cumulative bounds)
REMOVALS = (
    "CASE WHEN {h} < 8 THEN 'transferred_out' WHEN {h} < 11 THEN 'struck_off' "
    "WHEN {h} < 15 THEN 'deceased' WHEN {h} = 15 THEN 'expelled' WHEN {h} = 16 THEN 'resigned' END"
)


def load_removals(today: dt.date, event: str) -> str:
    """Members gone: their status, their official placement closed, the event."""
    kind = REMOVALS.format(h=hashed("out", 1000))
    day = day_in(f"{today.year} - {hashed('outy', 4)}", today, "outday")
    sql(
        f"""CREATE TEMPORARY TABLE bench_gone AS
        SELECT m.id, m.organization_id, k.kind, {day} AS day
        FROM members_member m, LATERAL (SELECT {kind} AS kind) k WHERE k.kind IS NOT NULL"""
    )
    sql("DELETE FROM bench_gone g USING members_placement p "
        "WHERE p.member_id = g.id AND p.valid_from >= g.day")  # fmt: skip
    sql("UPDATE members_member m SET status = g.kind FROM bench_gone g WHERE g.id = m.id")
    sql("UPDATE members_placement p SET valid_to = g.day FROM bench_gone g "
        "WHERE p.member_id = g.id AND p.valid_to IS NULL")  # fmt: skip
    sql(
        event + "SELECT kind, day, CASE WHEN kind = 'deceased' THEN '' ELSE 'QĐ-' || id END, "
        "'', now(), organization_id, NULL, id, '' FROM bench_gone"
    )
    rows = []
    for kind, n in rows_of("SELECT kind, count(*) FROM bench_gone GROUP BY kind ORDER BY kind"):
        rows.append(f"{kind} {n:,}")
    sql("DROP TABLE bench_gone")
    return ", ".join(rows)


def rows_of(statement: str, params=None) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


TOPICS = (
    "(ARRAY['Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', "
    "'Nâng cao chất lượng sinh hoạt chi bộ theo Chỉ thị 50-CT/TW', "
    "'Chuyển đổi số trong công tác đảng', "
    "'Phòng, chống suy thoái tư tưởng chính trị, đạo đức, lối sống'])"
)


def load_city_meetings(today: dt.date) -> None:
    """Every cell's monthly meeting from January two years back to this month, without
    attendance rows (see the module's docstring)."""
    t0 = time.perf_counter()
    first = dt.date(today.year - 2, 1, 1)
    sql(
        """CREATE TABLE IF NOT EXISTS bench_cells AS
        SELECT o.id, (SELECT count(*) FROM members_member m WHERE m.organization_id = o.id
                      AND m.status IN ('official', 'probationary')) AS voters
        FROM orgs_organization o
        WHERE o.kind IN ('cell', 'grassroots_cell') AND o.dissolved_on IS NULL"""
    )
    made = sql(
        f"""INSERT INTO meetings_meeting (kind, with_thematic, date, starts_at, ends_at, place,
            topic, agenda, status, conclusion, vote_base, voters_present,
            attendance_recorded_at, adopted_at, version, organization_id, quality_grade)
        SELECT 'regular', t.thematic, d.day, TIME '14:00',
            CASE WHEN t.thematic THEN TIME '16:15' ELSE TIME '15:45' END, '',
            CASE WHEN t.thematic THEN {TOPICS}[1 + abs(hashtext(c.id || 'tp' || d.day)) %% 4]
                 ELSE '' END, '',
            CASE WHEN d.day <= %(today)s THEN 'adopted' ELSE 'planned' END,
            CASE WHEN d.day <= %(today)s THEN 'Chi bộ thống nhất các nội dung đã thảo luận.'
                 ELSE '' END,
            CASE WHEN d.day <= %(today)s THEN c.voters END,
            CASE WHEN d.day <= %(today)s THEN greatest(0, c.voters - abs(hashtext(c.id || 'p'
                 || d.day)) %% 3) END,
            CASE WHEN d.day <= %(today)s THEN d.day + TIME '16:00' END,
            CASE WHEN d.day <= %(today)s THEN d.day + TIME '17:00' END,
            1, c.id, ''
        FROM bench_cells c,
             generate_series(%(first)s::date, %(today)s::date, interval '1 month') g,
             LATERAL (SELECT g::date + 4 + abs(hashtext(c.id || '-' || g::date)) %% 21 AS day,
                      extract(month FROM g)::int AS month, extract(year FROM g)::int AS year) d,
             LATERAL (SELECT d.month IN (1, 4, 7, 10) AND NOT (c.id %% 7 = 0
                      AND (d.year = %(y0)s OR d.month IN (4, 10))) AS thematic) t
        WHERE NOT (c.id %% 13 = 5 AND d.month NOT IN (1, 4, 7, 10)
                   AND abs(hashtext(c.id || 'sk' || d.day)) %% 5 = 0)""",
        {"today": today, "first": first, "y0": today.year},
    )
    sql("DROP TABLE bench_cells")
    phase("meetings (INSERT ... SELECT, no attendance)", t0, f"{made:,} meetings")


def load_city_ledger(today: dt.date) -> None:
    """Last year's twelve months and this year's months before this one, each in its own
    transaction (`dues_city.LEDGER_MONTH`; a month already there is skipped)."""
    t0 = time.perf_counter()
    made = 0
    months = [dt.date(today.year - 1, n, 1) for n in range(1, 13)]
    months += [dt.date(today.year, n, 1) for n in range(1, today.month)]
    for month in months:
        if scalar("SELECT EXISTS (SELECT 1 FROM dues_duesmonth WHERE month = %s)", [month]):
            continue
        t1 = time.perf_counter()
        made += sql(LEDGER_MONTH, {"month": month, "n": month.month})
        phase(f"  ledger {month:%m/%Y}", t1, f"{made:,} rows")
    phase("dues ledger (INSERT ... SELECT, triggers)", t0, f"{made:,} rows")


def load_study(today: dt.date) -> None:
    """Each cell's study plan for last year and this (one in nine has none this year) and its
    active members' commitments (8 % unsigned this year; last year's assessed)."""
    t0 = time.perf_counter()
    y0 = today.year
    plans = sql(
        """INSERT INTO meetings_studyplan (year, theme, actions, adopted_on, organization_id)
        SELECT y, 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
            '1. Học tập chuyên đề của năm.' || chr(10) || '2. Mỗi đảng viên đăng ký việc làm.',
            make_date(y, 1, (2 + o.id %% 18)::int), o.id
        FROM orgs_organization o, (VALUES (%(y0)s - 1), (%(y0)s)) v(y)
        WHERE o.kind IN ('cell', 'grassroots_cell') AND o.dissolved_on IS NULL
          AND NOT (y = %(y0)s AND o.id %% 9 = 4)""",
        {"y0": y0},
    )
    commitments = sql(
        """INSERT INTO meetings_commitment (year, actions, signed_on, self_assessment,
            assessed_on, cell_comment, member_id)
        SELECT p.year, '["Tham gia đầy đủ sinh hoạt chi bộ", "Tiết kiệm, chống lãng phí"]',
            greatest(p.adopted_on + 10, m.admitted_on),
            CASE WHEN p.year < %(y0)s THEN 'Đã thực hiện đầy đủ các việc đã đăng ký.' ELSE '' END,
            CASE WHEN p.year < %(y0)s THEN make_date(p.year, 12, 10) END,
            CASE WHEN p.year < %(y0)s THEN 'Hoàn thành tốt cam kết.' ELSE '' END, m.id
        FROM meetings_studyplan p JOIN members_member m ON m.organization_id = p.organization_id
        WHERE m.status IN ('official', 'probationary')
          AND m.admitted_on <= make_date(p.year, 12, 31)
          AND (p.year < %(y0)s OR abs(hashtext('cm' || m.id)) %% 100 >= 8)""",
        {"y0": y0},
    )
    phase("study (INSERT ... SELECT)", t0, f"{plans:,} plans, {commitments:,} commitments")


def load_discipline(today: dt.date) -> None:
    """About 300 members disciplined over the last three years, each case decided by the
    member's cell (a reprimand or a warning)."""
    t0 = time.perf_counter()
    day = day_in(f"{today.year} - " + hashed("dky", 3), today, "dkday")
    made = sql(
        f"""INSERT INTO discipline_disciplinecase (subject_kind, holds_office, breach, breach_on,
            offence, proposed_penalty, opened_on, status, step, step_on, self_review_refused,
            self_proposed_penalty, voted_penalty, penalty, decision_number, decision_on,
            received_on, appeal_due_on, appeal_outcome, state_body, deferral_reason,
            closed_reason, subject_name, sort_key, search_text, decided_by_id, member_id,
            organization_id, decision_body)
        SELECT 'member', false, 'Không tham gia sinh hoạt chi bộ ba tháng liền không có lý do',
            d.day - 40, 'art9', p.penalty, d.day - 30, 'decided', 'decision', d.day, false,
            p.penalty, p.penalty, p.penalty, 'QĐ-KL-' || m.id, d.day, d.day + 3, d.day + 33, '',
            '', '', '', m.full_name, m.sort_key, m.search_text, m.organization_id, m.id,
            m.organization_id, 'committee'
        FROM members_member m,
             LATERAL (SELECT {day} AS day) d,
             LATERAL (SELECT CASE WHEN m.id % 4 = 0 THEN 'warning' ELSE 'reprimand' END
                      AS penalty) p
        WHERE {hashed("dk", 1700)} = 0 AND m.status IN ('official', 'probationary')
          AND m.admitted_on < d.day - 40"""
    )
    phase("discipline cases (INSERT ... SELECT)", t0, f"{made:,} cases")


def analyze() -> None:
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    phase("VACUUM ANALYZE", t0, "")


def main() -> int:
    start("This bench needs PostgreSQL (COSO_DATABASE_URL).")
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from coso.orgs.models import Organization

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    phase("migrate", t0, "")
    today = timezone.localdate()
    if not Organization.objects.exists():
        build_tree()
    if not scalar("SELECT EXISTS (SELECT 1 FROM members_member)"):
        load_members(10, 30)
    steps = [
        ("members_membershipevent", load_movement),
        ("meetings_meeting", load_city_meetings),
        ("dues_duesmonth WHERE month = date_trunc('month', now())::date - interval '1 month'",
         load_city_ledger),
        ("evaluation_evaluation", lambda today: load_evaluations(
            Organization.objects.filter(depth=1).order_by("path").first(),
            range(today.year - 3, today.year))),
        ("meetings_commitment", load_study),
        ("discipline_disciplinecase", load_discipline),
    ]  # fmt: skip
    built = False
    for table, step in steps:
        if not scalar(f"SELECT EXISTS (SELECT 1 FROM {table})"):
            # all of a phase or none of it (the ledger commits a month at a time and skips
            # the months there)
            whole = step is not load_city_ledger
            with transaction.atomic() if whole else contextlib.nullcontext():
                step(today)
            built = True
    if built:
        analyze()
    counts()
    return 0


def counts() -> None:
    for table in TABLES:
        print(f"{table}: {scalar(f'SELECT count(*) FROM {table}'):,} rows")


if __name__ == "__main__":
    raise SystemExit(main())
