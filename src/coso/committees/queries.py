"""The roster's read side: who held a post on a day, the roster on a day, the committee page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coso.orgs.models import Organization

from .choices import Post
from .models import PostHolding, Term

_POST_ORDER = {value: i for i, value in enumerate(Post.values)}


def _in_post_order(holdings) -> list[PostHolding]:
    return sorted(holdings, key=lambda h: (_POST_ORDER[h.post], h.started_on, h.member.sort_key))


def holder_on(organization: Organization, post: str, day: dt.date) -> PostHolding | None:
    """Who held `post` of `organization` on `day` ("who was secretary of X on D"); the
    earliest started if several (deputies, committee members). One query."""
    return (
        PostHolding.objects.filter(term__organization=organization, post=post)
        .on(day)
        .select_related("member", "term")
        .order_by("started_on", "pk")
        .first()
    )


def roster_on(organization: Organization, day: dt.date) -> list[PostHolding]:
    """Every post of `organization` held on `day`, secretary first. One query."""
    holdings = (
        PostHolding.objects.filter(term__organization=organization)
        .on(day)
        .select_related("member", "term", "role_assignment")
    )
    return _in_post_order(holdings)


@dataclass
class CommitteePage:
    terms: list[Term]
    current: list[PostHolding]
    past: list[PostHolding]


def committee_page(organization: Organization, day: dt.date) -> CommitteePage:
    """The terms, the roster on `day` and every holding that ended by then: two queries."""
    terms = list(Term.objects.filter(organization=organization).order_by("-congress_date"))
    holdings = list(
        PostHolding.objects.filter(term__organization=organization).select_related(
            "member", "term", "role_assignment"
        )
    )
    current = [
        h for h in holdings if h.started_on <= day and (h.ended_on is None or h.ended_on > day)
    ]
    past = sorted(
        (h for h in holdings if h.ended_on is not None and h.ended_on <= day),
        key=lambda h: (h.ended_on, h.pk),
        reverse=True,
    )
    return CommitteePage(terms=terms, current=_in_post_order(current), past=past)
