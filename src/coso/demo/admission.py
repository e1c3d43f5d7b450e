"""Demo admission data: candidates at every step in many cells (a few overdue), a delegation,
and the new-member course for some probationary members.

Called by `coso.demo.generator.DemoGenerator.run` after the members are loaded, inside its
transaction. Every step goes through the services (``actor=None``: the system), so the demo
obeys the same rules as people do. Deterministic for a seed: one random stream drawn from the
generator's, dates relative to the generator's today.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict

from coso.admission import services
from coso.admission.choices import CandidateSource, CandidateStatus, Education, Step
from coso.admission.models import STEPS, competent_organizations, probationary_members
from coso.core.calendar import add_working_days
from coso.core.dates import add_months
from coso.core.rules import rule_in_force
from coso.members.choices import MemberStatus, Sex
from coso.members.models import Member
from coso.orgs.choices import OrgKind

from .meeting_votes import vote_at_meeting

#: cell profiles (of the demo generator) whose cells admit members
ADMITTING_PROFILES = {"lecturer", "office", "student", "civil", "police", "military", "teacher"}
#: how many steps a candidate has done (0 = none, 8 = waiting for the ceremony), weighted
STEPS_DONE_WEIGHTS = [10, 8, 7, 7, 7, 6, 6, 8, 7]
#: calendar days between one step and the next (lo, hi); the decision's are working days
GAPS = {
    Step.APPLICATION: (10, 60),
    Step.PERSONAL_HISTORY: (3, 20),
    Step.BACKGROUND_CHECK: (15, 45),
    Step.INTRODUCTION: (5, 30),
    Step.COMMENTS: (5, 25),
    Step.CELL_RESOLUTION: (5, 20),
    Step.DECISION: (10, 50),  # working days
    Step.CEREMONY: (3, 25),
}
#: at most this many cells get candidates (about the bloc's share)
MAX_CELLS = 450


def fill_admission_pipeline(gen) -> Counter:
    """Fill the pipeline of the generator's cells; returns counts for the log."""
    started = time.monotonic()
    rng = random.Random(gen.rng.getrandbits(64))
    today = gen.today
    orgs = gen.orgs
    counts: Counter = Counter()
    cells = [c for c in gen.cells if c.profile in ADMITTING_PROFILES and c.code in orgs]
    share = 0.9 if gen.plan.small else 0.35
    chosen = [c for c in cells if rng.random() < share]
    if len(chosen) > MAX_CELLS:  # a city or the country: a bloc's worth keeps the demo quick
        chosen = sorted(rng.sample(chosen, MAX_CELLS), key=lambda c: c.code)
    officials = _officials([orgs[c.code].pk for c in chosen])
    _delegate_one(gen, rng, today)
    for cell in chosen:
        org = orgs[cell.code]
        if org.dissolved_on or len(officials.get(org.pk, ())) < 3:
            continue
        for _ in range(rng.randint(1, 4)):
            _candidate(gen, rng, cell, org, officials[org.pk], today, counts)
    _courses(rng, today, counts, [orgs[c.code].pk for c in chosen])
    gen.log(
        f"  {counts['candidates']} người trong quy "
        f"trình kết nạp, {counts['overdue']} quá hạn, {counts['course']} đảng viên dự bị đã "
        f"học lớp đảng viên mới ({time.monotonic() - started:.1f} giây)"
    )
    return counts


def _officials(cell_ids: list[int]) -> dict[int, list[tuple[int, dt.date | None]]]:
    """Official members of each cell: (id, recognized_on), one query."""
    out: dict[int, list[tuple[int, dt.date | None]]] = defaultdict(list)
    rows = Member.objects.filter(
        organization_id__in=cell_ids, status=MemberStatus.OFFICIAL
    ).values_list("organization_id", "id", "recognized_on")
    for org_id, member_id, recognized in rows.order_by("id"):
        out[org_id].append((member_id, recognized))
    return out


