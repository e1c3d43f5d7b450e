"""The rules of admission, member management, organizations, evaluation, meetings and study."""

from fractions import Fraction

from .rule import (
    CHARTER_2021_FROM,
    COSO_SETTING,
    MEETING_PERIODS,
    MEETINGS_2018,
    MEETINGS_2025,
    MEETINGS_2025_FROM,
    START_APPROXIMATED,
    STUDY,
    THEMATIC_MEETINGS,
    D,
    Rule,
    by_period,
    charter,
    frozen,
)

RULES: list[Rule] = [
    # --- admission and probation (DOMAIN §2) ---
    *charter("probation_months", 12, "Probation lasts 12 months from the admission ceremony."),
    *charter(
        "admission_min_age_months",
        216,
        "Youngest age for admission (18 years), in months, on the day the cell considers it.",
    ),
    *charter(
        "admission_max_age_months",
        720,
        "Oldest age for admission without a decision from above (60 years), in months.",
    ),
    *charter(
        "awareness_certificate_valid_months",
        60,
        "The awareness-course certificate is valid for 60 months.",
    ),
    *charter(
        "admission_decision_deadline_working_days",
        60,
        "The competent committee decides within 60 working days of the cell resolution. [check]",
    ),
    *charter(
        "admission_ceremony_deadline_working_days",
        30,
        "The admission ceremony is held within 30 working days of receiving the decision. [check]",
    ),
    *charter(
        "member_record_deadline_working_days",
        30,
        "The member record (1-HSĐV) is completed within 30 working days of the ceremony. [check]",
    ),
    *charter(
        "recognition_vote_deadline_working_days",
        30,
        "The cell votes on recognition within 30 working days after the 12 months of probation.",
    ),
    *charter(
        "vote_pass_ratio",
        Fraction(2, 3),
        "Admission and recognition resolutions need at least 2/3 of the official members "
        "in favour.",
    ),
    *charter(
        "introducer_min_months_known",
        12,
        "Each introducer has worked or studied with the applicant for at least 12 months.",
    ),
    *charter(
        "readmission_min_months",
        36,
        "Re-admission needs at least 36 months after leaving the party.",
    ),
    *charter(
        "readmission_max_times",
        1,
        "A person who left the party is re-admitted only once in a lifetime (DOMAIN.md §18).",
    ),
    *charter(
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
    *charter(
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
    *charter(
        "admission_min_education",
        "lower_secondary",
        "Lowest general education for admission: lower-secondary school "
        "(coso.admission.choices.Education).",
    ),
    # --- member management (DOMAIN §4) ---
    *charter(
        "transfer_start_deadline_working_days",
        60,
        "A permanent transfer starts within 60 working days of the job or residence change.",
    ),
    *charter(
        "transfer_hand_in_deadline_working_days",
        30,
        "The member hands the transfer letter to the receiving cell within 30 working days.",
    ),
    *charter(
        "temporary_transfer_min_months",
        3,
        "A temporary transfer covers a move of 3 months or more (shorter stays keep activity "
        "at home).",
    ),
    *charter(
        "temporary_transfer_max_months",
        24,
        "A temporary transfer lasts under 1 year for work and up to 2 years for study; the "
        "letter does not say which, so coso checks the longer limit. Longer stays transfer "
        "permanently.",
    ),
    *charter(
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
    *charter(
        "exemption_illness_min_months",
        3,
        "A member ill for at least 3 months of treatment may be exempted from party work and "
        "meetings (also the elderly, and a few other cases).",
    ),
    *charter(
        "strike_off_missed_months",
        3,
        "Missing meetings or dues for 3 months in a year without reason is a strike-off ground.",
    ),
    # --- organizations (DOMAIN §1) ---
    *charter(
        "cell_min_official_members",
        3,
        "A cell needs at least 3 official members (to hold valid votes).",
    ),
    *charter(
        "grassroots_committee_min_members",
        30,
        "A grassroots organization with 30 or more members is normally a committee with cells "
        "(a suggestion, not a block).",
    ),
    *charter(
        "cell_committee_min_members",
        9,
        "A cell with at least 9 official members elects a cell committee.",
    ),
    *charter(
        "cell_without_committee_max_deputies",
        1,
        "A cell with fewer official members than elect a committee elects a secretary and, "
        "if needed, one deputy secretary.",
    ),
    *charter(
        "cell_committee_max_members",
        7,
        "A cell committee has at most 7 members.",
    ),
    # --- meetings (DOMAIN §5, §11) ---
    *by_period(
        "thematic_meetings_per_year_min",
        MEETING_PERIODS,
        (4, THEMATIC_MEETINGS + " " + START_APPROXIMATED),
        (4, THEMATIC_MEETINGS),
    ),
    *by_period(
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
        frozen({"preparation": 15, "attendance": 20, "conduct": 45, "closing": 20}),
        D(2018, 1, 1),
        None,
        MEETINGS_2018 + "; thang điểm của tỉnh, thành (ví dụ)",
        "The meeting's quality score on 100 points: the most each part may get. Provinces score "
        "differently: a local sheet is a new version of this rule. [firm frame / example]",
    ),
    Rule(
        "meeting_quality_grades",
        frozen({"good": 90, "fair": 70, "average": 50}),
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
    *charter(
        "resolution_pass_ratio",
        Fraction(1, 2),
        "A resolution passes when MORE THAN this share of the vote base (the official members, "
        "less those temporarily away and the exempted who are absent) votes for it "
        "(Điều lệ Đảng, Điều 9).",
    ),
    *by_period(
        "meeting_materials_lead_days",
        MEETING_PERIODS,
        (0, "No lead time was set for a meeting's materials before HD 42. " + START_APPROXIMATED),
        (
            1,
            "The draft resolution and the thematic paper reach the members at least 1 day "
            "before the meeting.",
        ),
    ),
    *by_period(
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
        frozen({"min": 2, "max": 3}),
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
        frozen({"month": 1, "day": 31}),
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
]
