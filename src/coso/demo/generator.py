"""Deterministic demo data: the Hanoi universities-and-colleges bloc, or a whole city.

Everything comes from one `random.Random(seed)` drawn in a fixed order, so a seed gives the
same tree and the same members (relative to today's date: no date is ever in the future).
The tree goes in through `coso.orgs.bulk.bulk_create_tree` and the members, with their
placements and events since 2015, through `coso.members.services.bulk.bulk_load_members`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone
from vietnam_provinces import Province, Ward

from coso.accounts.services import add_user
from coso.core.dates import add_years
from coso.core.text import format_count
from coso.members.choices import MemberStatus, Sex
from coso.members.models import Member
from coso.members.services import MemberRow, bulk_load_members, copy_load_members
from coso.orgs.bulk import bulk_create_tree
from coso.orgs.models import Organization

from . import names as N
from .admission import fill_admission_pipeline
from .awards import fill_awards
from .committees import fill_committees
from .common import (
    FLUSH_EVERY,
    PERSONA_FALLBACK_NAMES,
    PERSONAS,
    PROFILES,
    SIZES,
    STAFF_PROFILES,
    Cell,
    DemoResult,
    Weighted,
)
from .discipline import fill_discipline
from .dues import fill_dues
from .evaluation import fill_evaluation
from .followers import fill_followers
from .four_good import fill_four_good
from .inspection import fill_inspection
from .lifecycle import fill_lifecycle
from .meeting_votes import fill_meeting_votes
from .meetings import fill_meetings
from .people import MemberRows
from .persona import fill_persona_cells
from .plans import fill_plans
from .reports import fill_reports
from .study import fill_study
from .tree import TreeSpecs


class DemoGenerator(TreeSpecs, MemberRows):
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
        self.seed = seed
        self.plan = SIZES[size].scaled(scale)
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.log = log or (lambda _msg: None)
        self.cells: list[Cell] = []
        self._used_cccd: set[str] = set()
        self._used_cards: set[str] = set()
        self._families = Weighted(N.FAMILY_NAMES)
        self._middle = {
            Sex.MALE: Weighted(N.MIDDLE_NAMES_MALE),
            Sex.FEMALE: Weighted(N.MIDDLE_NAMES_FEMALE),
        }
        self._given = {Sex.MALE: N.GIVEN_NAMES_MALE, Sex.FEMALE: N.GIVEN_NAMES_FEMALE}
        self._birth_provinces = Weighted([(p, p[3]) for p in N.BIRTH_PROVINCES])
        self._minorities = Weighted(N.MINORITY_ETHNICITIES)
        self._religions = Weighted(N.RELIGIONS)
        self._theory = Weighted(N.POLITICAL_THEORY_STAFF)
        self._languages = Weighted(N.FOREIGN_LANGUAGES)
        self._it = Weighted(N.IT_LEVELS)
        self._degrees = Weighted(N.STAFF_DEGREES)
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
                f"  {format_count(len(self.orgs))} tổ chức, {format_count(len(self.cells))} chi bộ "
                f"({time.monotonic() - started:.1f} giây)"
            )
            if not orgs_only:
                result.members = self._load_members(started)
                # transfers, statuses, residence liaison: through the services, for the to-do page
                fill_lifecycle(
                    self.rng.randrange(2**31),
                    scale=min(3.0, (self.plan.members + self.plan.ward_members) / 18_000),
                    log=self.log,
                )
                # the cell persona's cell: something of every kind to do on day one (before
                # any meeting, whose roster counts its new members: the admission pipeline
                # holds some votes at meetings)
                fill_persona_cells(self)
                # admission pipeline and probations, through the admission services
                fill_admission_pipeline(self)
                # a 2025–2030 term and its secretary (and deputy), through the committees' steps
                fill_committees(self)
                # the grassroots committees' members follow some cells (guests at their meetings)
                fill_followers(self)
                # two years of cell meetings with their attendance, through the meetings' loader
                fill_meetings(self)
                # a few admissions and recognitions voted on at their cells' meetings
                fill_meeting_votes(self)
                # this year's study plans and commitments (last year's for some cells)
                fill_study(self)
                # two years of dues with a few members in arrears, through the dues services
                fill_dues(self)
                # inspections with findings and follow-up, feedback open, late and answered
                fill_inspection(self)
                # discipline cases at every step, one opened from an inspection
                fill_discipline(self)
                # party badges presented, proposed and due; a few commendations
                fill_awards(self)
                # four years of grades decided and this year's half done, through the steps
                fill_evaluation(self)
                # the bloc's four-good checklist (and a committee's own), cells' monthly answers
                fill_four_good(self)
                # Plan 74-KH/ĐUK and the grassroots organizations' admission quotas
                fill_plans(self)

                # the bloc's report schedule and its grassroots organizations' reports
                fill_reports(self)
        result.seconds = time.monotonic() - started
        return result

    def _load_members(self, started: float) -> Counter:
        total = sum(c.members for c in self.cells)
        self.log(f"Đang tạo khoảng {format_count(total)} đảng viên và lịch sử sinh hoạt từ 2015…")
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
                self.log(
                    f"  {format_count(done)} đảng viên ({time.monotonic() - started:.1f} giây)"
                )
        if rows:
            done += self._flush(rows, counts)
            self.log(f"  {format_count(done)} đảng viên ({time.monotonic() - started:.1f} giây)")
        return counts

    def _flush(self, rows: list[MemberRow], counts: Counter) -> int:
        if self.plan.provinces and connection.vendor == "postgresql":
            # national: COPY-speed loading (psycopg 3 cursor.copy); SQLite uses bulk_create
            copy_load_members(rows, change_reason="Dữ liệu mẫu", validate=False)
        else:
            bulk_load_members(rows, change_reason="Dữ liệu mẫu")
        counts.update(r.member.status for r in rows)
        n = len(rows)
        rows.clear()
        return n


def ensure_demo_accounts() -> list[dict[str, str]]:
    """Create the three demo users (or reset their passwords); returns what to print."""
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
