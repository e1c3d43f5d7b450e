"""p95 of the three reads that must stay fast at national scale (goal ≤ 300 ms each).

    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_national \
        .venv/bin/python bench/national_reads.py [--samples 40]

On a database filled by `bench/national_load.py` (or `coso demo --size national`), for
organizations drawn at random at each level of the tree (a cell, a grassroots organization,
a ward committee, a province, and the whole country), measures in-process, through the same
code the pages and the API use:

- subtree member count: `member_count(org, today)` (official members on a date, from the
  placement log, over the org's whole subtree);
- member list: what the member list page runs for a user whose scope is that organization,
  `MemberFilter` + the page's own `list_page(…, 50, 1)` (the count, which stops at
  `CappedPaginator.cap`, and the first 50 rows in Vietnamese order);
- search: the same list filtered by an accent-insensitive search for a common name
  (count + first 50), through the same `list_page`.

Prints min / median / p95 / max in milliseconds for each read and level.
"""

import random
import statistics
import time

from common import percentile, start

LEVELS = [
    ("cell", "kind = 'cell'"),
    ("grassroots", "kind in ('grassroots_committee', 'grassroots_cell')"),
    ("ward", "kind = 'superior' and depth = 3"),
    ("province", "kind = 'superior' and depth = 2"),
    ("country", "depth = 1"),
]
SEARCHES = ["nguyen van an", "tran thi lan", "le minh", "pham thu ha", "hoang duc"]


def p95(values: list[float]) -> float:
    return percentile(values, 0.95)


def main() -> None:
    args = start("national_reads.py is meant for PostgreSQL", samples=40, seed=1)
    from django.http import QueryDict
    from django.utils import timezone

    from coso.members.filters import MemberFilter
    from coso.members.models import Member, member_count
    from coso.members.queries.listing import list_page
    from coso.orgs.models import Organization

    rng = random.Random(args.seed)
    today = timezone.localdate()
    total = Member.objects.count()
    print(f"{total:,} members, {Organization.objects.count():,} organizations")

    class ScopedUser:
        """A user whose scope is exactly one organization's subtree (no role query)."""

        is_authenticated = True
        is_active = True
        is_superuser = False

        def __init__(self, org):
            # what `scope_paths` caches on a real user with one role on `org`
            self._coso_view_paths = [org.path]
            self._coso_edit_paths = [org.path]
            self._coso_root_paths = roots

    def timed(fn):
        t = time.perf_counter()
        fn()
        return (time.perf_counter() - t) * 1000

    roots = list(Organization.objects.filter(depth=1).values_list("path", flat=True))
    results = []
    for level, where in LEVELS:
        ids = list(Organization.objects.extra(where=[where]).values_list("id", flat=True))
        if not ids:
            continue
        picks = [rng.choice(ids) for _ in range(args.samples if level != "country" else 10)]
        counts, lists, searches = [], [], []
        for pk in picks:
            org = Organization.objects.get(pk=pk)
            user = ScopedUser(org)
            counts.append(timed(lambda org=org: member_count(org, today)))

            def member_list(user=user, params=""):
                qs = Member.objects.visible_to(user).select_related("organization")
                f = MemberFilter(QueryDict(params), queryset=qs)
                f.qs  # noqa: B018 - validates the form, as the page does
                return list_page(f, 50, 1).paginator.count

            lists.append(timed(member_list))
            term = rng.choice(SEARCHES)
            searches.append(timed(lambda user=user, term=term: member_list(user, f"search={term}")))
        for name, values in (("subtree count", counts), ("member list (50)", lists),
                             ("search", searches)):  # fmt: skip
            results.append((level, name, values))
            print(
                f"{level:<10} {name:<17} n={len(values):<3} min {min(values):7.1f}  "
                f"median {statistics.median(values):7.1f}  p95 {p95(values):7.1f}  "
                f"max {max(values):7.1f} ms",
                flush=True,
            )
    worst = max(p95(v) for _lvl, _n, v in results)
    print(f"worst p95 at any level: {worst:.0f} ms (goal <= 300 ms)")


if __name__ == "__main__":
    main()
