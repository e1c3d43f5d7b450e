"""The rules a case's steps enforce, each refusal naming its rule and legal basis: the penalties
by kind of subject, the votes, the competent level and the limitation periods (QĐ 69-QĐ/TW,
Điều lệ Đảng). Numbers and lists come from `coso.core.rules` on the step's date."""

from __future__ import annotations

import datetime as dt
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.committees.models import PostHolding
from coso.core.dates import add_years
from coso.core.dates import format_date as _d
from coso.core.rules import rule_in_force
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from ..choices import Penalty, SubjectKind
from ..models import DisciplineCase


def _label(penalty: str) -> str:
    return str(Penalty(penalty).label) if penalty in Penalty.values else penalty


def _labels(penalties) -> str:
    return ", ".join(_label(p) for p in penalties)


def holds_office(case: DisciplineCase, day: dt.date) -> bool:
    """Whether the member holds an office on ``day``: a post in a committee (the registry) or
    one the case records (a state or mass-organization post)."""
    if case.holds_office:
        return True
    return PostHolding.objects.on(day).filter(member_id=case.member_id).exists()


def check_penalty_allowed(case: DisciplineCase, penalty: str, day: dt.date, field: str) -> str:
    """The penalties the subject's kind may be given (dismissal only for an office holder);
    returns the rule's legal basis."""
    rule = rule_in_force("discipline_penalties", day, field)
    allowed = rule.value[case.subject_kind]
    if penalty not in allowed:
        raise ValidationError(
            {
                field: _(
                    "%(penalty)s cannot be given to %(subject)s: the penalties for %(subject)s "
                    "are %(allowed)s (%(basis)s)."
                )
                % {
                    "penalty": _label(penalty),
                    "subject": SubjectKind(case.subject_kind).label.lower(),
                    "allowed": _labels(allowed),
                    "basis": rule.legal_basis,
                }
            }
        )
    office_only = rule_in_force("discipline_office_only_penalties", day, field)
    if penalty in office_only.value and not holds_office(case, day):
        raise ValidationError(
            {
                field: _(
                    "%(penalty)s is only for a member who holds an office; %(name)s holds "
                    "none on %(date)s (%(basis)s)."
                )
                % {
                    "penalty": _label(penalty),
                    "name": case.subject_name,
                    "date": _d(day),
                    "basis": office_only.legal_basis,
                }
            }
        )
    return rule.legal_basis


def limitation_ends_on(case: DisciplineCase, penalty: str, day: dt.date) -> dt.date | None:
    """The last day of the limitation period for ``penalty`` (None: no limitation, for the
    expulsion level and the listed offences), by the rules in force on ``day``."""
    if penalty in rule_in_force("discipline_expulsion_level", day).value:
        return None
    if case.offence in rule_in_force("discipline_unlimited_offences", day).value:
        return None
    years = rule_in_force("discipline_limitation_years", day).value.get(penalty)
    if years is None:
        return None
    return add_years(case.breach_on, years)


def check_limitation(case: DisciplineCase, penalty: str, day: dt.date, field: str) -> None:
    """Refuse a penalty whose limitation period, counted from the breach, has passed by
    ``day`` (the day the case was opened)."""
    ends = limitation_ends_on(case, penalty, day)
    if ends is not None and day > ends:
        rule = rule_in_force("discipline_limitation_years", day)
        raise ValidationError(
            {
                field: _(
                    "The limitation period for %(penalty)s has passed: the breach of %(breach)s "
                    "can be disciplined at that level only until %(ends)s (%(years)d years, "
                    "%(basis)s)."
                )
                % {
                    "penalty": _label(penalty).lower(),
                    "breach": _d(case.breach_on),
                    "ends": _d(ends),
                    "years": rule.value[penalty],
                    "basis": rule.legal_basis,
                }
            }
        )


def check_vote(penalty: str, *, votes_for: int, vote_base: int, day: dt.date) -> str:
    """Reprimand, warning or dismissal need MORE than half of all official members (the vote
    base, not those present); proposing expulsion (or dissolution) at least two thirds.
    Returns the rule's legal basis."""
    expulsion = penalty in rule_in_force("discipline_expulsion_level", day).value
    rule = rule_in_force("expulsion_vote_ratio" if expulsion else "discipline_vote_ratio", day)
    ratio = rule.value
    if expulsion:
        passes = votes_for * ratio.denominator >= ratio.numerator * vote_base
        needed = math.ceil(ratio * vote_base)
        share = _("at least %(ratio)s")
    else:
        passes = votes_for * ratio.denominator > ratio.numerator * vote_base
        needed = math.floor(ratio * vote_base) + 1
        share = _("more than %(ratio)s")
    if not passes:
        raise ValidationError(
            {
                "votes_for": _(
                    "The vote on %(penalty)s does not pass: %(for)d of %(base)d official members "
                    "voted for it; it needs %(share)s of all official members, not only of those "
                    "present (%(needed)d) (%(basis)s)."
                )
                % {
                    "penalty": _label(penalty).lower(),
                    "for": votes_for,
                    "base": vote_base,
                    "share": share % {"ratio": f"{ratio.numerator}/{ratio.denominator}"},
                    "needed": needed,
                    "basis": rule.legal_basis,
                }
            }
        )
    return rule.legal_basis


def check_competence(
    case: DisciplineCase, org: Organization, penalty: str, day: dt.date, field: str
) -> str:
    """The deciding organization must be the case's (or one above it: an organization is
    disciplined by one above it) and competent for the penalty by the rule's table; a cell
    decides only for its own members. Returns the rule's legal basis."""
    rule = rule_in_force("discipline_competence", day, field)
    handling = case.organization
    subject_org = case.subject_organization
    above = org.path != handling.path and handling.path.startswith(org.path)
    own = org.pk == handling.pk
    if subject_org is not None:
        placed = subject_org.path.startswith(org.path) and org.pk != subject_org.pk
    else:
        placed = own or above
    if org.kind in CELL_KINDS and not own:
        placed = False
    allowed = rule.value.get(org.kind, {}).get(case.subject_kind, ())
    if not placed or penalty not in allowed:
        raise ValidationError(
            {
                field: _(
                    "%(org)s is not competent to decide %(penalty)s for %(subject)s: it may "
                    "decide %(allowed)s for its own members or organizations below it; a "
                    "heavier penalty or another case is proposed upward (%(basis)s)."
                )
                % {
                    "org": org.name,
                    "penalty": _label(penalty).lower(),
                    "subject": case.subject_name,
                    "allowed": _labels(allowed) or "—",
                    "basis": rule.legal_basis,
                }
            }
        )
    return rule.legal_basis


def check_offence(offence: str, day: dt.date) -> None:
    rule = rule_in_force("discipline_offences", day, "offence")
    if offence not in rule.value:
        raise ValidationError({"offence": _("Choose the offence from the list.")})
