"""What the demo generator's parts share: sizes, personas, member profiles, cells."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from django.db import connection

from coso.members.choices import Sex

#: Sex.values rebuilds its list on every access; the same list, computed once

SEX_VALUES = Sex.values
#: the registry's history starts here: earlier admissions show as a "registered" event
HISTORY_START = dt.date(2015, 1, 1)
#: the grassroots organizations that have admitted nobody this year (the story of the plan's
#: dashboard, README): their members drawn as admitted this year were admitted a year earlier
ADMISSIONS_BEHIND = ("DUK-KTQD", "DUK-HVNN", "DUK-CDXD1")
#: members written per call of bulk_load_members (bounds memory at city scale)
FLUSH_EVERY = 20_000


def new_cccd(
    rng: random.Random, used: set[str], *, province: int, birth: dt.date, female: bool
) -> str:
    """A citizen ID (CCCD) not in `used` (and added to it) that matches the birth province,
    the century and sex (one digit) and the birth year, as real ones do."""
    digit = (0 if birth.year < 2000 else 2) + (1 if female else 0)
    while True:
        value = f"{province:03d}{digit}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
        if value not in used:
            used.add(value)
            return value


@dataclass(frozen=True)
class SizePlan:
    """How big the demo is: the bloc, and for a city the wards around it."""

    universities: int  # grassroots committees of the bloc
    colleges: int  # grassroots cells of the bloc
    cells: int  # cells of the bloc (kind cell or grassroots_cell)
    members: int  # active members of the bloc
    wards: int = 0  # city: ward and commune committees besides the bloc
    ward_members: int = 0  # city: active members in the wards
    small: bool = False
    # national: the wards and communes of the other 33 provinces (Hanoi is the city above)
    provinces: int = 0
    province_ward_members: int = 0

    def scaled(self, factor: float) -> SizePlan:
        if factor == 1:
            return self
        return SizePlan(
            universities=max(1, round(self.universities * factor)),
            colleges=max(1, round(self.colleges * factor)),
            cells=max(8, round(self.cells * factor)),
            members=max(100, round(self.members * factor)),
            wards=max(1, round(self.wards * factor)) if self.wards else 0,
            ward_members=max(200, round(self.ward_members * factor)) if self.wards else 0,
            small=self.small,
            provinces=max(33, round(self.provinces * factor)) if self.provinces else 0,
            province_ward_members=(
                max(2000, round(self.province_ward_members * factor)) if self.provinces else 0
            ),
        )


SIZES: dict[str, SizePlan] = {
    "small": SizePlan(universities=3, colleges=1, cells=20, members=300, small=True),
    "bloc": SizePlan(universities=59, colleges=12, cells=1240, members=18_000),
    "city": SizePlan(
        universities=59, colleges=12, cells=1240, members=18_000, wards=126, ward_members=482_000
    ),
    # the whole country: Hanoi as in "city", plus every ward and commune of the other 33
    # provinces (≈ 52,000 grassroots organizations, ≈ 265,000 cells, ≈ 5.6 million members);
    # members go in with PostgreSQL COPY (coso.members.services.bulk.copy_load_members)
    "national": SizePlan(
        universities=59,
        colleges=12,
        cells=1240,
        members=18_000,
        wards=126,
        ward_members=482_000,
        provinces=3195,
        province_ward_members=5_100_000,
    ),
}
#: national: the country's root organization
NATIONAL_ROOT_CODE = "TW"
NATIONAL_ROOT_NAME = "Đảng Cộng sản Việt Nam"
#: cells of each grassroots committee in the small demo (BK gets one sub-committee)
SMALL_CELLS = {"BK": 8, "KTQD": 6, "XD": 5}

#: the three demo users: (username, role, organization code, password, title shown)
PERSONAS: list[tuple[str, str, str, str, str]] = [
    ("vanphong", "staff", "DUK", "thu-nghiem-vanphong", "Cán bộ Văn phòng Đảng ủy Khối"),
    ("bithu_bk", "secretary", "DUK-BK", "thu-nghiem-bithu-bk", "Bí thư Đảng ủy"),
    ("bithu_cntt", "secretary", "DUK-BK-CNTT", "thu-nghiem-bithu-cntt", "Bí thư Chi bộ"),
]
PERSONA_FALLBACK_NAMES = {
    "vanphong": "Lê Thị Minh Phương",
    "bithu_bk": "Trần Văn Hùng",
    "bithu_cntt": "Nguyễn Đức Thành",
}


@dataclass(frozen=True)
class Profile:
    """Who sits in a kind of cell: age range, share of men, occupations."""

    age: tuple[float, float, float]  # min, mode, max (triangular)
    male: float
    occupations: tuple[str, ...]
    recent: float  # share admitted within the last 12 months (probationary)
    removed: float  # share of extra, no longer active members (history)


PROFILES: dict[str, Profile] = {
    "lecturer": Profile((26, 40, 64), 0.5, ("Giảng viên",) * 6 + ("Nghiên cứu viên", "Kỹ thuật viên"), 0.08, 0.05),
    "office": Profile((24, 38, 60), 0.42, ("Chuyên viên",) * 5 + ("Nhân viên", "Kế toán viên", "Thư viện viên"), 0.08, 0.05),
    "student": Profile((19, 21, 24), 0.45, ("Sinh viên",), 0.0, 0.03),
    "retiree": Profile((60, 68, 88), 0.55, ("Nghỉ hưu",), 0.0, 0.08),
    "resident": Profile((58, 68, 92), 0.5, ("Nghỉ hưu",), 0.0, 0.05),
    "civil": Profile((24, 40, 60), 0.5, ("Công chức",) * 3 + ("Viên chức",), 0.08, 0.04),
    "police": Profile((22, 35, 55), 0.85, ("Sĩ quan Công an",), 0.08, 0.03),
    "military": Profile((22, 35, 50), 0.95, ("Sĩ quan Quân đội",), 0.07, 0.03),
    "teacher": Profile((24, 40, 58), 0.2, ("Giáo viên",), 0.08, 0.04),
}  # fmt: skip
#: of a profile's `recent` share, the share admitted last year (with the students, the plan's
#: 8-10 % a year in each of the last two years)
LAST_YEAR_SHARE = 0.6
STAFF_PROFILES = ("lecturer", "office")
#: what the working-age members of a residential cell do
RESIDENT_JOBS = ("Kinh doanh", "Lao động tự do", "Công nhân", "Viên chức", "Công chức", "Giáo viên")


@dataclass
class Cell:
    """A cell to fill with members, and what kind of people belong there."""

    code: str
    name: str
    profile: str
    weight: float
    grassroots: str  # code of its grassroots organization
    institution: str  # workplace name
    unit: str = ""  # faculty or office, for the workplace field
    domain: str = ""  # e-mail domain
    issuer: str = "ĐUK"  # suffix of the superior's decision numbers
    entry_years: tuple[int, ...] = ()  # students: the intakes it holds
    established_on: dt.date = HISTORY_START
    members: int = 0


@dataclass
class DemoResult:
    organizations: Counter = field(default_factory=Counter)
    members: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class Weighted:
    """Weighted choice with precomputed cumulative weights (random.choices re-sums each call)."""

    def __init__(self, pairs: Sequence[tuple]):
        self.items = [p[0] if len(p) == 2 else p for p in pairs]
        self.cum = list(accumulate(p[-1] for p in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


def analyze(*models) -> None:
    """PostgreSQL's statistics of `models`' tables (of every table, when none is named)
    brought up to date inside the demo's one transaction, which autovacuum cannot see into:
    planned on the empty tables' statistics, a month's "members without a row yet" read the
    growing ledger once per member (a city's tiny demo took minutes a month by its 20th month),
    and each report's figures took 2.4 s on the bloc (43 ms once analyzed)."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
