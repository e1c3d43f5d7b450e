"""The rules of the annual evaluation (DOMAIN.md §3, §12, §17), keyed by a date inside the
evaluated period (its last day: a year's 31 December)."""

from fractions import Fraction

from .rule import (
    COSO_SETTING,
    EVAL_2018,
    EVAL_2023,
    EVAL_2025,
    EVALUATION_PERIODS,
    EXCELLENT_QUOTA,
    NO_POINT_SCALE,
    D,
    Rule,
    by_period,
    frozen,
)

NOT_GRADED = "HD 21-HD/BTCTW (18/10/2019), mục II.6"
PLAN_74 = "KH 74-KH/ĐUK (27/10/2022), mục II.1 (Đảng ủy Khối)"
TASK_SHARES = (
    "EXCELLENT needs every task on time, at least this share of them beyond requirement and "
    "every earlier shortcoming fixed; COMPLETE or better allows at most this share of tasks "
    "behind schedule (more is INCOMPLETE)."
)

RULES: list[Rule] = [
    *by_period(
        "excellent_quota_ratio",
        EVALUATION_PERIODS,
        (Fraction(1, 5), EXCELLENT_QUOTA),
        (Fraction(1, 5), EXCELLENT_QUOTA),
        (Fraction(1, 5), EXCELLENT_QUOTA + " [check for 2025+]"),
    ),
    *by_period(
        "excellent_quota_level",
        EVALUATION_PERIODS,
        ("grassroots", "The quota counts within each grassroots organization."),
        ("grassroots", "The quota counts within each grassroots organization."),
        (
            "grassroots",
            "The quota counts within each grassroots organization (members, and cells, "
            "separately); grassroots organizations count within their superior. [check: "
            "keep it a parameter]",
        ),
    ),
    *by_period(
        "grade_thresholds",
        EVALUATION_PERIODS,
        (None, NO_POINT_SCALE),
        (None, NO_POINT_SCALE),
        (
            frozen({"excellent": 90, "good": 70, "complete": 50}),
            "Lowest score (of 100) for each grade; below 'complete' is INCOMPLETE. EXCELLENT "
            "also needs every task on time and at least 30% beyond requirement.",
        ),
    ),
    *by_period(
        "grade_task_shares",
        EVALUATION_PERIODS,
        (
            frozen({"excellent_beyond": Fraction(3, 10), "complete_behind": Fraction(1, 5)}),
            TASK_SHARES + " [check: before 2025 the shares are practice]",
        ),
        (
            frozen({"excellent_beyond": Fraction(3, 10), "complete_behind": Fraction(1, 5)}),
            TASK_SHARES,
        ),
        (
            frozen({"excellent_beyond": Fraction(3, 10), "complete_behind": Fraction(1, 5)}),
            TASK_SHARES,
        ),
    ),  # fmt: skip
    Rule(
        "score_sheet",
        frozen({"criteria": 30, "tasks": 70}),
        D(2025, 1, 1),
        None,
        EVAL_2025 + "; thang điểm của tỉnh, thành (ví dụ)",
        "The 100-point sheet: common criteria (met or not) and task results, the most each part "
        "may get. Provinces split it differently: a local sheet is a new version of this rule. "
        "[check]",
    ),
    Rule(
        "grading_min_months",
        6,
        D(2019, 10, 18),
        None,
        NOT_GRADED + f"; {EVAL_2018}; {EVAL_2023}; {EVAL_2025} [check]",
        "A member admitted, or an organization founded, less than this many months before the "
        "period's end is reviewed but not graded; a member exempted from party work is not "
        "graded.",
    ),
    Rule(
        "four_good_min_months",
        frozen({"months": 9, "grade": "good"}),
        D(2018, 1, 1),
        None,
        COSO_SETTING + "; Chỉ thị 50-CT/TW (23/7/2025)",
        "A four-good title for the year needs every pillar met in at least this many months of "
        "the cell's monthly self-assessment and a grade of GOOD or better. [open: set locally]",
    ),
    Rule(
        "good_or_better_target",
        Fraction(9, 10),
        D(2022, 10, 27),
        None,
        PLAN_74,
        "Every year more than this share of party organizations, and of members, is graded "
        "GOOD or better (the bloc's target; a grassroots organization below it is highlighted "
        "in the results).",
    ),
]
