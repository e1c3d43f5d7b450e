"""Demo data for the member lifecycle: transfers in flight (some overdue), temporary activity,
letters out of and into the system, exemptions, retirees, graduates on hold (at 9 and 11
months, and past 12), members abroad, residence liaisons with and without feedback, a few
probations overdue for recognition and a few records missing required fields.

Everything goes through the services (one transaction each), with dates relative to today,
so the to-do page has items of every kind. Called by `coso.demo.generator` after the members
are loaded; deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.db.models import Exists, Min, OuterRef
from django.utils import timezone
from vietnam_provinces import Ward

from coso.core.dates import add_months, add_years
from coso.core.deadlines import residence_feedback_due
from coso.documents.models import default_abbreviation
from coso.members import services
from coso.members.choices import (
    AbroadPurpose,
    EventKind,
    ExemptGroup,
    ExemptionReason,
    FeedbackAssessment,
    MemberStatus,
    PlacementKind,
    TransferKind,
)
from coso.members.models import Member, Placement
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from . import names as N
from .common import new_cccd

__all__ = ["fill_lifecycle"]

COUNTRIES = ["Nhật Bản", "Hàn Quốc", "Pháp", "Đức", "Úc", "Hoa Kỳ", "Liên bang Nga", "Singapore"]
OUTSIDE = [
    "Đảng bộ Công ty Điện lực Hà Nội",
    "Đảng bộ phường Cầu Giấy, Hà Nội",
    "Đảng bộ Trường Đại học Cần Thơ",
    "Đảng bộ Sở Giáo dục và Đào tạo Bắc Ninh",
    "Đảng bộ Tổng công ty Viễn thông",
]


def _person(rng: random.Random, birth: dt.date, used_cccd: set, official: bool) -> dict:
    """A plausible registry record (Vietnamese name, CCCD matching birth and sex, Hanoi
    address), like the ones the main demo generator makes."""
    sex = rng.choice(["male", "female"])
    male = sex == "male"
    middles = N.MIDDLE_NAMES_MALE if male else N.MIDDLE_NAMES_FEMALE
    province = rng.choice(N.BIRTH_PROVINCES[:12])
    cccd = new_cccd(rng, used_cccd, province=province[0], birth=birth, female=not male)
    ward = rng.choice(list(Ward.iter_by_province(1)))
    address = f"Số {rng.randint(1, 120)}, {ward.name}, Thành phố Hà Nội"
    admitted = add_years(birth, rng.randint(20, 24))
    return {
        "family_name": rng.choice([f for f, _w in N.FAMILY_NAMES[:10]]),
        "middle_name": rng.choice([m for m, _w in middles[:6]]),
        "given_name": rng.choice(N.GIVEN_NAMES_MALE if male else N.GIVEN_NAMES_FEMALE),
        "sex": sex,
        "birth_date": birth,
        "cccd": cccd,
        "hometown": province[1],
        "hometown_province": province[2],
        "permanent_province": 1,
        "permanent_ward": int(ward.code),
        "permanent_address": address,
        "current_province": 1,
        "current_ward": int(ward.code),
        "current_address": address,
        "education_general": "12/12",
        "occupation": "Chuyên viên",
        "admitted_on": admitted,
        "recognized_on": add_years(admitted, 1) if official else None,
    }


def _pick(rng: random.Random, pool: list, n: int) -> list:
    n = min(n, len(pool))
    chosen = rng.sample(pool, n)
    taken = set(chosen)
    pool[:] = [p for p in pool if p not in taken]
    return chosen


def fill_lifecycle(seed: int = 1, *, scale: float = 1.0, log=None) -> Counter:
    """Write the lifecycle demo through the services; returns what was written, by kind."""
    rng = random.Random(seed * 7919 + 1)
    today = timezone.localdate()
    log = log or (lambda _msg: None)
    done: Counter = Counter()

    def n(bloc_count: int, least: int = 2) -> int:
        return max(least, round(bloc_count * scale))

    settled = Placement.objects.filter(
        member=OuterRef("pk"),
        kind=PlacementKind.OFFICIAL,
        valid_to__isnull=True,
        valid_from__lte=today - dt.timedelta(days=400),
    )
    base = Member.objects.filter(Exists(settled)).order_by("id")
    working = list(
        base.filter(status=MemberStatus.OFFICIAL)
        .exclude(occupation__in=["Sinh viên", "Nghỉ hưu"])
        .filter(birth_date__gt=add_years(today, -55))
        .values_list("pk", flat=True)
    )
    students = list(
        Member.objects.filter(
            status__in=[MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY],
            occupation="Sinh viên",
            admitted_on__lte=today - dt.timedelta(days=400),
        )
        .order_by("id")
        .values_list("pk", flat=True)
    )
    elderly = list(
        base.filter(status=MemberStatus.OFFICIAL, birth_date__lte=add_years(today, -70))
        .order_by("id")
        .values_list("pk", flat=True)
    )
    retiring = list(
        base.filter(
            status=MemberStatus.OFFICIAL,
            birth_date__lte=add_years(today, -59),
            birth_date__gt=add_years(today, -62),
        ).values_list("pk", flat=True)
    )
    # transfers go between cells of working staff (not students' nor retirees' cells)
    cells = list(
        Organization.objects.filter(kind__in=CELL_KINDS, dissolved_on__isnull=True)
        .exclude(code__contains="-SV")
        .exclude(code__endswith="-HT")
        .order_by("path")
        .values_list("pk", flat=True)
    )
    if not working or len(cells) < 2:
        return done
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=cells)}

    def member(pk: int) -> Member:
        return Member.objects.select_related("organization").get(pk=pk)

    def other_cell(m: Member) -> Organization:
        while True:
            target = orgs[rng.choice(cells)]
            if target.pk != m.organization_id:
                return target

    def letter(org: Organization) -> str:
        # signed with the body code (CB, ĐU…), as a letter's number is: never a cut name
        return f"{rng.randint(1, 999)}-GT/{default_abbreviation(org)}"

    def letter_to_cell(m: Member, kind: str, issued: dt.date, *, until_in=None, **details):
        """A transfer letter from m's cell to another cell of the system; `until_in`: the
        days from today to a temporary transfer's end, a range drawn from."""
        to, number = other_cell(m), letter(m.organization)
        if until_in:
            details["until"] = today + dt.timedelta(days=rng.randint(*until_in))
        return services.issue_transfer(
            m, kind=kind, to=to, letter_number=number, issued_on=issued, **details
        )

    log("Đang tạo dữ liệu chuyển sinh hoạt, tình trạng đặc biệt, sinh hoạt nơi cư trú…")
    # --- permanent transfers inside the system: in flight (some overdue) and received
    for pk in _pick(rng, working, n(60, 4)):
        m = member(pk)
        issued = today - dt.timedelta(days=rng.randint(5, 75))
        change = issued - dt.timedelta(days=rng.randint(10, 110))
        letter_to_cell(m, TransferKind.PERMANENT, issued, change_on=change)
        done["transfer_in_flight"] += 1
    for pk in _pick(rng, working, n(40, 2)):
        m = member(pk)
        issued = today - dt.timedelta(days=rng.randint(30, 300))
        t = letter_to_cell(m, TransferKind.PERMANENT, issued)
        services.receive_transfer(t, received_on=issued + dt.timedelta(days=rng.randint(3, 25)))
        done["transfer_received"] += 1
    # --- temporary activity: some ending soon or already past their end
    for pk in _pick(rng, working, n(12, 2)):
        m = member(pk)
        # at least 3 months between letter and end (temporary_transfer_min_months)
        issued = today - dt.timedelta(days=rng.randint(120, 330))
        t = letter_to_cell(m, TransferKind.TEMPORARY, issued, until_in=(-20, 25))
        services.receive_transfer(t, received_on=issued + dt.timedelta(days=rng.randint(2, 10)))
        done["temporary"] += 1
    # --- letters to and from outside the system
    for i, pk in enumerate(_pick(rng, working, n(10, 2))):
        m = member(pk)
        issued = today - dt.timedelta(days=rng.randint(10, 120))
        t = services.issue_transfer(
            m,
            kind=TransferKind.PERMANENT,
            to_outside=rng.choice(OUTSIDE),
            letter_number=letter(m.organization),
            issued_on=issued,
        )
        if i % 2 == 0 and issued < today - dt.timedelta(days=15):
            services.confirm_transfer(t, received_on=issued + dt.timedelta(days=12))
        done["transfer_out"] += 1
    used_cccd = set(Member.objects.exclude(cccd=None).values_list("cccd", flat=True))
    used_cards = set(
        Member.objects.exclude(party_card_number=None).values_list("party_card_number", flat=True)
    )
    for _i in range(n(6, 1)):
        card = f"{rng.randrange(10**7, 10**8)}"
        if card in used_cards:
            continue
        used_cards.add(card)
        birth = today - dt.timedelta(days=rng.randint(30 * 365, 45 * 365))
        data = _person(rng, birth, used_cccd, official=True)
        data["party_card_number"] = card
        services.transfer_in_from_outside(
            organization=orgs[rng.choice(cells)],
            from_outside=rng.choice(OUTSIDE),
            letter_number=f"{rng.randint(1, 999)}-GT/ĐU",
            issued_on=today - dt.timedelta(days=rng.randint(20, 60)),
            received_on=today - dt.timedelta(days=rng.randint(1, 15)),
            data=data,
        )
        done["transfer_in"] += 1
    # --- exemptions and retirees
    for pk in _pick(rng, elderly, n(20, 1)):
        start = today - dt.timedelta(days=rng.randint(30, 700))
        services.exempt_member(
            member(pk),
            reason=rng.choice([ExemptionReason.ELDERLY] * 3 + [ExemptionReason.ILL]),
            decision_number=f"{rng.randint(1, 99)}-QĐ/CB",
            valid_from=start,
        )
        done["exempted"] += 1
    for pk in _pick(rng, retiring, n(30, 1)):
        m = member(pk)
        services.record_retirement(
            m,
            retired_on=today - dt.timedelta(days=rng.randint(10, 380)),
            meeting_place=rng.choice(
                [f"{m.organization.name} (chi bộ hưu trí)", "Chi bộ tổ dân phố nơi cư trú"]
            ),
        )
        done["retired"] += 1
    # --- graduates on hold: at 9 and 11 months, past 12, and recent
    for months in [5, 9, 9, 11, 11, 13, 14] * max(1, round(4 * scale)):
        picked = _pick(rng, students, 1)
        if not picked:
            break
        graduated = add_months(today, -months) - dt.timedelta(days=rng.randint(0, 20))
        m = member(picked[0])
        if m.admitted_on and m.admitted_on > graduated:
            continue
        services.start_graduate_hold(m, graduated_on=graduated)
        done["graduate_hold"] += 1
    # --- abroad
    for i, pk in enumerate(_pick(rng, working, n(15, 2))):
        start = today - dt.timedelta(days=rng.randint(60, 700))
        # the first stay ends within the month, whatever the draws before it (the to-do list
        # always shows a return from abroad); as many draws either way, so the rest stay put
        ends_in = rng.randint(5, 25) if i == 0 else rng.randint(-40, 200)
        services.record_abroad(
            member(pk),
            purpose=rng.choice(AbroadPurpose.values),
            country=rng.choice(COUNTRIES),
            valid_from=start,
            valid_to=today + dt.timedelta(days=ends_in),
        )
        done["abroad"] += 1
    # --- residence liaison, with and without feedback
    this_due = residence_feedback_due(today.year)
    for pk in _pick(rng, working, n(200, 6)):
        m = member(pk)
        introduced = today - dt.timedelta(days=rng.randint(400, 1500))
        # never before the admission, nor before the member's first day here
        first_day = m.placements.aggregate(first=Min("valid_from"))["first"]
        since = max(d for d in (m.admitted_on, first_day, dt.date.min) if d)
        if introduced <= since:
            introduced = since + dt.timedelta(days=1)
        exempt = ExemptGroup.MOBILE_WORKER if rng.random() < 0.08 else ""
        liaison = services.introduce_to_residence(
            m,
            introduced_on=introduced,
            residence_cell="" if exempt else f"Chi bộ tổ dân phố số {rng.randint(1, 40)}",
            residence_address=m.current_address,
            letter_number=f"{rng.randint(1, 300)}-GT/CB",
            exempt_group=exempt,
        )
        done["residence_liaison"] += 1
        if exempt:
            continue
        for year in (today.year - 1, today.year):
            due = residence_feedback_due(year)
            if year == today.year and today < this_due - dt.timedelta(days=45):
                continue
            if rng.random() < (0.75 if year < today.year else 0.45):
                services.record_residence_feedback(
                    liaison,
                    year=year,
                    received_on=min(today, due - dt.timedelta(days=rng.randint(0, 20))),
                    assessment=rng.choice(
                        [FeedbackAssessment.GOOD] * 8 + [FeedbackAssessment.FAIR]
                    ),
                    content="Gương mẫu thực hiện nghĩa vụ công dân nơi cư trú.",
                )
                done["residence_feedback"] += 1
    # --- probations overdue for recognition (ceremony 13–15 months ago)
    for _i in range(n(8, 2)):
        ceremony = today - dt.timedelta(days=rng.randint(380, 450))
        birth = ceremony - dt.timedelta(days=rng.randint(25 * 365, 32 * 365))
        data = _person(rng, birth, used_cccd, official=False)
        data["admitted_on"] = ceremony
        services.register_member(
            data,
            organization=orgs[rng.choice(cells)],
            active_from=ceremony,
            status=MemberStatus.PROBATIONARY,
            event_kind=EventKind.ADMITTED,
            document_number=f"{rng.randint(1, 999)}-QĐ/ĐUK",
        )
        done["probation_overdue"] += 1
    # --- records missing required fields (data-quality clean-up)
    incomplete = _pick(rng, working, n(20, 2))
    Member.objects.filter(pk__in=incomplete[: len(incomplete) // 2]).update(hometown="")
    Member.objects.filter(pk__in=incomplete[len(incomplete) // 2 :]).update(current_address="")
    done["missing_fields"] += len(incomplete)
    log("  " + ", ".join(f"{k}: {v}" for k, v in sorted(done.items())))
    return done