def _delegate_one(gen, rng: random.Random, today: dt.date) -> None:
    """The first university's committee decides its own admissions (a delegation)."""
    committees = [
        o
        for o in gen.orgs.values()
        if o.kind == OrgKind.GRASSROOTS_COMMITTEE and o.code.startswith("DUK-")
    ]
    if not committees:
        return
    committee = min(committees, key=lambda o: o.path)
    services.set_admission_authority(
        committee,
        may_decide=True,
        valid_from=dt.date(today.year - 2, 1, 1),
        decision_number=f"{rng.randint(100, 999)}-QĐ/ĐUK",
        note="Ủy quyền kết nạp đảng viên (dữ liệu mẫu)",
    )


def _person(gen, rng: random.Random, cell, today: dt.date) -> dict:
    sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
    family = gen._families.pick(rng)
    middle = gen._middle[sex].pick(rng)
    given = rng.choice(gen._given[sex])
    if cell.profile == "student":
        age_days = int(rng.uniform(19.3, 22.5) * 365.25)
        source = CandidateSource.YOUTH_UNION if rng.random() < 0.8 else CandidateSource.STUDENT
        occupation, education = "Sinh viên", Education.UPPER_SECONDARY
    else:
        age_days = int(rng.uniform(23.5, 38) * 365.25)
        source = CandidateSource.YOUTH_UNION if age_days < 30 * 365 else CandidateSource.STAFF
        occupation = rng.choice(("Giảng viên", "Chuyên viên", "Nhân viên", "Kỹ sư"))
        education = Education.UPPER_SECONDARY
    birth = today - dt.timedelta(days=age_days)
    province = gen._birth_provinces.pick(rng)
    century = 0 if birth.year < 2000 else 2
    digit = century + (1 if sex == Sex.FEMALE else 0)
    while True:
        cccd = f"{province[0]:03d}{digit}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
        if cccd not in gen._used_cccd:
            gen._used_cccd.add(cccd)
            break
    return {
        "family_name": family,
        "middle_name": middle,
        "given_name": given,
        "sex": sex,
        "birth_date": birth,
        "cccd": cccd,
        "hometown": province[1],
        "phone": f"09{rng.randrange(10**8):08d}",
        "education_general": education,
        "occupation": occupation,
        "workplace": ", ".join(p for p in (cell.unit, cell.institution) if p),
        "source": source,
    }


def _plan_dates(rng: random.Random, done: int, today: dt.date, overdue: bool) -> list[dt.date]:
    """Dates of the first ``done`` steps, the last one recent (or long ago when overdue)."""
    if done == 0:
        return []
    gaps = [0] + [rng.randint(*GAPS[Step(s)]) for s in STEPS[1:done]]
    last_step = STEPS[done - 1]
    if overdue and last_step == Step.CELL_RESOLUTION:
        idle = rng.randint(110, 160)  # past the decision's 60 working days
    elif overdue and last_step == Step.DECISION:
        idle = rng.randint(50, 80)  # past the ceremony's 30 working days
    else:
        idle = rng.randint(0, 35)
    # decision gaps are working days: count them in calendar days roughly (x 1.45)
    span = sum(int(g * 1.45) if STEPS[i] == Step.DECISION else g for i, g in enumerate(gaps))
    start = today - dt.timedelta(days=span + idle)
    dates, day = [], start
    for i, gap in enumerate(gaps):
        if STEPS[i] == Step.DECISION:
            day = add_working_days(day, gap)
        else:
            day = day + dt.timedelta(days=gap)
        dates.append(min(day, today))
    return dates


