"""The demo's members: names, dates, identity numbers, addresses and histories since 2015.

A mixin of `DemoGenerator`: it draws from the generator's `rng` in a fixed order."""

from __future__ import annotations

import datetime as dt

from vietnam_provinces import Ward

from coso.core.dates import add_years
from coso.core.text import fold
from coso.members.choices import EventKind, MemberStatus, Sex
from coso.members.models import Member, Placement
from coso.members.services import MemberRow, event_row

from . import names as N
from .common import (
    ADMISSIONS_BEHIND,
    HISTORY_START,
    LAST_YEAR_SHARE,
    PROFILES,
    RESIDENT_JOBS,
    SEX_VALUES,
    STAFF_PROFILES,
    Cell,
    lower_first,
    new_cccd,
)


class MemberRows:
    """One `MemberRow` per member, with placements and events."""

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
            return f"Chi bộ Tổ dân phố số {rng.randint(1, 30)}, {lower_first(home.name)}"
        return f"Chi bộ Thôn {rng.randint(1, 15)}, {lower_first(home.name)}"

    def _admitted(self, cell: Cell, profile: str, prof, birth: dt.date, entry_year) -> dt.date:
        """When a member was admitted: a student since their intake, some working members in
        the last twelve months and some last year, the others as adults; never this year
        in the grassroots organizations behind on admissions."""
        rng, today = self.rng, self.today
        adult = add_years(birth, 18)
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
            last_year = dt.date(today.year - 1, 1, 1)
            last_end = min(dt.date(today.year - 1, 12, 31), latest)
            if admitted > latest:
                admitted = self._day_between(adult + dt.timedelta(days=1), latest)
            elif (
                prof.recent
                and adult < last_year < last_end
                and (rng.random() < prof.recent * LAST_YEAR_SHARE)
            ):  # some admitted last year
                admitted = self._day_between(last_year, last_end)
        if cell.grassroots in ADMISSIONS_BEHIND and admitted.year == today.year:
            admitted = max(add_years(admitted, -1), adult + dt.timedelta(days=1))
        return admitted

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

        # admission and recognition
        admitted = self._admitted(cell, profile, prof, birth, entry_year)
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
            cccd=new_cccd(
                self.rng,
                self._used_cccd,
                province=birth_prov[0],
                birth=birth,
                female=sex == Sex.FEMALE,
            ),
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
            introducers=", ".join(" ".join(self._name(rng.choice(SEX_VALUES))) for _ in range(2)),
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
            event_row(
                None,
                start_kind,
                start,
                document_number=doc,
                to_organization=first_org,
                note=note,
            )
        )
        if recognized and recognized >= start:
            events.append(
                event_row(
                    None,
                    EventKind.RECOGNIZED,
                    recognized,
                    document_number=self._doc("QĐ", cell.issuer),
                    to_organization=self.orgs[
                        next(c for c, s in reversed(segments) if s <= recognized).code
                    ],
                )
            )
        for (prev, _), (nxt, moved_on) in zip(segments, segments[1:], strict=False):
            events.append(
                event_row(
                    None,
                    EventKind.MOVED,
                    moved_on,
                    document_number=self._doc("QĐ", "ĐU"),
                    from_organization=self.orgs[prev.code],
                    to_organization=self.orgs[nxt.code],
                    note="Nghỉ hưu" if nxt.profile == "retiree" else "",
                )
            )
        if exempted_on:
            events.append(
                event_row(
                    None,
                    EventKind.EXEMPTED,
                    exempted_on,
                    note="Tuổi cao, sức yếu",
                )
            )
        if removal_kind:
            events.append(
                event_row(
                    None,
                    removal_kind,
                    removal_on,
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
