"""Demo discipline cases (DOMAIN.md §6, §15; QĐ 69-QĐ/TW): in the first grassroots committee
with enough members in its cells, a case at each step that matters to the office:

- a member's self-review done, the cell's meeting still to vote;
- a warning voted at the cell's meeting and decided by the cell, the state body's notice
  received; a reprimand decided three weeks ago whose state notice is overdue (and whose
  appeal period still runs: both on the to-do list);
- a warning appealed and changed to a reprimand by the committee; a reprimand appealed, its
  appeal still to be settled;
- a case deferred while the member nurses a child under 12 months (its end soon ahead);
- a breach of seven years ago (past the five years of a reprimand, within the ten of a
  warning): the cell voted a warning and proposed it upward, the committee's decision of a
  reprimand is refused by the limitation rule and the case is closed with that refusal;
- an expulsion voted by the cell, proposed and decided by the committee, ending the
  membership through the members' registry;
- a cell reprimanded by the committee, the case opened from the inspection whose conclusion
  proposed it (`coso.inspection.services.open_discipline_case`).

Called by `coso.demo.generator.DemoGenerator.run` last, inside its transaction, through
`coso.discipline.services` (one service per step; the cell's votes through the meeting's
`record_workflow_vote`, see `meeting_votes.vote_at_meeting`). Members are chosen by their
place in ordered lists (cells by path, members by name), never by id; every date is before
today. Two decisions are issued through the documents register (the cell's latest and the
committee's expulsion: a .pdf and a .docx each, most of this step's time); the older ones carry
the number they were issued under on paper.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.exceptions import ValidationError
from django.utils import translation

from coso.committees.models import PostHolding
from coso.discipline import services
from coso.discipline.models import DisciplineCase
from coso.inspection import services as inspection
from coso.inspection.models import Inspection
from coso.members.choices import MemberStatus, Sex
from coso.members.models import Member
from coso.orgs.choices import CELL_KINDS, OrgKind
from coso.orgs.models import Organization

from .meeting_votes import vote_at_meeting

#: official members a cell needs to have one of its members' cases in the demo
MIN_CELL = 6
#: members of the committee's cells the cases need
PEOPLE = 8
AGENDA = "Xem xét, biểu quyết thi hành kỷ luật đảng viên."
ABSENCE = "Không tham gia sinh hoạt chi bộ 3 tháng liên tục không có lý do chính đáng"
DUES = "Không đóng đảng phí 3 tháng liên tục không có lý do chính đáng"
REPORTING = "Báo cáo không trung thực kết quả thực hiện nhiệm vụ được giao"


def _days(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def _place() -> tuple[Organization | None, list[Member]]:
    """The first grassroots committee (by path) whose cells have `PEOPLE` official members
    holding no post, taken round the cells of `MIN_CELL` or more (cells by path, members by
    name): one member of each cell in turn."""
    holders = PostHolding.objects.values("member_id")  # the roster's members: signers
    for committee in Organization.objects.filter(
        kind=OrgKind.GRASSROOTS_COMMITTEE, dissolved_on__isnull=True
    ).order_by("path"):
        by_cell: dict[int, list[Member]] = {}
        rows = (
            Member.objects.filter(
                organization__path__startswith=committee.path,
                organization__kind__in=CELL_KINDS,
                status=MemberStatus.OFFICIAL,
            )
            .exclude(pk__in=holders)
            .select_related("organization")
            .order_by("organization__path", "sort_key", "cccd")
        )
        for m in rows:
            by_cell.setdefault(m.organization_id, []).append(m)
        cells = [ms for ms in by_cell.values() if len(ms) >= MIN_CELL]
        people = [ms[i] for i in range(MIN_CELL) for ms in cells]
        if len(people) >= PEOPLE:
            return committee, people
    return None, []


def _voted(member, penalty, breach, *, breach_on, opened, reviewed, voted, offence="art9",
           state_body="", self_penalty="") -> DisciplineCase | None:  # fmt: skip
    """A member's case opened, self-reviewed and voted at an extraordinary meeting of the
    cell (everyone present votes for); None if the meeting's vote is refused."""
    case = services.open_case(
        member=member, breach=breach, breach_on=breach_on, offence=offence,
        proposed_penalty=penalty, opened_on=opened, state_body=state_body,
    )  # fmt: skip
    services.record_self_review(case, date=reviewed, proposed_penalty=self_penalty or penalty)
    if not vote_at_meeting(member.organization, voted, "discipline", case.pk, agenda=AGENDA):
        return None
    return DisciplineCase.objects.get(pk=case.pk)


def _decided_by_cell(member, penalty, breach, *, ago: int, state_body="", number="", **extra):
    """A case voted by the cell `ago` days ago and decided by it two days later (issued
    through the register, or on paper under `number`)."""
    case = _voted(member, penalty, breach, breach_on=_days(extra["today"], ago + 60),
                  opened=_days(extra["today"], ago + 30), reviewed=_days(extra["today"], ago + 15),
                  voted=_days(extra["today"], ago), state_body=state_body)  # fmt: skip
    if case is None:
        return None
    day = _days(extra["today"], ago - 2)
    return services.record_decision(
        case, penalty=penalty, decided_by=member.organization, date=day, decision_number=number,
        received_on=day + dt.timedelta(days=2),
    )  # fmt: skip


