"""The rules of party badges (Huy hiệu Đảng; DOMAIN.md §19): the party ages at which a badge is
awarded, how early a seriously ill member may receive one, and the occasions of the year on
which badges are presented.

HD 01-HD/TW (28/9/2021) §18 from 30/7/2021 to 30/6/2025, then HD 06-HD/TW (9/6/2025) from
1/7/2025: the same numbers as coso reads them [check]. A date before 30/7/2021 (an old badge
entered from paper) is read against the earliest version (`coso.core.rules.rule_or_earliest`).
"""

from .rule import CHARTER_2021_FROM, CHARTER_2021_TO, CHARTER_2025_FROM, Rule, frozen

BADGES_2021 = "HD 01-HD/TW (28/9/2021) §18"
BADGES_2025 = "HD 06-HD/TW (9/6/2025) [check]"

PERIODS = (
    (CHARTER_2021_FROM, CHARTER_2021_TO, BADGES_2021),
    (CHARTER_2025_FROM, None, BADGES_2025),
)

YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
#: a seriously ill member: the 30–65-year badges up to 12 months early, 70–90 up to 24
EARLY = frozen({y: 12 if y <= 65 else 24 for y in YEARS})
#: (month, day): 3/2, 19/5, 2/9, 7/11
OCCASIONS = ((2, 3), (5, 19), (9, 2), (11, 7))


def _both(key, value, description):
    return [
        Rule(key, value, start, end, basis, description + (" [check]" if end is None else ""))
        for start, end, basis in PERIODS
    ]


RULES: list[Rule] = [
    *_both(
        "badge_years",
        YEARS,
        "Party ages (years) at which a party badge is awarded: 30, 40, 45, 50, 55, 60, 65, 70, "
        "75, 80, 85 and 90. Party age counts from the admission decision, less every period "
        "out of the party.",
    ),
    *_both(
        "badge_early_months",
        EARLY,
        "A seriously ill member may receive a badge early: the 30 to 65-year badges up to 12 "
        "months, the 70 to 90-year badges up to 24 months before they fall due (by badge).",
    ),
    *_both(
        "badge_occasions",
        OCCASIONS,
        "The occasions on which badges are presented, (month, day): 3/2, 19/5, 2/9 and 7/11 "
        "(or another major anniversary).",
    ),
]

__all__ = ["RULES"]
