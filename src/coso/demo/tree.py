"""The demo's organization trees: the bloc, a city (the bloc and Hanoi's wards), the country.

A mixin of `DemoGenerator`: it draws from the generator's `rng` in a fixed order."""

from __future__ import annotations

import datetime as dt

from vietnam_provinces import Province, Ward

from coso.orgs.bulk import OrgSpec
from coso.orgs.choices import OrgKind

from . import names as N
from .common import (
    HISTORY_START,
    NATIONAL_ROOT_CODE,
    NATIONAL_ROOT_NAME,
    SMALL_CELLS,
    Cell,
    lower_first,
)


def superior(
    code: str, name: str, short_name: str, *, decision: str = "", children=None
) -> OrgSpec:
    """A superior committee, there since the history starts."""
    return OrgSpec(
        code=code,
        name=name,
        short_name=short_name,
        kind=OrgKind.SUPERIOR,
        established_on=HISTORY_START,
        established_decision=decision,
        children=children or [],
    )


class TreeSpecs:
    """The trees as `OrgSpec`s for `bulk_create_tree` (sizes from `self.plan`)."""

    def build_tree(self) -> OrgSpec:
        """The whole tree as specs; fills self.cells with the cells to populate."""
        if self.plan.provinces:
            return self._national_spec(self._city_tree())
        return self._city_tree()

    def _city_tree(self) -> OrgSpec:
        bloc = self._bloc_spec()
        if not self.plan.wards:
            return bloc
        root = superior(N.CITY_ROOT_CODE, N.CITY_ROOT_NAME, "Thành ủy Hà Nội", children=[bloc])
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
        root = superior(N.ROOT_CODE, N.ROOT_NAME, N.ROOT_SHORT, decision="15-QĐ/TU")
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
        """A Hanoi ward or commune: nine residential areas of 15 to 23 cells, and its agencies."""
        return self._ward_tree(
            N.CITY_ROOT_CODE, ward, members, areas=9, cells_per_area=(15, 23), decisions=True
        )

    def _ward_tree(
        self,
        prefix: str,
        ward: Ward,
        members: int,
        *,
        areas: int | tuple[int, int],
        cells_per_area: tuple[int, int],
        decisions: bool,
        used: set[str] | None = None,
    ) -> OrgSpec:
        """A ward or commune under the superior coded `prefix`: its residential areas (a number,
        or a range drawn from), each of `cells_per_area` cells (a range drawn from), then the
        ward's agencies; `decisions`: the grassroots organizations carry an establishment
        decision; `used`: codes already taken (a repeated code gets a number)."""
        rng = self.rng
        is_ward = ward.codename.startswith("phuong_")
        short = ward.codename.split("_", 1)[1].replace("_", "").upper()
        code = f"{prefix}-{'P' if is_ward else 'X'}{short}"
        if used is not None:
            n = 2
            while code in used:
                code, n = f"{prefix}-{'P' if is_ward else 'X'}{short}{n}", n + 1
            used.add(code)
        place = lower_first(ward.name)
        spec = superior(code, f"Đảng bộ {place}", ward.name, decision=self._doc("QĐ", "TU"))
        cells: list[Cell] = []

        def grassroots(suffix: str, name: str, kind: str) -> OrgSpec:
            g = OrgSpec(
                code=f"{code}-{suffix}",
                name=name,
                kind=kind,
                established_on=HISTORY_START,
                established_decision=self._doc("QĐ", "ĐU") if decisions else "",
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
        area_count = areas if isinstance(areas, int) else rng.randint(*areas)
        for i in range(1, area_count + 1):
            g = grassroots(f"KDC{i}", f"Đảng bộ Khu dân cư số {i}", OrgKind.GRASSROOTS_COMMITTEE)
            for _ in range(rng.randint(*cells_per_area)):
                label = f"Tổ dân phố số {street}" if is_ward else f"Thôn số {street}"
                cell(g, f"TDP{street}", label, "resident", rng.uniform(0.7, 1.4))
                street += 1
        for suffix, agency, kind, profile in N.WARD_AGENCIES:
            g = grassroots(suffix, f"{agency} {place}", kind)
            if kind == OrgKind.GRASSROOTS_CELL:
                unit = agency.removeprefix("Chi bộ ")
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
        root = superior(NATIONAL_ROOT_CODE, NATIONAL_ROOT_NAME, "Trung ương", children=[hanoi])
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
            name = f"Đảng bộ {lower_first(province.name)}"
            spec = superior(pcode, name, province.name, decision=self._doc("QĐ", "TW"))
            used: set[str] = set()
            for ward, weight in zip(wards, ward_weights, strict=True):
                members = round(self.plan.province_ward_members * weight / total)
                spec.children.append(self._national_ward_spec(pcode, ward, members, used))
            root.children.append(spec)
        return root

    def _national_ward_spec(self, pcode: str, ward: Ward, members: int, used: set[str]) -> OrgSpec:
        """A ward or commune of another province: 8 to 11 residential areas of 4 to 8 cells."""
        return self._ward_tree(
            pcode, ward, members, areas=(8, 11), cells_per_area=(4, 8), decisions=False, used=used
        )

    # -- members -----------------------------------------------------------------------
