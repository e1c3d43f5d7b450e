"""The calendar's long lists drawn by escaped string formatting: the year's meetings, the cells
under an organization with their counts, the members absent without a reason. Through the
template engine (a loop, a few lookups and an `if` a line) a grassroots organization's fifty
cells, its meetings and its absentees were about a third of the page's time (as the grading
page's and the dues summary's lines were: `evaluation.views.rows`). Every name, topic and label
is escaped; the markup is the template's as it was."""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .choices import MeetingKind, MeetingStatus

#: the characters `reverse` leaves as they are in a path's argument
URL_SAFE = "!$&'()*+,;=~:@"


def _safe(lines: list[str]) -> SafeString:
    return mark_safe("".join(lines))  # noqa: S308 (each part escaped where it is made)


def meeting_lines(meetings) -> SafeString:
    """The year's meetings (rows of `views.CALENDAR_FIELDS`): the link (the detail's path with
    the id), what and when, the topic, the state."""
    prefix = reverse("meeting_detail", args=[0]).removesuffix("0/")
    part, voters = _("thematic part"), _("%(p)s of %(b)s voters present")
    kinds = {k: str(k.label) for k in MeetingKind}
    states = {s: str(s.label) for s in MeetingStatus}
    lines = []
    for m in meetings:
        title = f"{m['date']:%d/%m/%Y} · {kinds[m['kind']]}"
        if m["with_thematic"]:
            title += f" + {part}"
        state = states[m["status"]]
        if m["vote_base"] is not None:
            state += " · " + voters % {"p": m["voters_present"], "b": m["vote_base"]}
        topic = f"\n    <div>{escape(m['topic'])}</div>" if m["topic"] else ""
        lines.append(
            f'  <li class="list-group-item">\n'
            f'    <a class="d-block fw-semibold py-1" href="{prefix}{m["pk"]}/">{escape(title)}</a>'
            f"{topic}\n"
            f'    <div class="small text-secondary">{escape(state)}</div>\n'
            f"  </li>\n"
        )
    return _safe(lines)


def cell_lines(cells, year: int, thematic_min: int) -> SafeString:
    """The cells under an organization (`calendar_queries.CellCounts`): the
    link to each one's calendar of the year, its name, the year's counts, in red when short of
    the thematic minimum."""
    label = _("%(r)s monthly, %(t)s thematic, %(o)s other")
    head, _zero, tail = reverse("meeting_calendar", args=["0"]).rpartition("/0/")
    lines = []
    for c in cells:
        href = f"{head}/{quote(c.code, safe=URL_SAFE)}/{tail}?year={year}"
        css = "text-danger" if c.thematic < thematic_min else "text-secondary"
        counts = label % {"r": c.regular, "t": c.thematic, "o": c.other}
        lines.append(
            f'    <li class="list-group-item">\n'
            f'      <a class="d-block fw-semibold py-1" href="{escape(href)}">{escape(c.name)}</a>\n'
            f'      <div class="small {css}">{escape(counts)}</div>\n'
            f"    </li>\n"
        )
    return _safe(lines)


def absence_lines(absences) -> SafeString:
    """The members absent without a reason from the rule's number of monthly meetings or more
    (`calendar_queries.repeated_absences`): the name, the organization and the dates."""
    return _safe(
        [
            f'    <li class="list-group-item">\n'
            f'      <div class="fw-semibold">{escape(a.full_name)}</div>\n'
            f'      <div class="small">{escape(a.organization_name)} · {a.days}</div>\n'
            f"    </li>\n"
            for a in absences
        ]
    )
