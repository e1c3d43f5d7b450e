"""The rules of discipline (DOMAIN.md §6, §15)."""

from fractions import Fraction

from .rule import (
    CHARTER_2021,
    CHARTER_2021_FROM,
    CHARTER_2021_TO,
    CHARTER_2025,
    CHARTER_2025_FROM,
    D,
    Rule,
    frozen,
)

RULES: list[Rule] = [
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
        frozen({"reprimand": 5, "warning": 10, "dismissal": 10}),
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
]