def fill_discipline(gen) -> int:
    """The demo's discipline cases; returns how many were opened. The texts the services
    write (a refusal kept as the reason for closing) are Vietnamese whatever the language."""
    started = time.monotonic()
    with translation.override("vi"):
        opened = _fill(gen)
    gen.log(f"  kỷ luật đảng: {opened} vụ việc ({time.monotonic() - started:.1f} giây)")
    return opened


def _fill(gen) -> int:
    today = gen.today
    committee, people = _place()
    if committee is None:
        gen.log("  kỷ luật đảng: không có đảng bộ cơ sở đủ đảng viên")
        return 0
    body = committee.name.removeprefix("Đảng bộ ").strip()
    female = next((m for m in people if m.sex == Sex.FEMALE), people[5])
    others = [m for m in people if m is not female]
    a, b, c, d, e, f, g = others[:7]

    # self-review done; the cell's meeting still to vote
    case = services.open_case(member=a, breach=ABSENCE, breach_on=_days(today, 75), offence="art9",
                              proposed_penalty="reprimand", opened_on=_days(today, 30))  # fmt: skip
    services.record_self_review(case, date=_days(today, 12), proposed_penalty="reprimand")

    # a warning decided by the cell; the state body's notice received within its days
    case = _decided_by_cell(b, "warning", REPORTING, ago=180, state_body=body, today=today,
                            number=gen._doc("QĐ", "CB"))  # fmt: skip
    if case is not None:
        services.record_state_notice(case, date=case.state_notice_due_on - dt.timedelta(days=1))
    # a reprimand three weeks ago: the state notice overdue, the appeal period running
    _decided_by_cell(c, "reprimand", DUES, ago=22, state_body=body, today=today)

    # a warning appealed and changed to a reprimand by the committee
    case = _decided_by_cell(d, "warning", REPORTING, ago=280, today=today,
                            number=gen._doc("QĐ", "CB"))  # fmt: skip
    if case is not None:
        services.lodge_appeal(case, date=_days(today, 262), note="Đề nghị xem xét giảm hình thức")
        services.decide_appeal(
            case, outcome="changed", penalty="reprimand", decided_by=committee,
            decision_number=gen._doc("QĐ", "ĐU"), date=_days(today, 220),
        )  # fmt: skip
    # a reprimand appealed, the appeal still to be settled
    case = _decided_by_cell(e, "reprimand", ABSENCE, ago=58, today=today,
                            number=gen._doc("QĐ", "CB"))  # fmt: skip
    if case is not None:
        services.lodge_appeal(case, date=_days(today, 40), note="Không đồng ý với hình thức")

    # deferred: the member nurses a child under 12 months; the deferral ends within a month
    case = services.open_case(member=female, breach=DUES, breach_on=_days(today, 50),
                              offence="art9", proposed_penalty="reprimand",
                              opened_on=_days(today, 20))  # fmt: skip
    services.defer_case(case, reason="nursing", date=_days(today, 10),
                        child_born_on=_days(today, 345))  # fmt: skip

    # a breach of seven years ago: the cell voted a warning and proposed it upward; the
    # committee's decision of a reprimand is refused by the limitation rule: the case closes
    breach_on = dt.date(today.year - 7, 5, 14)
    case = _voted(f, "warning", REPORTING, breach_on=breach_on, opened=_days(today, 40),
                  reviewed=_days(today, 30), voted=_days(today, 20), self_penalty="reprimand")  # fmt: skip
    if case is not None:
        services.propose_upward(case, to=committee, date=_days(today, 15))
        try:
            services.record_decision(case, penalty="reprimand", decided_by=committee,
                                     date=_days(today, 10))  # fmt: skip
        except ValidationError as refusal:
            services.close_case(case, date=_days(today, 10), reason=" ".join(refusal.messages))

    # an expulsion: voted by the cell, proposed and decided by the committee
    case = _voted(g, "expulsion", "Vi phạm quy định về phòng, chống tham nhũng gây hậu quả "
                  "nghiêm trọng", breach_on=_days(today, 150), opened=_days(today, 120),
                  reviewed=_days(today, 110), voted=_days(today, 100), offence="art20",
                  self_penalty="warning")  # fmt: skip
    if case is not None:
        services.propose_upward(case, to=committee, date=_days(today, 95))
        services.record_decision(case, penalty="expulsion", decided_by=committee,
                                 date=_days(today, 85))  # fmt: skip

    _organization_case(committee, today, gen._doc("QĐ", "ĐU"))
    return DisciplineCase.objects.filter(organization__path__startswith=committee.path).count()


def _organization_case(committee: Organization, today: dt.date, number: str) -> None:
    """The cell whose inspection proposed discipline (the inspection demo's first) reprimanded
    by the committee, the case opened from the inspection."""
    concluded = (
        Inspection.objects.filter(
            proposes_discipline=True, discipline_case__isnull=True,
            subject_organization__isnull=False, organization=committee,
        ).order_by("starts_on", "topic").first()
    )  # fmt: skip
    if concluded is None:
        return
    finding = concluded.findings.filter(violation=True).order_by("recorded_on", "pk").first()
    case = inspection.open_discipline_case(
        concluded, breach=finding.text if finding else concluded.conclusion,
        breach_on=finding.recorded_on if finding else concluded.starts_on, offence="art9",
        proposed_penalty="reprimand", opened_on=_days(today, 70),
    )  # fmt: skip
    services.record_self_review(case, date=_days(today, 60), proposed_penalty="reprimand")
    services.record_decision(case, penalty="reprimand", decided_by=committee,
                             decision_number=number, date=_days(today, 45))  # fmt: skip
