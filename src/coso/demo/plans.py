"""The demo's plan: Plan 74-KH/ĐUK issued by the bloc's committee (`seed_plan_74`), and this
year's and last year's admission quotas split down to the bloc's grassroots organizations in
proportion to their members (largest remainders, so they add up to the bloc's 2,000 exactly),
each through `set_target_share`, the system acting. Called by
`coso.demo.generator.DemoGenerator.run` at every size, after the work the figures count.
"""

from __future__ import annotations

from decimal import Decimal

from coso.members.models.placement import member_counts_by_child
from coso.orgs.choices import GRASSROOTS_KINDS
from coso.orgs.models import Organization
from coso.plans.choices import Measure
from coso.plans.services import seed_plan_74, set_target_share

from . import names as N


def quotas(total: int, weights: dict[int, int]) -> dict[int, int]:
    """`total` split in proportion to `weights` (largest remainders: the parts add up)."""
    whole = sum(weights.values())
    if not whole:
        return {key: 0 for key in weights}
    exact = {key: total * w / whole for key, w in weights.items()}
    parts = {key: int(v) for key, v in exact.items()}
    left = total - sum(parts.values())
    for key in sorted(exact, key=lambda k: (parts[k] - exact[k], k))[:left]:
        parts[key] += 1
    return parts


def fill_plans(gen) -> int:
    """The plan and the quotas; returns how many shares were set."""
    bloc = Organization.objects.filter(code=N.ROOT_CODE).first()
    if bloc is None:
        return 0
    plan = seed_plan_74(bloc)
    target = plan.targets.get(measure=Measure.ADMISSIONS)
    members = member_counts_by_child(bloc, gen.today)
    grassroots = {
        o.pk: o
        for o in Organization.objects.filter(
            path__startswith=bloc.path, depth=bloc.depth + 1, kind__in=GRASSROOTS_KINDS
        ).active()
    }
    split = quotas(int(target.goal_min), {pk: members.get(pk, 0) for pk in grassroots})
    done = 0
    for year in (gen.today.year - 1, gen.today.year):
        if not target.first_year <= year <= target.last_year:
            continue
        for pk, quota in split.items():
            set_target_share(target, grassroots[pk], year=year, goal_min=Decimal(quota))
            done += 1
    gen.log(f"Kế hoạch {plan.number}: {len(split)} tổ chức cơ sở được giao chỉ tiêu kết nạp")
    return done
