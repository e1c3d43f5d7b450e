"""The setting the import and results tests share: the evaluation of 2025 opened by the bloc
for its subtree, the cells' own reports done (collectives before individuals)."""

from __future__ import annotations

import datetime as dt

from coso.evaluation import services

OPENED = dt.date(2025, 11, 1)
SELF_ON = dt.date(2025, 12, 1)
REVIEW_ON = dt.date(2025, 12, 10)
DECIDE_ON = dt.date(2025, 12, 20)


def open_year(org, year: int = 2025):
    return services.open_period(
        org, kind="year", year=year, cells_due_on=dt.date(year, 12, 15),
        grassroots_due_on=dt.date(year, 12, 31), superior_due_on=dt.date(year + 1, 1, 15),
        opened_on=dt.date(year, 11, 1),
    )  # fmt: skip


def cell_reports(period, *cells):
    points = {"score": 80} if period.year >= 2025 else {}
    for cell in cells:
        services.self_assess(
            period, organization=cell, on=dt.date(period.year, 12, 1), self_grade="good",
            **points,
        )  # fmt: skip


def numbered_year(tree, members):
    """The bloc's 2025 period with the two cells' reports, and five members given party card
    numbers 01000001 to 01000005 (an imported sheet names its members by their card)."""
    for n, key in enumerate(("an", "duc", "hoa", "binh", "anh"), start=1):
        m = members[key]
        m.party_card_number = f"0100{n:04d}"
        m.save(update_fields=["party_card_number"])
    period = open_year(tree["DUK"])
    cell_reports(period, tree["DUK-BK-CNTT"], tree["DUK-BK-CK"])
    return period
