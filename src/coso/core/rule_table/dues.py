"""The rules of party dues (DOMAIN.md §4, §7, §16).

Money rates are `Decimal` shares of an income; amounts are whole đồng a month. QĐ 342-QĐ/TW
applies to the months before February 2026, QĐ 01-QĐ/TW (3/2/2026) from the month of February
2026: a month's amount follows the rule in force on its first day.
"""

from decimal import Decimal

from .rule import (
    COSO_SETTING,
    D,
    Rule,
    frozen,
)

QD_342 = "QĐ 342-QĐ/TW (28/12/2010)"
QD_01 = "QĐ 01-QĐ/TW (3/2/2026)"
QD_342_FROM, QD_342_TO = D(2011, 1, 1), D(2026, 1, 31)
QD_01_FROM = D(2026, 2, 1)


def both_texts(key: str, value, description: str) -> list[Rule]:
    """The same number under QĐ 342 (marked [check]: coso keeps QĐ 01's) and under QĐ 01."""
    return [
        Rule(key, value, QD_342_FROM, QD_342_TO, QD_342, f"{description} [check]"),
        Rule(key, value, QD_01_FROM, None, QD_01, description),
    ]


RULES: list[Rule] = [
    # --- the monthly amount (DOMAIN §7, §16) ---
    Rule(
        "dues_rates",
        frozen(
            {
                "salary": Decimal("0.01"),
                "pension": Decimal("0.005"),
                "other_min": 2000,
                "other_max": 30000,
            }
        ),
        QD_342_FROM,
        QD_342_TO,
        QD_342,
        "salary: share of salary and allowances (sick or maternity benefit counted as salary); "
        "pension: share of the pension; other_min / other_max: the monthly amount in đồng the "
        "cell sets for other members (pupils and students included), default other_min.",
    ),
    Rule(
        "dues_rates",
        frozen(
            {
                "salary": Decimal("0.01"),
                "benefit": Decimal("0.01"),
                "pension": Decimal("0.005"),
                "student": 5000,
                "other_below_retirement_min_wage": Decimal("0.003"),
                "other_above_retirement_min_wage": Decimal("0.002"),
            }
        ),
        QD_01_FROM,
        None,
        QD_01,
        "salary: share of last month's social-insurance salary; benefit: share of sick or "
        "maternity benefit; pension: share of the pension; student: đồng a month; other_*: "
        "share of the regional minimum wage below / above retirement age (2026–2027). [check]",
    ),
    # the regional minimum wage (đồng a month, by region 1–4) that QĐ 01 takes a share of
    Rule(
        "regional_minimum_wage",
        frozen({1: 4960000, 2: 4410000, 3: 3860000, 4: 3450000}),
        D(2024, 7, 1),
        D(2025, 12, 31),
        "NĐ 74/2024/NĐ-CP (30/6/2024)",
        "Monthly regional minimum wage in đồng, regions I–IV. [check]",
    ),
    Rule(
        "regional_minimum_wage",
        frozen({1: 5310000, 2: 4730000, 3: 4140000, 4: 3700000}),
        D(2026, 1, 1),
        None,
        "NĐ 293/2025/NĐ-CP (10/11/2025)",
        "Monthly regional minimum wage in đồng, regions I–IV. [check]",
    ),
    # the retirement age that splits QĐ 01's "other" members, by sex, in months
    Rule(
        "retirement_age_months",
        frozen({"male": 738, "female": 684}),
        D(2026, 1, 1),
        D(2026, 12, 31),
        "Bộ luật Lao động 2019, Điều 169; NĐ 135/2020/NĐ-CP",
        "Normal retirement age in 2026: men 61 years 6 months, women 57 years. [check]",
    ),
    Rule(
        "retirement_age_months",
        frozen({"male": 741, "female": 688}),
        D(2027, 1, 1),
        None,
        "Bộ luật Lao động 2019, Điều 169; NĐ 135/2020/NĐ-CP",
        "Normal retirement age in 2027: men 61 years 9 months, women 57 years 4 months "
        "(rising each year: add the next year's version). [check]",
    ),
    # --- exemptions and reductions (DOMAIN §16) ---
    *both_texts(
        "dues_exempt_membership_years",
        50,
        "A member of 50 years' membership or more (from the admission date) may be exempted "
        "from dues on application.",
    ),
    *both_texts(
        "dues_reduction_percents",
        (30, 50, 70),
        "The shares (per cent) by which a decision may reduce a member's dues. [check]",
    ),
    *both_texts(
        "dues_reduction_max_months",
        12,
        "A reduction lasts at most 12 months per decision. [check]",
    ),
    # --- the split kept by each level (DOMAIN §16) ---
    Rule(
        "dues_kept_shares",
        frozen({"cell": Decimal("0.30"), "grassroots": Decimal("0.50")}),
        QD_342_FROM,
        QD_342_TO,
        QD_342,
        "cell: share a cell under a committee keeps of what it collects; grassroots: share a "
        "grassroots organization keeps of what reaches it; the rest goes up. [check]",
    ),
    Rule(
        "dues_kept_shares",
        frozen({"cell": Decimal("0.30"), "grassroots": Decimal("0.50")}),
        QD_01_FROM,
        None,
        f"{QD_01}; {COSO_SETTING}",
        "The split under QĐ 01 is not known: QĐ 342's shares kept until the committee sets "
        "its own. [open]",
    ),
]
