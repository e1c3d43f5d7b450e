"""The rules as data: every regulation-dependent number coso knows, each with its dates and
legal basis (see `coso.core.rules`, the one lookup, for the conventions). A change of
regulation is a new `Rule` here and an ``effective_to`` on the old one; nothing but
`coso.core.rules` reads this table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, slots=True)
class Rule:
    """One value of one rule over a period of time (``effective_to`` inclusive; None = open)."""

    key: str
    value: Any
    effective_from: dt.date
    effective_to: dt.date | None
    legal_basis: str
    description: str

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


D = dt.date

# --- legal texts and their periods ---------------------------------------------------------
# Party Charter implementation: QĐ 24-QĐ/TW + HD 01-HD/TW (2021), then QĐ 294-QĐ/TW + HD 06 (2025).
CHARTER_2021_FROM, CHARTER_2021_TO = D(2021, 7, 30), D(2025, 6, 30)
CHARTER_2025_FROM = D(2025, 7, 1)
CHARTER_2021 = "Điều lệ Đảng; QĐ 24-QĐ/TW (30/7/2021); HD 01-HD/TW (28/9/2021)"
CHARTER_2025 = "Điều lệ Đảng; QĐ 294-QĐ/TW (26/5/2025); HD 06-HD/TW (9/6/2025)"

# Annual evaluation, by evaluated year.
EVAL_2018 = "QĐ 132-QĐ/TW (8/3/2018)"
EVAL_2023 = "QĐ 124-QĐ/TW (4/10/2023); HD 25-HD/BTCTW"
EVAL_2025 = "QĐ 366-QĐ/TW (30/8/2025); HD 43-HD/BTCTW (31/10/2025)"

# Cell meetings.
MEETINGS_2018 = "HD 12-HD/BTCTW (2018); KH 74-KH/ĐUK (27/10/2022)"
MEETINGS_2025 = (
    "Chỉ thị 50-CT/TW (23/7/2025); HD 42-HD/BTCTW (28/10/2025); KH 74-KH/ĐUK (27/10/2022)"
)
MEETINGS_2025_FROM = D(2025, 10, 28)

COSO_SETTING = "Thiết lập của coso (không có văn bản quy định)"

# The study of Hồ Chí Minh's thought, morality and style.
STUDY = "Chỉ thị 05-CT/TW (15/5/2016); Kết luận 01-KL/TW (18/5/2021)"


def _charter(key: str, value: Any, description: str) -> list[Rule]:
    """The same number under the 2021 texts and under the 2025 texts."""
    return [
        Rule(key, value, CHARTER_2021_FROM, CHARTER_2021_TO, CHARTER_2021, description),
        Rule(key, value, CHARTER_2025_FROM, None, CHARTER_2025, description),
    ]


def _by_period(
    key: str, periods: tuple[tuple[dt.date, dt.date | None, str], ...], *versions: tuple
) -> list[Rule]:
    """One rule over consecutive periods: one (value, description) per (from, to, basis)."""
    return [
        Rule(key, v, start, end, basis, description)
        for (start, end, basis), (v, description) in zip(periods, versions, strict=True)
    ]


EVALUATION_PERIODS = (
    (D(2018, 1, 1), D(2022, 12, 31), EVAL_2018),
    (D(2023, 1, 1), D(2024, 12, 31), EVAL_2023),
    (D(2025, 1, 1), None, EVAL_2025),
)
EXCELLENT_QUOTA = (
    "EXCELLENT may not exceed 1/5 of those graded GOOD within each grassroots organization."
)
NO_POINT_SCALE = "No point scale: grades are decided on the criteria (None)."

MEETING_PERIODS = (
    (D(2018, 1, 1), MEETINGS_2025_FROM - dt.timedelta(days=1), MEETINGS_2018),
    (MEETINGS_2025_FROM, None, MEETINGS_2025),
)
THEMATIC_MEETINGS = (
    "Every cell holds a thematic meeting at least once a quarter (at least 4 a year)."
)
START_APPROXIMATED = "Start date approximated to 1/1/2018."


TABLE: list[Rule] = [
    # --- admission and probation (DOMAIN §2) ---
    *_charter("probation_months", 12, "Probation lasts 12 months from the admission ceremony."),
    *_charter(
        "admission_min_age_months",
        216,
        "Youngest age for admission (18 years), in months, on the day the cell considers it.",
    ),
    *_charter(
        "admission_max_age_months",
        720,
        "Oldest age for admission without a decision from above (60 years), in months.",
    ),
    *_charter(
        "awareness_certificate_valid_months",
        60,
        "The awareness-course certificate is valid for 60 months.",
    ),
    *_charter(
        "admission_decision_deadline_working_days",
        60,
        "The competent committee decides within 60 working days of the cell resolution. [check]",
    ),
    *_charter(
        "admission_ceremony_deadline_working_days",
        30,
        "The admission ceremony is held within 30 working days of receiving the decision. [check]",
    ),
    *_charter(
        "member_record_deadline_working_days",
        30,
        "The member record (1-HSĐV) is completed within 30 working days of the ceremony. [check]",
    ),
    *_charter(
        "recognition_vote_deadline_working_days",
        30,
        "The cell votes on recognition within 30 working days after the 12 months of probation.",
    ),
    *_charter(
        "vote_pass_ratio",
        Fraction(2, 3),
        "Admission and recognition resolutions need at least 2/3 of the official members "
        "in favour.",
    ),
    *_charter(
        "introducer_min_months_known",
        12,
        "Each introducer has worked or studied with the applicant for at least 12 months.",
    ),
    *_charter(
        "readmission_min_months",
        36,
        "Re-admission needs at least 36 months after leaving the party.",
    ),
    *_charter(
        "readmission_max_times",
        1,
        "A person who left the party is re-admitted only once in a lifetime (DOMAIN.md §18).",
    ),
    *_charter(
        "readmission_barred_reasons",
        frozenset(
            {
                "abandoned_activity",
                "asked_to_leave",
                "serious_disunity",
                "corruption_conviction",
                "serious_crime_conviction",
            }
        ),
        "Reasons for leaving (coso.members.choices.LeavingReason) for which a person is never "
        "re-admitted, whatever the time: abandoning party activity, asking to leave (except for "
        "special family hardship, its own reason), causing serious disunity, a conviction for "
        "corruption, a conviction for a serious crime or worse (DOMAIN.md §18). A departure "
        "recorded without a reason is not barred by this rule. [firm; the list is data: a "
        "change of text is a new version here]",
    ),
    *_charter(
        "admission_steps",
        (
            "awareness_course",
            "application",
            "personal_history",
            "background_check",
            "introduction",
            "comments",
            "cell_resolution",
            "decision",
            "ceremony",
        ),
        "The steps of an admission, in the order they are taken (coso.admission.choices.Step).",
    ),
    *_charter(
        "admission_min_education",
        "lower_secondary",
        "Lowest general education for admission: lower-secondary school "
        "(coso.admission.choices.Education).",
    ),
    # --- member management (DOMAIN §4) ---
    *_charter(
        "transfer_start_deadline_working_days",
        60,
        "A permanent transfer starts within 60 working days of the job or residence change.",
    ),
    *_charter(
        "transfer_hand_in_deadline_working_days",
        30,
        "The member hands the transfer letter to the receiving cell within 30 working days.",
    ),
    *_charter(
        "temporary_transfer_min_months",
        3,
        "A temporary transfer covers a move of 3 months or more (shorter stays keep activity "
        "at home).",
    ),
    *_charter(
        "temporary_transfer_max_months",
        24,
        "A temporary transfer lasts under 1 year for work and up to 2 years for study; the "
        "letter does not say which, so coso checks the longer limit. Longer stays transfer "
        "permanently.",
    ),
    *_charter(
        "graduate_hold_months",
        12,
        "A graduate may keep party activity at the school for up to 12 months.",
    ),
    Rule(
        "graduate_hold_warn_months",
        (9, 11),
        CHARTER_2021_FROM,
        None,
        COSO_SETTING,
        "Months after graduation at which coso warns that the graduate hold is ending. [open]",
    ),
    Rule(
        "residence_feedback_due",
        (11, 30),
        D(2020, 1, 2),
        None,
        "QĐ 213-QĐ/TW (2/1/2020); HD 33-HD/BTCTW (30/10/2020)",
        "(month, day) of each year by which the residence cell's feedback is recorded, before "
        "the annual evaluation. [open: set locally]",
    ),
    Rule(
        "todo_due_soon_days",
        30,
        D(2015, 1, 1),
        None,
        COSO_SETTING,
        "Calendar days ahead in which a deadline shows as soon due on the to-do page. [open]",
    ),
    *_charter(
        "exemption_illness_min_months",
        3,
        "A member ill for at least 3 months of treatment may be exempted from party work and "
        "meetings (also the elderly, and a few other cases).",
    ),
    *_charter(
        "strike_off_missed_months",
        3,
        "Missing meetings or dues for 3 months in a year without reason is a strike-off ground.",
    ),
    # --- organizations (DOMAIN §1) ---
    *_charter(
        "cell_min_official_members",
        3,
        "A cell needs at least 3 official members (to hold valid votes).",
    ),
    *_charter(
        "grassroots_committee_min_members",
        30,
        "A grassroots organization with 30 or more members is normally a committee with cells "
        "(a suggestion, not a block).",
    ),
    *_charter(
        "cell_committee_min_members",
        9,
        "A cell with at least 9 official members elects a cell committee.",
    ),
    *_charter(
        "cell_without_committee_max_deputies",
        1,
        "A cell with fewer official members than elect a committee elects a secretary and, "
        "if needed, one deputy secretary.",
    ),
    *_charter(
        "cell_committee_max_members",
        7,
        "A cell committee has at most 7 members.",
    ),
    # --- annual evaluation (DOMAIN §3), keyed by a date in the evaluated year ---
    *_by_period(
        "excellent_quota_ratio",
        EVALUATION_PERIODS,
        (Fraction(1, 5), EXCELLENT_QUOTA),
        (Fraction(1, 5), EXCELLENT_QUOTA),
        (Fraction(1, 5), EXCELLENT_QUOTA + " [check for 2025+]"),
    ),
    *_by_period(
        "grade_thresholds",
        EVALUATION_PERIODS,
        (None, NO_POINT_SCALE),
        (None, NO_POINT_SCALE),
        (
            _frozen({"excellent": 90, "good": 70, "complete": 50}),
            "Lowest score (of 100) for each grade; below 'complete' is INCOMPLETE. EXCELLENT "
            "also needs every task on time and at least 30% beyond requirement.",
        ),
    ),
    # --- meetings (DOMAIN §5, §11) ---
    *_by_period(
        "thematic_meetings_per_year_min",
        MEETING_PERIODS,
        (4, THEMATIC_MEETINGS + " " + START_APPROXIMATED),
        (4, THEMATIC_MEETINGS),
    ),
    *_by_period(
        "meeting_min_minutes",
        MEETING_PERIODS,
        (
            90,
            "A regular cell meeting lasts at least 90 minutes (meeting quality frame). "
            + START_APPROXIMATED,
        ),
        (90, "A regular cell meeting lasts at least 90 minutes."),
    ),
    Rule(
        "combined_meeting_min_minutes",
        120,
        MEETINGS_2025_FROM,
        None,
        MEETINGS_2025,
        "A regular meeting combined with a thematic one lasts at least 120 minutes.",
    ),
    Rule(
        "meeting_quality_sheet",
        _frozen({"preparation": 15, "attendance": 20, "conduct": 45, "closing": 20}),
        D(2018, 1, 1),
        None,
        MEETINGS_2018 + "; thang điểm của tỉnh, thành (ví dụ)",
        "The meeting's quality score on 100 points: the most each part may get. Provinces score "
        "differently: a local sheet is a new version of this rule. [firm frame / example]",
    ),
    Rule(
        "meeting_quality_grades",
        _frozen({"good": 90, "fair": 70, "average": 50}),
        D(2018, 1, 1),
        None,
        MEETINGS_2018 + "; thang điểm của tỉnh, thành (ví dụ)",
        "Lowest score of each grade of a meeting (Tốt, Khá, Trung bình); below 'average' it is "
        "Kém. [firm frame / example]",
    ),
    Rule(
        "meeting_quorum_ratio",
        Fraction(2, 3),
        CHARTER_2021_FROM,
        None,
        COSO_SETTING + "; Điều lệ Đảng",
        "A meeting may vote when at least this share of its vote base is present. [check: "
        "no text found for cell meetings; set locally]",
    ),
    *_charter(
        "resolution_pass_ratio",
        Fraction(1, 2),
        "A resolution passes when MORE THAN this share of the vote base (the official members, "
        "less those temporarily away and the exempted who are absent) votes for it "
        "(Điều lệ Đảng, Điều 9).",
    ),
    *_by_period(
        "meeting_materials_lead_days",
        MEETING_PERIODS,
        (0, "No lead time was set for a meeting's materials before HD 42. " + START_APPROXIMATED),
        (
            1,
            "The draft resolution and the thematic paper reach the members at least 1 day "
            "before the meeting.",
        ),
    ),
    *_by_period(
        "meeting_good_attendance_ratio",
        MEETING_PERIODS,
        (
            Fraction(85, 100),
            "A good meeting has MORE THAN 85% of its members present and no "
            "one absent without a reason (HD 12 §3.1). " + START_APPROXIMATED,
        ),
        (
            Fraction(85, 100),
            "A good meeting has MORE THAN 85% of its members present and no "
            "one absent without a reason (HD 12 §3.1, kept by HD 42).",
        ),
    ),
    # --- the study of Hồ Chí Minh (DOMAIN §17) ---
    Rule(
        "study_commitment_actions",
        _frozen({"min": 2, "max": 3}),
        D(2016, 5, 15),
        None,
        STUDY,
        "A member's yearly personal commitment names 2 to 3 concrete actions tied to their "
        "work. [firm / practice; check]",
    ),
    Rule(
        "study_self_assessment_from_month",
        10,
        D(2016, 5, 15),
        None,
        COSO_SETTING + "; " + STUDY,
        "The year-end self-assessment of a commitment is written from this month of the year "
        "on (the last quarter). [practice]",
    ),
    Rule(
        "study_plan_due",
        _frozen({"month": 1, "day": 31}),
        D(2016, 5, 15),
        None,
        COSO_SETTING + "; " + STUDY,
        "An organization adopts its study plan for the year by this day of the year (later: "
        "on the to-do list). [practice; set locally]",
    ),
    Rule(
        "study_commitment_days_after_plan",
        30,
        D(2016, 5, 15),
        None,
        COSO_SETTING + "; " + STUDY,
        "A member signs the year's personal commitment within this many calendar days of "
        "the organization's plan (later: on the to-do list). [practice; set locally]",
    ),
    # --- discipline (DOMAIN §6, §15) ---
    Rule(
        "discipline_vote_ratio",
        Fraction(1, 2),
        D(2022, 7, 6),
        None,
        "QĐ 69-QĐ/TW (6/7/2022), Điều 15",
        "Reprimand, warning or dismissal needs MORE THAN this share of all official members "
        "(not only those present).",
    ),
    Rule(
        "expulsion_vote_ratio",
        Fraction(2, 3),
        D(2022, 7, 6),
        None,
        "QĐ 69-QĐ/TW (6/7/2022), Điều 15",
        "Proposing expulsion needs at least 2/3 of all official members.",
    ),
    Rule(
        "discipline_limitation_years",
        _frozen({"reprimand": 5, "warning": 10, "dismissal": 10}),
        D(2022, 7, 6),
        None,
        "QĐ 69-QĐ/TW (6/7/2022), Điều 4",
        "Limitation period in years by penalty level; expulsion-level offences have none.",
    ),
    Rule(
        "discipline_appeal_days",
        30,
        CHARTER_2021_FROM,
        CHARTER_2021_TO,
        CHARTER_2021,
        "An appeal against a discipline decision is lodged within 30 days of receiving it. [check]",
    ),
    Rule(
        "discipline_appeal_days",
        30,
        CHARTER_2025_FROM,
        None,
        CHARTER_2025 + "; QĐ 296-QĐ/TW (30/5/2025)",
        "An appeal against a discipline decision is lodged within 30 days of receiving it. [check]",
    ),
    # --- dues (DOMAIN §7, §16) ---
    Rule(
        "dues_rates",
        _frozen(
            {
                "salary": Decimal("0.01"),
                "pension": Decimal("0.005"),
                "other_min": 2000,
                "other_max": 30000,
            }
        ),
        D(2011, 1, 1),
        D(2026, 1, 31),
        "QĐ 342-QĐ/TW (28/12/2010)",
        "salary: share of salary and allowances; pension: share of the pension; other_min / "
        "other_max: monthly amount in đồng for other members.",
    ),
    Rule(
        "dues_rates",
        _frozen(
            {
                "salary": Decimal("0.01"),
                "benefit": Decimal("0.01"),
                "pension": Decimal("0.005"),
                "student": 5000,
                "other_below_retirement_min_wage": Decimal("0.003"),
                "other_above_retirement_min_wage": Decimal("0.002"),
            }
        ),
        D(2026, 2, 1),
        None,
        "QĐ 01-QĐ/TW (3/2/2026)",
        "salary: share of last month's social-insurance salary; benefit: share of sick or "
        "maternity benefit; pension: share of the pension; student: đồng a month; other_*: "
        "share of the regional minimum wage below / above retirement age (2026–2027). [check]",
    ),
]
