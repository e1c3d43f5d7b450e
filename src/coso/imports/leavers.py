"""Members who left, in the member file (issue 15): a row whose status is that of a member who
left (struck off, expelled, resigned, deceased, transferred out) carries its departure in the
export's last columns: the leaving date, the reason for leaving the party (`LeavingReason`)
and the decision (or letter) number.

Checking a member file, step 3: `check_departures` checks them on every row, each message
naming its column, and a row matching a member who already left must say what the registry
records (`departure_changes`): an import never changes a departure. The planned new member's
`Departure` (`plan.departure`) is written by `copy_register_members` as `register_member`
followed by `remove_member` would (an official placement closed on the leaving date, so the
member counts on the days between admission and leaving and on no other; the "registered"
event and the departure's event, through the one event writer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from coso.core.dates import date_floor_error, format_date
from coso.members.choices import (
    ACTIVE_STATUSES,
    READMISSION_STATUSES,
    REMOVAL_STATUS,
    LeavingReason,
    MemberStatus,
)
from coso.members.models import MembershipEvent

from .columns import DEPARTURE_KEYS, FIELD_INDEX, Errors, at, column_label
from .convert import ConvertedRow
from .existing import E, Matches

#: member ids per query of the recorded departures (below SQLite's parameter limit)
_CHUNK = 900
_NO_DEPARTURE = (None, "", "")
_ADMITTED, _RECOGNIZED = FIELD_INDEX["admitted_on"], FIELD_INDEX["recognized_on"]


def _status_label(status: str) -> str:
    return str(MemberStatus(status).label)


def departure_errors(row: ConvertedRow, today: dt.date) -> list[str]:
    """The problems of a row's departure, each naming its column: a member who left needs
    the leaving date (not in the future, not before admission or recognition) and, unless
    deceased, the decision number (as `remove_member`); a reason goes only with the statuses
    re-admission reads it for; an active member has no departure."""
    unreadable = row.unreadable or ()
    if "status" in unreadable:
        return []  # the status cell's own message says it; nothing to check against
    status = row.status or MemberStatus.OFFICIAL
    left_on, reason, document = row.departure or _NO_DEPARTURE
    if status in ACTIVE_STATUSES:
        given = [k for k, v in zip(DEPARTURE_KEYS, (left_on, reason, document), strict=True) if v]
        if not given:
            return []
        return [
            f"{', '.join(column_label(k) for k in given)}: "
            + _("Only a member who has left has a departure; the status is %(status)s.")
            % {"status": _status_label(status)}
        ]
    required = _("Required for a member whose status is %(status)s.") % {
        "status": _status_label(status)
    }
    problems = []
    if left_on is None:
        if "left_on" not in unreadable:
            problems.append(at("left_on", required))
    else:
        problems.extend(at("left_on", p) for p in _date_problems(row, left_on, today))
    if not document and status != MemberStatus.DECEASED:
        problems.append(at("leaving_document", required))
    if reason and status not in READMISSION_STATUSES:
        problems.append(
            at(
                "leaving_reason",
                _(
                    "A reason for leaving the party goes with %(statuses)s only, not with %(status)s."
                )
                % {
                    "statuses": ", ".join(
                        _status_label(s) for s in MemberStatus.values if s in READMISSION_STATUSES
                    ),
                    "status": _status_label(status),
                },
            )
        )
    return problems


def _date_problems(row: ConvertedRow, left_on: dt.date, today: dt.date) -> list[str]:
    floor = date_floor_error(left_on)
    if floor:
        return [floor]
    if left_on > today:
        return [_("The leaving date cannot be in the future.")]
    admitted, recognized = row.record[_ADMITTED], row.record[_RECOGNIZED]
    if admitted is not None and left_on < admitted:
        return [
            _("The leaving date cannot be before the admission date (%(date)s).")
            % {"date": format_date(admitted)}
        ]
    if recognized is not None and left_on < recognized:
        return [
            _("The leaving date cannot be before the recognition date (%(date)s).")
            % {"date": format_date(recognized)}
        ]
    return []


def recorded_departures(member_ids: Iterable[int]) -> dict[int, tuple]:
    """{member id: (date, reason, document number)} of each member's last removal event (the
    departure `remove_member` recorded, as the export shows it): one query per 900 members."""
    ids = sorted(set(member_ids))
    found: dict[int, tuple] = {}
    for start in range(0, len(ids), _CHUNK):
        events = (
            MembershipEvent.objects.filter(
                member_id__in=ids[start : start + _CHUNK], kind__in=list(REMOVAL_STATUS)
            )
            .order_by("member_id", "date", "id")
            .values_list("member_id", "date", "reason", "document_number")
        )
        for member_id, *values in events:
            found[member_id] = tuple(values)  # the last one wins
    return found


def _shown(key: str, value) -> str:
    if key == "left_on":
        return format_date(value)
    if key == "leaving_reason":
        return str(LeavingReason(value).label)
    return str(value)


def departure_changes(
    row: ConvertedRow, member_id: int, recorded: dict[int, tuple], present: set[str]
) -> list[str]:
    """A row matching a member who has left (`recorded`: `recorded_departures` of the matched
    members who left) must give the departure the registry records, in the columns the file
    has: the import does not change a departure. One message per column that differs."""
    if not row.status or row.status in ACTIVE_STATUSES:
        return []
    mine = row.departure or _NO_DEPARTURE
    theirs = recorded.get(member_id, _NO_DEPARTURE)
    problems = []
    for key, new, old in zip(DEPARTURE_KEYS, mine, theirs, strict=True):
        if key not in present or (new or None) == (old or None):
            continue
        if old:
            message = _(
                "The registry records %(value)s; an import does not change a departure."
            ) % {"value": _shown(key, old)}
        else:
            message = _("The registry records none; an import does not change a departure.")
        problems.append(at(key, message))
    return problems


def check_departures(
    rows: Sequence[ConvertedRow], today: dt.date, present: set[str], matches: Matches
) -> tuple[Errors, Errors]:
    """`departure_errors` on every row, and `departure_changes` on the rows matching a member
    (`matches.updates`) against the departures the registry records of the members read who
    have left (`matches.left_ids`, one query per 900). Returns both, by row index."""
    problems: Errors = {}
    for i, row in enumerate(rows):
        found = departure_errors(row, today)
        if found:
            problems[i] = found
    recorded = recorded_departures(matches.left_ids)
    changes: Errors = {}
    for i, update in matches.updates.items():
        found = departure_changes(rows[i], update.existing[E["id"]], recorded, present)
        if found:
            changes[i] = found
    return problems, changes
