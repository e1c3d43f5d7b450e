"""The rules of party dues (DOMAIN.md §7, §16)."""

from decimal import Decimal

from .rule import (
    D,
    Rule,
    frozen,
)

RULES: list[Rule] = [
    # --- dues (DOMAIN §7, §16) ---
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
        D(2011, 1, 1),
        D(2026, 1, 31),
        "QĐ 342-QĐ/TW (28/12/2010)",
        "salary: share of salary and allowances; pension: share of the pension; other_min / "
        "other_max: monthly amount in đồng for other members.",
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
        D(2026, 2, 1),
        None,
        "QĐ 01-QĐ/TW (3/2/2026)",
        "salary: share of last month's social-insurance salary; benefit: share of sick or "
        "maternity benefit; pension: share of the pension; student: đồng a month; other_*: "
        "share of the regional minimum wage below / above retirement age (2026–2027). [check]",
    ),
]
