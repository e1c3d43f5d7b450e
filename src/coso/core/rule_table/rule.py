"""A rule's shape, the legal texts rules cite, and the helpers that build the table's entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
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


def frozen(mapping: Mapping) -> Mapping:
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


def charter(key: str, value: Any, description: str) -> list[Rule]:
    """The same number under the 2021 texts and under the 2025 texts."""
    return [
        Rule(key, value, CHARTER_2021_FROM, CHARTER_2021_TO, CHARTER_2021, description),
        Rule(key, value, CHARTER_2025_FROM, None, CHARTER_2025, description),
    ]


def by_period(
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
