"""A year of membership movement on the small tree (tests/conftest.py), by hand.

Year 2025 as of 15/12 (from 16/12/2024 to 15/12/2025):

- P2 admitted into CK on 1/6/2024 (before the year), recognized on 1/6/2025;
- P1 admitted into CNTT on 1/3/2025 (probationary at the end);
- Ánh (CK) expelled on 1/2/2025, re-admitted into CK on 1/10/2025 (probationary at the end);
- An moves CNTT → CK on 1/4/2025 (inside DUK-BK); Bình CK → KT on 1/5/2025; Dũng KT → CNTT on
  2/5/2025;
- Đức (CNTT) dies on 1/7/2025; Hoa (CNTT) struck off on 1/8/2025; Ân (KT) resigns on
  16/12/2025 (after the year);
- one badge decided for Bình's record kept by CK on 1/9/2025 (then he moved: the badge stays
  with CK's row).

DUK-BK: start 6 (CNTT 3 + CK 2 + P2); +1 admitted, +1 re-admitted, +1 transferred in (Dũng);
−1 died, −1 transferred out (Bình), −1 struck off, −1 expelled; end 5 (An, P1, P2, Ánh, Dũng):
official 3, probationary 2; recognized 1; badges 1.
DUK-KT: start 2; +1 transferred in (Bình); −1 transferred out (Dũng); end 2 (official 2).
DUK: start 8; +1 admitted, +1 re-admitted; −1 died, −1 struck off, −1 expelled; end 7.
"""

import datetime as dt

from coso.awards.models import BadgeAward
from coso.members import services as ms
from tests.helpers import probationary_member

D = dt.date
YEAR_START, YEAR_END = D(2024, 12, 16), D(2025, 12, 15)


def movement_year(tree, members):
    p2 = probationary_member(tree["DUK-BK-CK"], "Quyên", admitted_on=D(2024, 6, 1))
    ms.recognize_official(p2, on=D(2025, 6, 1), document_number="5-QĐ/ĐUK")
    p1 = probationary_member(tree["DUK-BK-CNTT"], "Phương", admitted_on=D(2025, 3, 1))
    ms.remove_member(members["anh"], kind="expelled", date=D(2025, 2, 1), document_number="2-QĐ")
    ms.readmit_member(
        members["anh"], organization=tree["DUK-BK-CK"], date=D(2025, 10, 1), document_number="9-QĐ"
    )
    ms.move_member(members["an"], to=tree["DUK-BK-CK"], date=D(2025, 4, 1))
    ms.move_member(members["binh"], to=tree["DUK-KT"], date=D(2025, 5, 1))
    ms.move_member(members["dung"], to=tree["DUK-BK-CNTT"], date=D(2025, 5, 2))
    ms.remove_member(members["duc"], kind="deceased", date=D(2025, 7, 1))
    ms.remove_member(members["hoa"], kind="struck_off", date=D(2025, 8, 1), document_number="3")
    ms.remove_member(members["an2"], kind="resigned", date=D(2025, 12, 16), document_number="4")
    BadgeAward.objects.create(
        organization=tree["DUK-BK-CK"], member=members["binh"], years=30, occasion=D(2025, 9, 2),
        due_on=D(2025, 9, 2), proposed_on=D(2025, 8, 1), decision_on=D(2025, 9, 1),
        status="decided", sort_key="binh",
    )  # fmt: skip
    return {"p1": p1, "p2": p2}


def figures(**given):
    out = dict.fromkeys(
        ("members_start", "admitted", "reinstated", "transferred_in", "died", "transferred_out",
         "struck_off", "expelled", "resigned", "members_end", "official_end",
         "probationary_end", "recognized", "exempted", "badges"), 0)  # fmt: skip
    out.update(given)
    return out


BK = figures(members_start=6, admitted=1, reinstated=1, transferred_in=1, died=1,
             transferred_out=1, struck_off=1, expelled=1, members_end=5, official_end=3,
             probationary_end=2, recognized=1, badges=1)  # fmt: skip
KT = figures(members_start=2, transferred_in=1, transferred_out=1, members_end=2, official_end=2)
DUK = figures(members_start=8, admitted=1, reinstated=1, died=1, struck_off=1, expelled=1,
              members_end=7, official_end=5, probationary_end=2, recognized=1, badges=1)  # fmt: skip


NARRATIVE_TEXT = {
    "political_situation": "Tư tưởng đảng viên ổn định.",
    "political_tasks": "Hoàn thành nhiệm vụ dạy và học.",
    "party_building": "Kết nạp 1 đảng viên.",
    "assessment": "Hoàn thành tốt nhiệm vụ.",
    "next_tasks": "Chuẩn bị đại hội chi bộ.",
    "proposals": "Không có.",
}


def year_schedule(tree, **over):
    from coso.plans.services import set_schedule

    kwargs = {"kind": "year", "day": 15, "month": 12, "due_days": 5, "starts_on": D(2024, 1, 1)}
    kwargs.update(over)
    return set_schedule(tree["DUK"], **kwargs)


def written_report(tree, schedule, org="DUK-BK", end=YEAR_END):
    from coso.plans.services import draft_report, save_narrative

    report = draft_report(tree[org], schedule=schedule, period_end=end)
    return save_narrative(report, changes=NARRATIVE_TEXT, expected_version=report.version)
