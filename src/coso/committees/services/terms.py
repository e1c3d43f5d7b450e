"""A committee's terms: the congress opens one and closes the one before."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from ..models import PostHolding, Term
from .parts import require_superior_edit
from .posts import close_holding


@transaction.atomic
def open_term(
    organization: Organization,
    *,
    start_year: int,
    end_year: int,
    congress_date: dt.date,
    actor=None,
) -> Term:
    """Open the term the congress of `congress_date` elected; the running term (and every
    post still held in it) ends on that date. Refused: a group (it elects no committee), a
    last year not after the first, a congress outside the term's first year or the one
    before, and a term not after the latest one."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require_superior_edit(actor, org)
    if org.kind == OrgKind.GROUP:
        raise ValidationError(_("A party group elects no committee; it has a group leader."))
    if end_year <= start_year:
        raise ValidationError(
            {
                "end_year": _(
                    "A term's last year (%(end)s) must come after its first year (%(start)s)."
                )
                % {"end": end_year, "start": start_year}
            }
        )
    if congress_date.year not in (start_year - 1, start_year):
        raise ValidationError(
            {
                "congress_date": _(
                    "The congress of the %(start)s–%(end)s term is held in %(start)s or the "
                    "year before, not on %(date)s."
                )
                % {"start": start_year, "end": end_year, "date": format_date(congress_date)}
            }
        )
    latest = (
        Term.objects.select_for_update()
        .filter(organization=org)
        .order_by("-congress_date", "-pk")
        .first()
    )
    if latest is not None:
        _check_after(latest, start_year, congress_date)
        if latest.ended_on is None:
            _close_term(latest, congress_date, actor)
    return Term.objects.create(
        organization=org,
        start_year=start_year,
        end_year=end_year,
        congress_date=congress_date,
    )


def _check_after(latest: Term, start_year: int, congress_date: dt.date) -> None:
    """Terms follow one another: no new term dated on or before the latest one's congress,
    none starting in an earlier year, none overlapping an ended term."""
    if congress_date <= latest.congress_date or start_year < latest.end_year:
        raise ValidationError(
            {
                "congress_date": _(
                    "Terms follow one another: the %(start)s–%(end)s term opened at the congress "
                    "of %(date)s, so a new term must start in %(end)s or later, with a later "
                    "congress."
                )
                % {
                    "start": latest.start_year,
                    "end": latest.end_year,
                    "date": format_date(latest.congress_date),
                }
            }
        )
    if latest.ended_on is not None and latest.ended_on > congress_date:
        raise ValidationError(
            {
                "congress_date": _(
                    "The %(start)s–%(end)s term ran until %(ended)s; a new term cannot open "
                    "before it ended."
                )
                % {
                    "start": latest.start_year,
                    "end": latest.end_year,
                    "ended": format_date(latest.ended_on),
                }
            }
        )


def _close_term(term: Term, day: dt.date, actor) -> None:
    """End `term` on `day` (the next congress) with every post still held in it."""
    holdings = list(
        PostHolding.objects.select_for_update(of=("self",))
        .filter(term=term, ended_on__isnull=True)
        .select_related("role_assignment", "member")
    )
    late = next((h for h in holdings if h.started_on >= day), None)
    if late is not None:
        raise ValidationError(
            {
                "congress_date": _(
                    "%(member)s holds a post of the running term from %(from)s, on or after "
                    "this congress; correct that post first."
                )
                % {"member": late.member.full_name, "from": format_date(late.started_on)}
            }
        )
    reason = _("The term ended at the congress of %(date)s.") % {"date": format_date(day)}
    for holding in holdings:
        close_holding(holding, day, reason, actor)
    term.ended_on = day
    term.save(update_fields=["ended_on"])
