"""The year's results as a spreadsheet: a row per child organization and the total."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from coso.core.sheets.writer import write_xlsx

from ..choices import Grade
from .results import GradeTally, ResultLine, Results


def _tally(tally: GradeTally, last: GradeTally) -> list:
    return [tally.graded, *(tally.grades[g] for g in Grade.values), tally.pending,
            tally.percent, last.percent]  # fmt: skip


def _row(line: ResultLine, label: str = "") -> list:
    org = line.organization
    met = "" if line.target is None or line.members.share is None else (
        _("No") if line.below_target else _("Yes"))  # fmt: skip
    return [
        label or org.code, "" if label else org.name,
        *_tally(line.members, line.last_members),
        *_tally(line.organizations, line.last_organizations), met,
    ]  # fmt: skip


def headers(year: int) -> list[str]:
    grades = [str(label) for label in Grade.labels]

    def part(whom: str) -> list[str]:
        return [
            _("%(whom)s graded") % {"whom": whom}, *(f"{whom}: {g}" for g in grades),
            _("%(whom)s not decided yet") % {"whom": whom},
            _("%(whom)s GOOD or better (%%), %(year)d") % {"whom": whom, "year": year},
            _("%(whom)s GOOD or better (%%), %(year)d") % {"whom": whom, "year": year - 1},
        ]  # fmt: skip

    return [_("Organization code"), _("Organization name"), *part(_("Members")),
            *part(_("Organizations")), _("Target met")]  # fmt: skip


def write_results(target: IO[bytes], results: Results) -> int:
    rows = [_row(line) for line in results.lines]
    rows.append(_row(results.total, str(_("Total"))))
    cols = headers(results.year)
    widths = [18, 40, *([12] * (len(cols) - 2))]
    return write_xlsx(target, cols, rows, sheet_name=str(results.year), widths=widths)