def _candidate(
    gen, rng, cell, org, officials, today: dt.date, counts: Counter, *, steps=None, late=None
) -> None:
    """A candidate of `cell` with a random number of steps done (or `steps`), a few overdue
    (or overdue when `late`)."""
    done = rng.choices(range(len(STEPS)), weights=STEPS_DONE_WEIGHTS)[0] if steps is None else steps
    overdue = done in (7, 8) and rng.random() < 0.3 if late is None else late
    expiring = done in (1, 2, 3) and rng.random() < 0.08
    data = _person(gen, rng, cell, today)
    candidate = services.create_candidate(data, cell=org)
    counts["candidates"] += 1
    dates = _plan_dates(rng, done, today, overdue)
    if expiring and dates:  # a certificate taken long ago: it expires before the cell meets
        valid = rule_in_force("awareness_certificate_valid_months", today).value
        shift = today - add_months(today, -(valid + rng.randint(-2, 1)))
        dates[0] -= shift
    for i, day in enumerate(dates):
        step = STEPS[i]
        kwargs: dict = {"date": day}
        if step == Step.AWARENESS_COURSE:
            kwargs["certificate_number"] = f"{rng.randint(100, 9999)}-CN/TTCT"
        elif step == Step.BACKGROUND_CHECK:
            kwargs["document_number"] = f"{rng.randint(1, 300)}-BC/CB"
        elif step == Step.INTRODUCTION:
            eligible = [m for m, rec in officials if rec is None or rec <= day]
            youth = data["source"] == CandidateSource.YOUTH_UNION and rng.random() < 0.5
            if len(eligible) < 2:
                break
            picked = rng.sample(eligible, 1 if youth else 2)
            members = {m.pk: m for m in Member.objects.filter(pk__in=picked)}
            kwargs["introducers"] = [
                (members[pk], add_months(day, -rng.randint(13, 40))) for pk in picked
            ]
            kwargs["youth_union_committee"] = youth
            if youth:
                kwargs["document_number"] = f"{rng.randint(1, 99)}-NQ/ĐTN"
        elif step == Step.COMMENTS:
            kwargs["residence_comment_on"] = max(
                dates[i - 1], day - dt.timedelta(rng.randint(0, 5))
            )
        elif step == Step.CELL_RESOLUTION:
            official = services.official_members_on(org, day)
            if official < 3:
                break
            kwargs.update(
                votes_for=official - (1 if official >= 6 and rng.random() < 0.3 else 0),
                votes_against=0,
                official_count=official,
                document_number=f"{rng.randint(1, 99)}-NQ/CB",
            )
        elif step == Step.DECISION:
            competent = competent_organizations(org, day)
            decider = competent[-1] if len(competent) > 1 and rng.random() < 0.7 else competent[0]
            suffix = "ĐUK" if decider.kind == OrgKind.SUPERIOR else "ĐU"
            kwargs.update(
                deciding_organization=decider,
                document_number=f"{rng.randint(100, 2999)}-QĐ/{suffix}",
                received_on=min(day + dt.timedelta(days=rng.randint(0, 4)), today),
            )
        if step == Step.CELL_RESOLUTION:
            counts["cell_resolutions"] += 1
            # every third cell resolution is voted at a meeting of the cell that day (the
            # meeting's attendance gives the counts); a meeting that cannot vote falls back
            if counts["cell_resolutions"] % 3 == 1 and vote_at_meeting(
                org, day, "admission", candidate.pk
            ):
                counts["voted_at_meeting"] += 1
                continue
        services.STEP_SERVICES[step](candidate, **kwargs)
    # a few leave the pipeline (not the ones asked for at a given step)
    if steps is None and done and rng.random() < 0.04:
        services.withdraw_candidate(candidate, date=today, reason="Chuyển công tác ra ngoài đơn vị")
        counts["candidates_closed"] += 1
    candidate.refresh_from_db()
    if candidate.status == CandidateStatus.IN_PROGRESS and candidate.is_overdue:
        counts["overdue"] += 1


def add_candidate(gen, rng, cell, org, today: dt.date, *, steps: int, late: bool = False) -> None:
    """One candidate of `cell` with its first `steps` steps done; `late`: the last one long ago
    (only after the cell's resolution or the decision: the next step is then overdue)."""
    officials = _officials([org.pk]).get(org.pk, [])
    _candidate(gen, rng, cell, org, officials, today, Counter(), steps=steps, late=late)


def _courses(rng: random.Random, today: dt.date, counts: Counter, cell_ids: list[int]) -> None:
    """In the same cells, many probationary members admitted more than three months ago have
    taken the new-member course."""
    for member in probationary_members().filter(organization_id__in=cell_ids):
        start = member.probation_start
        if start is None or (today - start).days < 90 or rng.random() < 0.4:
            continue
        day = min(start + dt.timedelta(days=rng.randint(30, 120)), today)
        services.record_new_member_course(
            member, date=day, certificate_number=f"{rng.randint(100, 9999)}-CN/TTCT"
        )
        counts["course"] += 1


__all__ = ["add_candidate", "fill_admission_pipeline"]
