"""Demo dues: every active member's basis (most on a salary, the elderly on a pension, the
youngest as students, a few by the regional minimum wage), the exemptions of members of 50
years' membership and a few reductions, and two years of monthly ledgers paid at the cells'
meetings (some through the public-service portal), with a few members in arrears (on the to-do
list) and the current month still being collected.

Called by `coso.demo.generator.DemoGenerator.run` after the study, inside its transaction,
through `coso.dues.services` (`load_bases`, `open_month`, `load_payments`, `grant_relief`).
A city's demo has the same two years: ~12 million ledger rows, written at COPY speed
(a month opened and paid for 25,000 members in ≈ 3.7 s on PostgreSQL on a loaded 2-core
machine: ≈ 75 s a month, half an hour in all, for the city's 500,000; not measured whole)."""

from __future__ import annotations

import datetime as dt
import random
import time

from coso.core.dates import add_months, add_years
from coso.dues import services
from coso.dues.choices import BasisCategory, Channel
from coso.dues.models import DuesBasis, DuesMonth, DuesRelief
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member
from coso.orgs.models import Organization

from .common import analyze

#: months of ledger before this one, whatever the demo's size
MONTHS = 24
#: one member in this many (by their place in the list, whatever the database's ids) stopped
#: paying this many months ago: a few members in arrears, flagged whatever today's date
DEFAULTER_EVERY = 150
DEFAULTER_MONTHS = 14
PORTAL_SHARE = 0.15
REDUCTIONS = 12


def _basis(rng: random.Random, member, start: dt.date) -> services.BasisRow:
    age = (start - member["birth_date"]).days // 365
    if age >= 62:
        return services.BasisRow(member["pk"], BasisCategory.PENSION, start,
                                 income=rng.randrange(5_000_000, 12_000_000, 10_000))  # fmt: skip
    if age < 24:
        return services.BasisRow(member["pk"], BasisCategory.STUDENT, start)
    if rng.random() < 0.04:
        return services.BasisRow(member["pk"], BasisCategory.OTHER, start, region=1)
    extra = 10_000 if rng.random() < 0.03 else 0
    return services.BasisRow(member["pk"], BasisCategory.SALARY, start, voluntary_extra=extra,
                             income=rng.randrange(6_000_000, 25_000_000, 50_000))  # fmt: skip


def _reliefs(gen, rng: random.Random, members: list[dict], start: dt.date) -> None:
    old = [m for m in members if m["admitted_on"] and add_years(m["admitted_on"], 50) <= start]
    for m in old[:40]:
        services.grant_relief(
            Member(pk=m["pk"]), kind="exemption", reason="long_membership", valid_from=start,
            decision_number=gen._doc("QĐ", "ĐU"), decision_date=start,
        )  # fmt: skip
    for m in rng.sample(members, min(REDUCTIONS, len(members))):
        if m in old:
            continue
        first = add_months(start, rng.randrange(0, 18))
        services.grant_relief(
            Member(pk=m["pk"]), kind="reduction", reason="hardship", percent=rng.choice((30, 50, 70)),
            months=rng.choice((6, 12)), valid_from=first, decision_number=gen._doc("QĐ", "ĐU"),
            decision_date=min(first, gen.today),
        )  # fmt: skip


def _payments(rng: random.Random, month: dt.date, members: list[dict], today: dt.date):
    last = min(today, add_months(month, 1) - dt.timedelta(days=1))
    stopped = add_months(today.replace(day=1), -DEFAULTER_MONTHS)
    rows = []
    for i, m in enumerate(members):
        if i % DEFAULTER_EVERY == DEFAULTER_EVERY // 2 and month >= stopped:
            continue  # in arrears since `stopped`
        if month.year == today.year and month.month == today.month and rng.random() < 0.4:
            continue  # this month's collection not done yet
        day = month.replace(day=min(last.day, rng.randrange(5, 21)))
        if rng.random() < PORTAL_SHARE:
            rows.append(services.PaymentRow(len(rows) + 1, day, Channel.PORTAL, m["pk"],
                                            reference=f"DVC-{month:%Y%m}-{m['pk']:07d}"))  # fmt: skip
        else:
            rows.append(services.PaymentRow(len(rows) + 1, day, Channel.CASH, m["pk"]))
    return rows


def fill_dues(gen) -> None:
    started = time.monotonic()
    rng = random.Random(gen.seed * 7919 + 12)
    root = min(gen.orgs.values(), key=lambda o: o.depth)
    months = MONTHS
    start = add_months(gen.today.replace(day=1), -months)
    members = list(
        Member.objects.filter(status__in=ACTIVE_STATUSES)
        .order_by("pk")
        .values("pk", "birth_date", "admitted_on")
    )
    services.load_bases(root, [_basis(rng, m, start) for m in members])
    _reliefs(gen, rng, members, start)
    rows = 0
    for i in range(months + 1):
        month = add_months(start, i)
        analyze(Member, Organization, DuesBasis, DuesRelief, DuesMonth)
        rows += services.open_month(root, month)[0]
        services.load_payments(root, month, _payments(rng, month, members, gen.today))
    gen.log(f"  đảng phí: {rows:,} dòng sổ thu ({time.monotonic() - started:.1f} giây)")
