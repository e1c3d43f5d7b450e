"""Deterministic demo data: the Hanoi universities-and-colleges bloc, or a whole city.

Everything comes from one `random.Random(seed)` drawn in a fixed order, so a seed gives the
same tree and the same members (relative to today's date: no date is ever in the future).
The tree goes in through `coso.orgs.bulk.bulk_create_tree` and the members, with their
placements and events since 2015, through `coso.members.bulk.bulk_load_members`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone
from vietnam_provinces import Province, Ward

from coso.core.text import fold
from coso.members.bulk import MemberRow, bulk_load_members, copy_load_members
from coso.members.choices import EventKind, MemberStatus, Sex
from coso.members.models import Member, MembershipEvent, Placement, add_years
from coso.orgs.bulk import OrgSpec, bulk_create_tree
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from . import names as N

#: Sex.values rebuilds its list on every access; the same list, computed once
_SEX_VALUES = Sex.values
#: the registry's history starts here: earlier admissions show as a "registered" event
HISTORY_START = dt.date(2015, 1, 1)
#: members written per call of bulk_load_members (bounds memory at city scale)
FLUSH_EVERY = 20_000


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
    # members go in with PostgreSQL COPY (coso.members.bulk.copy_load_members)
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
    ("vanphong", "staff", "DUK", "demo-vanphong", "Cán bộ Văn phòng Đảng ủy Khối"),
    ("bithu_bk", "secretary", "DUK-BK", "demo-bithu-bk", "Bí thư Đảng ủy"),
    ("bithu_cntt", "secretary", "DUK-BK-CNTT", "demo-bithu-cntt", "Bí thư Chi bộ"),
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
    "lecturer": Profile((26, 40, 64), 0.5, ("Giảng viên",) * 6 + ("Nghiên cứu viên", "Kỹ thuật viên"), 0.06, 0.05),
    "office": Profile((24, 38, 60), 0.42, ("Chuyên viên",) * 5 + ("Nhân viên", "Kế toán viên", "Thư viện viên"), 0.06, 0.05),
    "student": Profile((19, 21, 24), 0.45, ("Sinh viên",), 0.0, 0.03),
    "retiree": Profile((60, 68, 88), 0.55, ("Nghỉ hưu",), 0.0, 0.08),
    "resident": Profile((58, 68, 92), 0.5, ("Nghỉ hưu",), 0.0, 0.05),
    "civil": Profile((24, 40, 60), 0.5, ("Công chức",) * 3 + ("Viên chức",), 0.06, 0.04),
    "police": Profile((22, 35, 55), 0.85, ("Sĩ quan Công an",), 0.06, 0.03),
    "military": Profile((22, 35, 50), 0.95, ("Sĩ quan Quân đội",), 0.05, 0.03),
    "teacher": Profile((24, 40, 58), 0.2, ("Giáo viên",), 0.06, 0.04),
}  # fmt: skip
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


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class _Weighted:
    """Weighted choice with precomputed cumulative weights (random.choices re-sums each call)."""

    def __init__(self, pairs: Sequence[tuple]):
        self.items = [p[0] if len(p) == 2 else p for p in pairs]
        self.cum = list(accumulate(p[-1] for p in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


class DemoGenerator:
    """Builds the demo tree and members for one size and seed."""

    def __init__(
        self,
        size: str = "bloc",
        seed: int = 1,
        *,
        scale: float = 1.0,
        log: Callable[[str], None] | None = None,
    ):
        if size not in SIZES:
            raise ValueError(f"unknown size {size!r}")
        self.size = size
        self.plan = SIZES[size].scaled(scale)
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.log = log or (lambda _msg: None)
        self.cells: list[Cell] = []
        self._used_cccd: set[str] = set()
        self._used_cards: set[str] = set()
        self._families = _Weighted(N.FAMILY_NAMES)
        self._middle = {
            Sex.MALE: _Weighted(N.MIDDLE_NAMES_MALE),
            Sex.FEMALE: _Weighted(N.MIDDLE_NAMES_FEMALE),
        }
        self._given = {Sex.MALE: N.GIVEN_NAMES_MALE, Sex.FEMALE: N.GIVEN_NAMES_FEMALE}
        self._birth_provinces = _Weighted([(p, p[3]) for p in N.BIRTH_PROVINCES])
        self._minorities = _Weighted(N.MINORITY_ETHNICITIES)
        self._religions = _Weighted(N.RELIGIONS)
        self._theory = _Weighted(N.POLITICAL_THEORY_STAFF)
        self._languages = _Weighted(N.FOREIGN_LANGUAGES)
        self._it = _Weighted(N.IT_LEVELS)
        self._degrees = _Weighted(N.STAFF_DEGREES)
        wards = sorted(Ward.iter_all(), key=lambda w: int(w.code))
        self._wards_by_province: dict[int, list[Ward]] = {}
        for w in wards:
            self._wards_by_province.setdefault(int(w.province_code), []).append(w)
        self._province_names = {int(p.code): p.name for p in Province.iter_all()}
        self._hanoi_wards = self._wards_by_province[1]
        self._hanoi_urban = [w for w in self._hanoi_wards if w.division_type.value == "phường"]

    # -- small helpers -----------------------------------------------------------------
    def _day_between(self, lo: dt.date, hi: dt.date) -> dt.date:
        if hi <= lo:
            return lo
        return lo + dt.timedelta(days=self.rng.randrange((hi - lo).days + 1))

    def _doc(self, kind: str, issuer: str) -> str:
        return f"{self.rng.randint(1, 2999)}-{kind}/{issuer}"

    # -- the tree ----------------------------------------------------------------------
    def build_tree(self) -> OrgSpec:
        """The whole tree as specs; fills self.cells with the cells to populate."""
        if self.plan.provinces:
            return self._national_spec(self._city_tree())
        return self._city_tree()

    def _city_tree(self) -> OrgSpec:
        bloc = self._bloc_spec()
        if not self.plan.wards:
            return bloc
        root = OrgSpec(
            code=N.CITY_ROOT_CODE,
            name=N.CITY_ROOT_NAME,
            short_name="Thành ủy Hà Nội",
            kind=OrgKind.SUPERIOR,
            established_on=HISTORY_START,
            children=[bloc],
        )
        wards = self._hanoi_wards[: self.plan.wards]
        ward_weights = [self.rng.uniform(0.7, 1.3) for _ in wards]
        total = sum(ward_weights)
        for ward, weight in zip(wards, ward_weights, strict=True):
            root.children.append(
                self._ward_spec(ward, round(self.plan.ward_members * weight / total))
            )
        return root

    def _cohorts(self) -> list[int]:
        """Intake years of the students who can be members now (oldest first)."""
        latest = self.today.year - 1 if self.today.month >= 9 else self.today.year - 2
        return list(range(latest - 4, latest + 1))

    def _bloc_spec(self) -> OrgSpec:
        plan = self.plan
        root = OrgSpec(
            code=N.ROOT_CODE,
            name=N.ROOT_NAME,
            short_name=N.ROOT_SHORT,
            kind=OrgKind.SUPERIOR,
            established_on=HISTORY_START,
            established_decision="15-QĐ/TU",
        )
        universities = N.UNIVERSITIES[: plan.universities]
        colleges = N.COLLEGES[: plan.colleges]
        college_members = [self.rng.randint(12, 28) for _ in colleges]
        committee_members = max(plan.members - sum(college_members), 30 * len(universities))
        total_weight = sum(u[2] for u in universities)
        cell_budget = plan.cells - len(colleges)
        for abbr, name, weight, theme, domain, k2021 in universities:
            if plan.small:
                n_cells = SMALL_CELLS.get(abbr, 5)
            else:
                n_cells = max(4, round(weight / total_weight * cell_budget))
            members = max(30, round(committee_members * weight / total_weight))
            root.children.append(
                self._university_spec(abbr, name, theme, domain, k2021, n_cells, members)
            )
        for (abbr, name), members in zip(colleges, college_members, strict=True):
            code = f"{N.ROOT_CODE}-{abbr}"
            spec = OrgSpec(
                code=code,
                name=f"Chi bộ {name}",
                short_name=name.replace("Trường Cao đẳng", "CĐ"),
                kind=OrgKind.GRASSROOTS_CELL,
                established_on=HISTORY_START,
                established_decision=self._doc("QĐ", "ĐUK"),
            )
            root.children.append(spec)
            self.cells.append(Cell(code, spec.name, "lecturer", 1, code, name, members=members))
        return root

    def _university_spec(
        self,
        abbr: str,
        name: str,
        theme: str,
        domain: str,
        k2021: int,
        n_cells: int,
        members: int,
    ) -> OrgSpec:
        rng = self.rng
        code = f"{N.ROOT_CODE}-{abbr}"
        spec = OrgSpec(
            code=code,
            name=f"Đảng bộ {name}",
            short_name=name.replace("Trường Đại học", "ĐH").replace("Học viện", "HV"),
            kind=OrgKind.GRASSROOTS_COMMITTEE,
            established_on=HISTORY_START,
            established_decision=self._doc("QĐ", "ĐUK"),
        )
        used: set[str] = set()
        cells: list[Cell] = []

        def unique(parent: OrgSpec, suffix: str) -> str:
            c, n = f"{parent.code}-{suffix}", 2
            while c in used:
                c, n = f"{parent.code}-{suffix}{n}", n + 1
            used.add(c)
            return c

        def add_cell(
            parent: OrgSpec,
            suffix: str,
            unit: str,
            profile: str,
            weight: float,
            *,
            workplace_unit: str | None = None,
            entry_years: tuple[int, ...] = (),
            established_on: dt.date = HISTORY_START,
        ) -> None:
            c = unique(parent, suffix)
            cell_name = f"Chi bộ {unit}"
            parent.children.append(
                OrgSpec(
                    code=c,
                    name=cell_name,
                    kind=OrgKind.CELL,
                    established_on=established_on,
                    established_decision=self._doc("QĐ", "ĐU"),
                )
            )
            cells.append(
                Cell(
                    c,
                    cell_name,
                    profile,
                    weight,
                    code,
                    name,
                    unit=unit if workplace_unit is None else workplace_unit,
                    domain=domain,
                    entry_years=entry_years,
                    established_on=established_on,
                )
            )

        retirees = 0 if n_cells < 6 else 1 if n_cells < 45 else 2 if n_cells < 80 else 3
        cohorts = self._cohorts()
        if theme not in ("tech", "build", "med"):
            cohorts = cohorts[1:]  # four-year programmes
        students = 0 if n_cells < 5 else min(len(cohorts), max(1, round(n_cells * 0.12)))
        offices = min(len(N.DEPARTMENTS), max(1, round(n_cells * 0.25)))
        budget = max(1, n_cells - retirees - students - offices)

        # offices: the first five always, then a sample of the others in list order
        head, tail = N.DEPARTMENTS[:5], N.DEPARTMENTS[5:]
        picked = set(rng.sample(range(len(tail)), max(0, min(len(tail), offices - 5))))
        depts = (head + [d for i, d in enumerate(tail) if i in picked])[:offices]
        for suffix, unit in depts:
            add_cell(spec, suffix, unit, "office", rng.uniform(0.5, 1.0))

        # faculties: one cell each, or a sub-committee with several cells when the budget
        # allows (never for CNTT, the persona cell, nor for the small common units)
        faculties = list(N.FACULTIES[theme])
        rest = faculties[8:]
        rng.shuffle(rest)
        faculties = faculties[:8] + rest
        common = {"LLCT", "NN", "GDTC", "GDQP"}
        n_fac = min(len(faculties), budget)
        want_subs = 1 if self.plan.small and abbr == "BK" else 0
        if want_subs and n_fac == budget:
            n_fac -= 1
        faculties = faculties[:n_fac]
        extra = budget - n_fac
        eligible = [i for i, (c, _) in enumerate(faculties) if c != "CNTT" and c not in common]
        eligible.sort(key=lambda i: (faculties[i][0] not in N.SECTIONS, i))
        sub_cells: dict[int, int] = {}
        for i in eligible:
            if extra <= 0:
                break
            more = min(extra, rng.randint(2, 5))
            sub_cells[i] = 1 + more
            extra -= more
        for i, (suffix, unit) in enumerate(faculties):
            if i not in sub_cells:
                add_cell(spec, suffix, unit, "lecturer", rng.uniform(0.8, 1.6))
                continue
            sub_code = unique(spec, suffix)
            sub = OrgSpec(
                code=sub_code,
                name=f"Đảng bộ bộ phận {unit}",
                kind=OrgKind.SUB_COMMITTEE,
                established_on=HISTORY_START,
                established_decision=self._doc("QĐ", "ĐU"),
            )
            spec.children.append(sub)
            sections = [*N.SECTIONS.get(suffix, []), ("SV", "Sinh viên")]
            sections += [s for s in N.GENERIC_SECTIONS if s not in sections]
            for sec_code, sec_name in sections[: sub_cells[i]]:
                if sec_code == "SV":
                    add_cell(sub, "SV", f"Sinh viên {unit}", "student", rng.uniform(0.5, 1.0),
                             entry_years=tuple(cohorts))  # fmt: skip
                else:
                    generic = (sec_code, sec_name) in N.GENERIC_SECTIONS
                    add_cell(sub, sec_code, sec_name, "lecturer", rng.uniform(0.6, 1.2),
                             workplace_unit=unit if generic else f"{sec_name}, {unit}")  # fmt: skip
        # a budget larger than every sub-committee takes: student cells of faculties
        for suffix, unit in faculties:
            if extra <= 0:
                break
            add_cell(spec, f"SV{suffix}", f"Sinh viên {unit}", "student", rng.uniform(0.5, 1.0),
                     entry_years=tuple(cohorts))  # fmt: skip
            extra -= 1

        for year in cohorts[:students]:
            label = f"K{k2021 + year - 2021}" if k2021 else f"khóa {year}"
            add_cell(
                spec,
                f"SV{label.replace('khóa ', '')}",
                f"Sinh viên {label}",
                "student",
                rng.uniform(0.6, 1.3),
                entry_years=(year,),
                established_on=min(dt.date(year + 1, 3, 1), self.today),
            )
        for n in range(retirees):
            unit = "Hưu trí" if retirees == 1 else f"Hưu trí {n + 1}"
            add_cell(spec, f"HT{n + 1}" if retirees > 1 else "HT", unit, "retiree",
                     rng.uniform(2.0, 3.5))  # fmt: skip

        self._share_members(cells, members)
        self.cells.extend(cells)
        return spec

    def _share_members(self, cells: list[Cell], members: int) -> None:
        """Split `members` among `cells` by weight (largest remainder), at least 5 each."""
        total = sum(c.weight for c in cells)
        shares = [members * c.weight / total for c in cells]
        counts = [int(s) for s in shares]
        left = members - sum(counts)
        order = sorted(range(len(cells)), key=lambda i: shares[i] - counts[i], reverse=True)
        for i in order[:left]:
            counts[i] += 1
        for c, n in zip(cells, counts, strict=True):
            c.members = max(5, n)
            if c.code == c.grassroots:  # a grassroots cell stays under 30 members
                c.members = min(c.members, 28)

    def _ward_spec(self, ward: Ward, members: int) -> OrgSpec:
        rng = self.rng
        is_ward = ward.codename.startswith("phuong_")
        short = ward.codename.split("_", 1)[1].replace("_", "").upper()
        code = f"{N.CITY_ROOT_CODE}-{'P' if is_ward else 'X'}{short}"
        place = _lower_first(ward.name)
        spec = OrgSpec(
            code=code,
            name=f"Đảng bộ {place}",
            short_name=ward.name,
            kind=OrgKind.SUPERIOR,
            established_on=HISTORY_START,
            established_decision=self._doc("QĐ", "TU"),
        )
        cells: list[Cell] = []

        def grassroots(suffix: str, name: str, kind: str) -> OrgSpec:
            g = OrgSpec(
                code=f"{code}-{suffix}",
                name=name,
                kind=kind,
                established_on=HISTORY_START,
                established_decision=self._doc("QĐ", "ĐU"),
            )
            spec.children.append(g)
            return g

        def cell(parent: OrgSpec, suffix: str, unit: str, profile: str, weight: float) -> None:
            if suffix:
                c, cell_name = f"{parent.code}-{suffix}", f"Chi bộ {unit}"
                parent.children.append(
                    OrgSpec(code=c, name=cell_name, kind=OrgKind.CELL, established_on=HISTORY_START)
                )
            else:  # a grassroots cell holds its members itself
                c, cell_name = parent.code, parent.name
            cells.append(
                Cell(c, cell_name, profile, weight, parent.code, ward.name, unit=unit, issuer="ĐU")
            )

        street = 1
        for i in range(1, 10):
            g = grassroots(f"KDC{i}", f"Đảng bộ Khu dân cư số {i}", OrgKind.GRASSROOTS_COMMITTEE)
            for _ in range(rng.randint(15, 23)):
                label = f"Tổ dân phố số {street}" if is_ward else f"Thôn số {street}"
                cell(g, f"TDP{street}", label, "resident", rng.uniform(0.7, 1.4))
                street += 1
        for suffix, prefix, kind, profile in N.WARD_AGENCIES:
            g = grassroots(suffix, f"{prefix} {place}", kind)
            if kind == OrgKind.GRASSROOTS_CELL:
                unit = prefix.removeprefix("Chi bộ ")
                cell(g, "", f"{unit} {place}", profile, 0.9)
                continue
            units = N.WARD_OFFICE_CELLS if suffix == "UB" else N.POLICE_CELLS
            for unit_code, unit in units:
                cell(g, unit_code, unit, profile, rng.uniform(0.5, 0.9))
        self._share_members(cells, members)
        self.cells.extend(cells)
        return spec

    # -- national ----------------------------------------------------------------------
    def _national_spec(self, hanoi: OrgSpec) -> OrgSpec:
        """The country: Hanoi's tree (the city size) and every other province with its wards
        and communes, each ward a little smaller than a Hanoi one (≈ 16 grassroots
        organizations and ≈ 75 cells)."""
        rng = self.rng
        root = OrgSpec(
            code=NATIONAL_ROOT_CODE,
            name=NATIONAL_ROOT_NAME,
            short_name="Trung ương",
            kind=OrgKind.SUPERIOR,
            established_on=HISTORY_START,
            children=[hanoi],
        )
        provinces = [
            p for p in sorted(Province.iter_all(), key=lambda p: int(p.code)) if int(p.code) != 1
        ]
        share = self.plan.provinces / sum(
            len(self._wards_by_province[int(p.code)]) for p in provinces
        )
        chosen: list[tuple[Province, list[Ward]]] = []
        for p in provinces:
            wards = self._wards_by_province[int(p.code)]
            chosen.append((p, wards[: max(1, round(len(wards) * share))]))
        weights = [[rng.uniform(0.6, 1.4) for _ in wards] for _p, wards in chosen]
        total = sum(sum(w) for w in weights)
        for (province, wards), ward_weights in zip(chosen, weights, strict=True):
            pcode = f"T{int(province.code):02d}"
            spec = OrgSpec(
                code=pcode,
                name=f"Đảng bộ {_lower_first(province.name)}",
                short_name=province.name,
                kind=OrgKind.SUPERIOR,
                established_on=HISTORY_START,
                established_decision=self._doc("QĐ", "TW"),
            )
            used: set[str] = set()
            for ward, weight in zip(wards, ward_weights, strict=True):
                members = round(self.plan.province_ward_members * weight / total)
                spec.children.append(self._national_ward_spec(pcode, ward, members, used))
            root.children.append(spec)
        return root

    def _national_ward_spec(self, pcode: str, ward: Ward, members: int, used: set[str]) -> OrgSpec:
        rng = self.rng
        is_ward = ward.codename.startswith("phuong_")
        short = ward.codename.split("_", 1)[1].replace("_", "").upper()
        code = f"{pcode}-{'P' if is_ward else 'X'}{short}"
        n = 2
        while code in used:
            code, n = f"{pcode}-{'P' if is_ward else 'X'}{short}{n}", n + 1
        used.add(code)
        place = _lower_first(ward.name)
        spec = OrgSpec(
            code=code,
            name=f"Đảng bộ {place}",
            short_name=ward.name,
            kind=OrgKind.SUPERIOR,
            established_on=HISTORY_START,
            established_decision=self._doc("QĐ", "TU"),
        )
        cells: list[Cell] = []

        def add(parent: OrgSpec, suffix: str, unit: str, profile: str, weight: float) -> None:
            if suffix:
                c, cell_name = f"{parent.code}-{suffix}", f"Chi bộ {unit}"
                parent.children.append(
                    OrgSpec(code=c, name=cell_name, kind=OrgKind.CELL, established_on=HISTORY_START)
                )
            else:
                c, cell_name = parent.code, parent.name
            cells.append(
                Cell(c, cell_name, profile, weight, parent.code, ward.name, unit=unit, issuer="ĐU")
            )

        street = 1
        for i in range(1, rng.randint(8, 11) + 1):
            g = OrgSpec(
                code=f"{code}-KDC{i}",
                name=f"Đảng bộ Khu dân cư số {i}",
                kind=OrgKind.GRASSROOTS_COMMITTEE,
                established_on=HISTORY_START,
            )
            spec.children.append(g)
            for _ in range(rng.randint(4, 8)):
                label = f"Tổ dân phố số {street}" if is_ward else f"Thôn số {street}"
                add(g, f"TDP{street}", label, "resident", rng.uniform(0.7, 1.4))
                street += 1
        for suffix, prefix, kind, profile in N.WARD_AGENCIES:
            g = OrgSpec(
                code=f"{code}-{suffix}",
                name=f"{prefix} {place}",
                kind=kind,
                established_on=HISTORY_START,
            )
            spec.children.append(g)
            if kind == OrgKind.GRASSROOTS_CELL:
                add(g, "", f"{prefix.removeprefix('Chi bộ ')} {place}", profile, 0.9)
                continue
            units = N.WARD_OFFICE_CELLS if suffix == "UB" else N.POLICE_CELLS
            for unit_code, unit in units:
                add(g, unit_code, unit, profile, rng.uniform(0.5, 0.9))
        self._share_members(cells, members)
        self.cells.extend(cells)
        return spec

    # -- members -----------------------------------------------------------------------
    def _name(self, sex: str) -> tuple[str, str, str]:
        rng = self.rng
        return (
            self._families.pick(rng),
            self._middle[sex].pick(rng),
            rng.choice(self._given[sex]),
        )

    def _birth(self, profile: str, cell: Cell, sex: str) -> tuple[dt.date, int | None]:
        rng = self.rng
        if profile == "student":
            year = rng.choice(cell.entry_years)
            born = year - 18 - (1 if rng.random() < 0.1 else 0)
            birth = dt.date(born, 1, 1) + dt.timedelta(days=rng.randrange(365))
            # members are at least 19: the youngest of the newest intake are born a bit earlier
            nineteen = add_years(self.today, -19)
            if birth > nineteen:
                birth = nineteen - dt.timedelta(days=rng.randrange(90))
            return birth, year
        lo, mode, hi = PROFILES[profile].age
        if profile == "retiree" and sex == Sex.FEMALE:
            lo = 57  # women retired earlier
        if profile in STAFF_PROFILES and sex == Sex.FEMALE:
            hi = min(hi, 60)
        age = rng.triangular(lo, hi, mode)
        return self.today - dt.timedelta(days=int(age * 365.25)), None

    def _cccd(self, birth: dt.date, sex: str, province: int) -> str:
        century = 0 if birth.year < 2000 else 2
        digit = century + (1 if sex == Sex.FEMALE else 0)
        while True:
            value = f"{province:03d}{digit}{birth.year % 100:02d}{self.rng.randrange(10**6):06d}"
            if value not in self._used_cccd:
                self._used_cccd.add(value)
                return value

    def _card(self) -> str:
        while True:
            value = f"{self.rng.randrange(10**7, 10**8)}"
            if value not in self._used_cards:
                self._used_cards.add(value)
                return value

    def _address(self, province: int) -> tuple[Ward, str]:
        rng = self.rng
        if province == 1 and rng.random() < 0.85:  # Hanoi people mostly live in the wards
            ward = rng.choice(self._hanoi_urban)
        else:
            ward = rng.choice(self._wards_by_province[province])
        if ward.division_type.value == "phường":
            house = f"Số {rng.randint(1, 120)}, ngõ {rng.randint(1, 400)}"
        else:
            house = f"Thôn {rng.randint(1, 15)}"
        return ward, f"{house}, {ward.name}, {self._province_names[province]}"

    def _elsewhere(self, cell: Cell, home: Ward, prefix: str) -> str:
        """A plausible party organization outside the demo (where one was admitted, or came from)."""
        rng = self.rng
        if cell.issuer == "ĐUK" and rng.random() < 0.6:
            return f"{prefix} {rng.choice(N.UNIVERSITIES)[1]}"
        if home.division_type.value == "phường":
            return f"Chi bộ Tổ dân phố số {rng.randint(1, 30)}, {_lower_first(home.name)}"
        return f"Chi bộ Thôn {rng.randint(1, 15)}, {_lower_first(home.name)}"

    def _member_row(self, cell: Cell, siblings: list[Cell], removed: bool) -> MemberRow:
        rng, today = self.rng, self.today
        profile = cell.profile
        if profile == "resident" and rng.random() < 0.45:
            profile_age = "civil"  # working-age residents
        else:
            profile_age = profile
        prof = PROFILES[profile_age]
        sex = Sex.MALE if rng.random() < prof.male else Sex.FEMALE
        family, middle, given = self._name(sex)
        birth, entry_year = self._birth(profile_age, cell, sex)
        adult = add_years(birth, 18)

        # admission and recognition
        year_ago = today - dt.timedelta(days=365)
        if profile == "student":
            lo = max(cell.established_on, adult + dt.timedelta(days=60), dt.date(entry_year, 10, 1))
            admitted = self._day_between(min(lo, today), today)
        elif prof.recent and rng.random() < prof.recent and adult < year_ago:
            admitted = self._day_between(max(adult, year_ago + dt.timedelta(days=2)), today)
        else:
            age = 18.5 + abs(rng.gauss(0, 6))
            admitted = birth + dt.timedelta(days=int(age * 365.25))
            latest = today - dt.timedelta(days=400)
            if admitted > latest:
                admitted = self._day_between(adult + dt.timedelta(days=1), latest)
        recognized = add_years(admitted, 1)
        if recognized > today:
            recognized = None

        # where and since when (history since 2015)
        start_kind = EventKind.ADMITTED
        start = admitted
        if profile != "student":
            if admitted < HISTORY_START:
                if profile in ("retiree", "resident") or rng.random() < 0.85:
                    start_kind, start = EventKind.REGISTERED, HISTORY_START
                else:
                    start_kind = EventKind.TRANSFERRED_IN
                    start = self._day_between(HISTORY_START, today - dt.timedelta(days=30))
            elif rng.random() < 0.2 and admitted < today - dt.timedelta(days=60):
                start_kind = EventKind.TRANSFERRED_IN
                start = self._day_between(
                    admitted + dt.timedelta(days=30), today - dt.timedelta(days=10)
                )
        start = max(start, cell.established_on)
        segments: list[tuple[Cell, dt.date]] = [(cell, start)]
        if profile == "retiree" and siblings:
            retired_on = add_years(birth, 60 if sex == Sex.MALE else 57)
            if start < retired_on < today:
                segments = [(rng.choice(siblings), start), (cell, retired_on)]
        elif siblings and rng.random() < 0.06 and start < today - dt.timedelta(days=400):
            moved_on = self._day_between(
                start + dt.timedelta(days=180), today - dt.timedelta(days=30)
            )
            segments = [(rng.choice(siblings), start), (cell, moved_on)]

        # leaving (for the extra, no longer active members)
        removal_kind = removal_on = None
        if removed:
            lo = segments[-1][1] + dt.timedelta(days=30)
            if lo < today:
                removal_on = self._day_between(lo, today)
                r = rng.random()
                if profile_age in ("retiree", "resident") and r < 0.7:
                    removal_kind = EventKind.DECEASED
                elif r < 0.9:
                    removal_kind = EventKind.TRANSFERRED_OUT
                else:
                    removal_kind = EventKind.STRUCK_OFF
                if recognized and recognized > removal_on:
                    recognized = None
            else:
                removed = False

        exempted_on = None
        if removed:
            status = {
                EventKind.DECEASED: MemberStatus.DECEASED,
                EventKind.TRANSFERRED_OUT: MemberStatus.TRANSFERRED_OUT,
                EventKind.STRUCK_OFF: MemberStatus.STRUCK_OFF,
            }[removal_kind]
        elif recognized is None:
            status = MemberStatus.PROBATIONARY
        else:
            status = MemberStatus.OFFICIAL
            age_now = (today - birth).days / 365.25
            if (age_now >= 72 and rng.random() < 0.2) or rng.random() < 0.002:
                status = MemberStatus.EXEMPTED
                exempted_on = self._day_between(max(recognized, segments[-1][1]), today)

        # identity, addresses, education and work
        birth_prov = self._birth_provinces.pick(rng)
        home_code = birth_prov[2]
        home_ward = rng.choice(self._wards_by_province[home_code])
        if profile == "student" and rng.random() < 0.85:
            perm_ward, perm_addr = self._address(home_code)
        else:
            perm_ward, perm_addr = self._address(1 if rng.random() < 0.85 else home_code)
        if profile == "student" and rng.random() < 0.35:
            cur_ward = rng.choice(self._hanoi_urban)
            cur_addr = f"Ký túc xá {cell.institution}, {cur_ward.name}, Thành phố Hà Nội"
        elif perm_ward.province_code == 1 and rng.random() < 0.8:
            cur_ward, cur_addr = perm_ward, perm_addr
        else:
            cur_ward, cur_addr = self._address(1)
        ethnicity = "Kinh" if rng.random() < 0.94 else self._minorities.pick(rng)
        occupation = rng.choice(prof.occupations)
        if profile == "resident" and profile_age != "resident":
            occupation = rng.choice(RESIDENT_JOBS)
        position = ""
        if profile == "lecturer" and rng.random() < 0.12:
            position = rng.choice(N.LECTURER_POSITIONS)
        elif profile in ("office", "civil") and rng.random() < 0.15:
            position = rng.choice(N.OFFICE_POSITIONS)
        if profile == "student":
            professional, theory = "Đang học đại học", "Sơ cấp" if rng.random() < 0.6 else ""
            workplace = cell.institution
        else:
            degree = self._degrees.pick(rng)
            professional = (
                degree
                if profile not in ("resident", "police", "military")
                else rng.choice(("Cử nhân", "Kỹ sư", "Trung cấp", "Thạc sĩ"))
            )
            theory = self._theory.pick(rng)
            if (today - birth).days < 35 * 365 and theory in ("Cao cấp", "Cử nhân"):
                theory = "Trung cấp"
            workplace = ", ".join(p for p in (cell.unit, cell.institution) if p)
            if occupation == "Nghỉ hưu" or profile == "resident":
                workplace = ""
        email = ""
        if cell.domain and profile in STAFF_PROFILES:
            initials = "".join(w[0] for w in fold(f"{family} {middle}").split())
            email = f"{fold(given).replace(' ', '')}.{initials}@{cell.domain}"
        card = None
        if status not in (MemberStatus.PROBATIONARY,) and recognized is not None:
            card = self._card()
        first_cell = segments[0][0]
        admitted_here = start_kind == EventKind.ADMITTED
        member = Member(
            family_name=family,
            middle_name=middle,
            given_name=given,
            sex=sex,
            birth_date=birth,
            ethnicity=ethnicity,
            religion=self._religions.pick(rng),
            cccd=self._cccd(birth, sex, birth_prov[0]),
            hometown=f"{home_ward.name}, {self._province_names[home_code]}",
            hometown_province=home_code,
            permanent_province=int(perm_ward.province_code),
            permanent_ward=int(perm_ward.code),
            permanent_address=perm_addr,
            current_province=int(cur_ward.province_code),
            current_ward=int(cur_ward.code),
            current_address=cur_addr,
            phone=f"{rng.choice(N.PHONE_PREFIXES)}{rng.randrange(10**7):07d}",
            email=email,
            education_general="12/12",
            education_professional=professional,
            political_theory=theory,
            foreign_language=self._languages.pick(rng) if rng.random() < 0.8 else "",
            it_level=self._it.pick(rng),
            occupation=occupation,
            workplace=workplace,
            position=position,
            party_card_number=card,
            admitted_on=admitted,
            admitting_organization=(
                first_cell.name if admitted_here else self._elsewhere(cell, home_ward, "Chi bộ")
            ),
            introducers=", ".join(" ".join(self._name(rng.choice(_SEX_VALUES))) for _ in range(2)),
            recognized_on=recognized,
            organization=self.orgs[segments[-1][0].code],
            status=status,
        )

        # placements and events
        placements, events = [], []
        for i, (seg_cell, seg_start) in enumerate(segments):
            end = segments[i + 1][1] if i + 1 < len(segments) else removal_on
            placements.append(
                Placement(organization=self.orgs[seg_cell.code], valid_from=seg_start, valid_to=end)
            )
        first_org = self.orgs[segments[0][0].code]
        if start_kind == EventKind.ADMITTED:
            doc = self._doc("QĐ", cell.issuer)
            note = ""
        elif start_kind == EventKind.TRANSFERRED_IN:
            doc = self._doc("GT", cell.issuer)
            note = f"Chuyển đến từ {self._elsewhere(cell, home_ward, 'Đảng bộ')}"
        else:
            doc, note = "", "Nhập hồ sơ khi bắt đầu quản lý trên hệ thống"
        events.append(
            MembershipEvent(
                kind=start_kind,
                date=start,
                document_number=doc,
                to_organization=first_org,
                note=note,
            )
        )
        if recognized and recognized >= start:
            events.append(
                MembershipEvent(
                    kind=EventKind.RECOGNIZED,
                    date=recognized,
                    document_number=self._doc("QĐ", cell.issuer),
                    to_organization=self.orgs[
                        next(c for c, s in reversed(segments) if s <= recognized).code
                    ],
                )
            )
        for (prev, _), (nxt, moved_on) in zip(segments, segments[1:], strict=False):
            events.append(
                MembershipEvent(
                    kind=EventKind.MOVED,
                    date=moved_on,
                    document_number=self._doc("QĐ", "ĐU"),
                    from_organization=self.orgs[prev.code],
                    to_organization=self.orgs[nxt.code],
                    note="Nghỉ hưu" if nxt.profile == "retiree" else "",
                )
            )
        if exempted_on:
            events.append(
                MembershipEvent(
                    kind=EventKind.EXEMPTED,
                    date=exempted_on,
                    note="Tuổi cao, sức yếu",
                )
            )
        if removal_kind:
            events.append(
                MembershipEvent(
                    kind=removal_kind,
                    date=removal_on,
                    document_number=""
                    if removal_kind == EventKind.DECEASED
                    else self._doc(
                        "GT" if removal_kind == EventKind.TRANSFERRED_OUT else "QĐ", cell.issuer
                    ),
                    from_organization=member.organization,
                )
            )
        return MemberRow(member=member, placements=placements, events=events)

    # -- running -----------------------------------------------------------------------
    def run(self, *, orgs_only: bool = False) -> DemoResult:
        """Create everything in one transaction; returns counts and the elapsed time."""
        started = time.monotonic()
        result = DemoResult()
        with transaction.atomic():
            self.log("Đang dựng cây tổ chức…")
            tree = self.build_tree()
            self.orgs = bulk_create_tree([tree])
            result.organizations = Counter(o.kind for o in self.orgs.values())
            self.log(
                f"  {_fmt(len(self.orgs))} tổ chức, {_fmt(len(self.cells))} chi bộ "
                f"({time.monotonic() - started:.1f} giây)"
            )
            if not orgs_only:
                result.members = self._load_members(started)
                # transfers, statuses, residence liaison: through the services, for the to-do page
                from coso.members.lifecycle_demo import fill_lifecycle

                fill_lifecycle(
                    self.rng.randrange(2**31),
                    scale=min(3.0, (self.plan.members + self.plan.ward_members) / 18_000),
                    log=self.log,
                )
                # admission pipeline and probations, through the admission services
                from coso.admission.demo import fill_admission_pipeline

                fill_admission_pipeline(self)
        result.seconds = time.monotonic() - started
        return result

    def _load_members(self, started: float) -> Counter:
        total = sum(c.members for c in self.cells)
        self.log(f"Đang tạo khoảng {_fmt(total)} đảng viên và lịch sử sinh hoạt từ 2015…")
        staff_by_grassroots: dict[str, list[Cell]] = {}
        same_kind: dict[tuple[str, str], list[Cell]] = {}
        for c in self.cells:
            if c.profile in STAFF_PROFILES:
                staff_by_grassroots.setdefault(c.grassroots, []).append(c)
            same_kind.setdefault((c.grassroots, c.profile), []).append(c)
        counts: Counter = Counter()
        rows: list[MemberRow] = []
        done = 0
        for cell in self.cells:
            if cell.profile == "retiree":
                siblings = staff_by_grassroots.get(cell.grassroots, [])
            elif cell.profile == "student":
                siblings = []
            else:
                siblings = [c for c in same_kind[(cell.grassroots, cell.profile)] if c is not cell]
            removed_rate = PROFILES[cell.profile].removed
            n_removed = sum(1 for _ in range(cell.members) if self.rng.random() < removed_rate)
            for i in range(cell.members + n_removed):
                rows.append(self._member_row(cell, siblings, removed=i >= cell.members))
            if len(rows) >= FLUSH_EVERY:
                done += self._flush(rows, counts)
                self.log(f"  {_fmt(done)} đảng viên ({time.monotonic() - started:.1f} giây)")
        if rows:
            done += self._flush(rows, counts)
            self.log(f"  {_fmt(done)} đảng viên ({time.monotonic() - started:.1f} giây)")
        return counts

    def _flush(self, rows: list[MemberRow], counts: Counter) -> int:
        if self.plan.provinces and connection.vendor == "postgresql":
            # national: COPY-speed loading (psycopg 3 cursor.copy); SQLite uses bulk_create
            copy_load_members(rows, change_reason="Dữ liệu mẫu")
        else:
            bulk_load_members(rows, change_reason="Dữ liệu mẫu")
        counts.update(r.member.status for r in rows)
        n = len(rows)
        rows.clear()
        return n


def ensure_demo_accounts() -> list[dict[str, str]]:
    """Create the three demo users (or reset their passwords); returns what to print."""
    from coso.accounts.services import add_user

    accounts = []
    used: list[int] = []
    for username, role, code, password, title in PERSONAS:
        org = Organization.objects.get(code=code)
        member = None
        if role == "secretary":  # a secretary is one of the organization's own members
            member = (
                Member.objects.filter(
                    organization__path__startswith=org.path,
                    status=MemberStatus.OFFICIAL,
                    birth_date__lte=add_years(timezone.localdate(), -35),
                )
                .exclude(pk__in=used)
                .order_by("id")
                .first()
            )
        if member is not None:
            used.append(member.pk)
        full_name = member.full_name if member else PERSONA_FALLBACK_NAMES[username]
        add_user(username, organization=org, role=role, password=password, full_name=full_name)
        accounts.append(
            {
                "username": username,
                "full_name": full_name,
                "role": title,
                "organization": f"{org.code} — {org.name}",
                "password": password,
            }
        )
    return accounts


def accounts_table(accounts: list[dict[str, str]]) -> str:
    """A plain-text table of the demo accounts, in Vietnamese."""
    headers = {
        "username": "Tên đăng nhập",
        "role": "Vai trò",
        "organization": "Tổ chức",
        "password": "Mật khẩu",
    }
    widths = {k: max(len(h), *(len(a[k]) for a in accounts)) for k, h in headers.items()}
    line = "+-" + "-+-".join("-" * widths[k] for k in headers) + "-+"
    out = [line, "| " + " | ".join(h.ljust(widths[k]) for k, h in headers.items()) + " |", line]
    for a in accounts:
        out.append("| " + " | ".join(a[k].ljust(widths[k]) for k in headers) + " |")
    out.append(line)
    return "\n".join(out)
