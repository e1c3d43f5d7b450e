"""The member list's table and filter selects as plain values; their markup is in the
templates (`members/_results.html`: the sortable headers and the rows; `members/member_list.html`
with `members/_options.html`: the selects' options, kept once rendered).

A page of rows is 350 cells: each row is prepared here as a tuple of strings (dates written,
labels looked up once per language, the record link from one `reverse`) so that the template
only writes and escapes them.
"""

from __future__ import annotations

import functools

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from coso.core.dates import format_date
from coso.members.choices import AGE_BANDS, ETHNICITIES, MemberStatus, Sex
from coso.members.filters import STATUS_CHOICES
from coso.members.privacy import sees_record_at

#: the list's sortable columns (their header links toggle between ascending and descending)
SORTABLE = ("name", "birth_date", "admitted_on")

#: the choices of the list's filter selects
FILTER_CHOICES = {
    "status": STATUS_CHOICES,  # the active members first: the list's default
    "sex": Sex.choices,
    "age_band": [(key, label) for key, label, _lo, _hi in AGE_BANDS],
    "ethnicity": [(name, name) for name in ETHNICITIES],
}


def url_pattern(name: str) -> str:
    """`reverse(name, args=[pk])` as a format string, so a page of links costs one reverse."""
    marker = 987654321
    return reverse(name, args=[marker]).replace(str(marker), "{}")


@functools.lru_cache(maxsize=16)
def choice_labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The sex and status labels in `language`, as plain strings."""
    return (
        {value: str(label) for value, label in Sex.choices},
        {value: str(label) for value, label in MemberStatus.choices},
    )


def table_rows(members, user, parents: dict[str, str] | None = None) -> list[tuple[str, ...]]:
    """The list's rows: (record link, full name, date of birth, sex, cell, status, admission
    date, the cell's parent: `parents` by the cell's path, as `orgs.models.parent_names` gives
    them). A member whose record the user may not read shows only the name and the cell."""
    detail = url_pattern("member_detail")
    sexes, statuses = choice_labels(get_language())
    parents = parents or {}
    rows = []
    for m in members:
        org = m.organization__short_name or m.organization__name
        parent = parents.get(m.organization__path, "")
        if sees_record_at(user, m.organization__path, m.pk):
            rows.append(
                (
                    detail.format(m.pk),
                    m.full_name,
                    format_date(m.birth_date),
                    sexes.get(m.sex, m.sex),
                    org,
                    statuses.get(m.status, m.status),
                    format_date(m.admitted_on),
                    parent,
                )
            )
        else:  # the name and the cell only
            rows.append((detail.format(m.pk), m.full_name, "", "", org, "", "", parent))
    return rows


def sort_links(request: HttpRequest, ordering: str) -> dict[str, dict[str, str]]:
    """Each sortable column's header link (the current query with the other direction, back
    to page 1), its aria-sort and its arrow: what `{% querystring %}` would give, for a few
    microseconds instead of an include per column."""
    links = {}
    for key in SORTABLE:
        descending = f"-{key}"
        params = request.GET.copy()
        params["ordering"] = descending if ordering == key else key
        params.pop("page", None)
        state = {key: "ascending", descending: "descending"}.get(ordering, "")
        links[key] = {
            "href": f"?{params.urlencode()}",
            "state": state,
            "arrow": {"ascending": " ▲", "descending": " ▼"}.get(state, ""),
        }
    return links


@functools.lru_cache(maxsize=256)
def filter_options(name: str, language: str | None, selected: str) -> str:
    """The `<option>`s of a filter select with `selected` marked, rendered by
    `members/_options.html`. The same few strings on every request: kept per language and
    selection, so a page does not write the 70 options again."""
    choices = [(str(value), str(label)) for value, label in FILTER_CHOICES[name]]
    return render_to_string("members/_options.html", {"choices": choices, "selected": selected})
