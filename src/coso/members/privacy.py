"""Personal data seen only by those who may: whose records a user reads, and how a CCCD or
party card number already in use is refused.

Three levels (`coso.core.scope`): the *names* scope of every role shows the names and cells
of the active members in it; the *records* scope (every role but `NAMES_ONLY_ROLES`, i.e. not a
plain `member`) shows their records; a user linked to a member record (`Member.user`) always
sees that record in full. `Member.objects.visible_to(user)` is the records level (every page,
export and API endpoint that shows personal data starts from it); `listed_for(user)` is the
names level, for the member list, the record page and the API list and detail, which show a
names-only row (`NAME_FIELDS`) for a member whose record the user may not see.

A number already used is refused through `number_in_use`: precisely (who holds it, where) when
the holder lies in the actor's records scope, and otherwise only that the number cannot be used
and whose office to ask (the closest organization above both the actor and the holder), so that
a create form is not an oracle for where a person is (docs/decisions.md).
"""

from __future__ import annotations

from typing import ClassVar

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from coso.accounts.scope import common_superior_path, names_only_paths, scope_paths
from coso.core.db.compiled import CompiledQuery
from coso.core.scope import ScopedQuerySet, covers, scope_q
from coso.members.choices import ACTIVE_STATUSES
from coso.orgs.models import Organization

#: what a user sees of a member whose record they may not read (API: `MemberNameSerializer`)
NAME_FIELDS = ("id", "full_name", "organization")

_UNSET = object()


def member_model():
    """The Member model, looked up by name as a ForeignKey names it: the member querysets
    filter by `record_q` and `names_q`, so the models import this module, not the reverse."""
    return apps.get_model("members", "Member")


def own_record(user) -> tuple[int, str] | None:
    """(pk, organization path) of the member record linked to `user`, or None; one small
    query, cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    cached = getattr(user, "_coso_own_record", _UNSET)
    if cached is _UNSET:
        rows = OWN_RECORD.rows(user_id=user.pk)
        cached = user._coso_own_record = rows[0] if rows else None
    return cached


def _own_record(user_id: int):
    return (
        member_model()
        .objects.filter(user_id=user_id)
        .order_by("pk")
        .values_list("pk", "organization__path")[:1]
    )


#: asked on every signed-in request (the menu): compiled once (core/db/compiled.py)
OWN_RECORD = CompiledQuery(_own_record, user_id=int)


def own_record_q(user, member_lookup: str) -> Q | None:
    """Rows of the user's own member record (`member_lookup`: the lookup to the member's id)
    when it lies outside their records scope; None when there is nothing to add."""
    own = own_record(user)
    if own is None or covers(scope_paths(user, edit=False, records=True), own[1]):
        return None
    return Q(**{member_lookup: own[0]})


def record_q(user) -> Q:
    """Members whose records `user` may read: the records scope, plus the user's own record
    when it lies outside it (`Member.objects.visible_to`)."""
    q = scope_q(user, "organization__path", edit=False, records=True, never_null=True)
    if not q:  # everything
        return q
    own = own_record_q(user, "pk")
    return q if own is None else q | own


class RecordScopedQuerySet(ScopedQuerySet):
    """The scope base of a member's personal records (the member, their letters, statuses,
    placements, events, probation): read in the records scope, plus the user's own record.

    `scope_member` is the lookup from a row to its member's id; the first `scope_path` is the
    member's organization, which every member has.
    """

    scope_path = "member__organization__path"
    scope_records = True
    scope_never_null = True
    scope_member: ClassVar[str] = "member__pk"

    def visible_q(self, user) -> Q:
        q = super().visible_q(user)
        if not q:  # everything
            return q
        own = own_record_q(user, self.scope_member)
        return q if own is None else q | own


def names_q(user) -> Q:
    """Members `user` may see listed (name and cell): those whose records they read, and the
    active members of the names-only part of their scope."""
    q = record_q(user)
    names_only = names_only_paths(user)
    if not names_only:
        return q
    listed = Q(pk__in=[])
    for p in names_only:
        listed |= Q(organization__path__startswith=p)
    return q | (listed & Q(status__in=ACTIVE_STATUSES))


def sees_record(user, member) -> bool:
    """Whether `user` may read `member`'s record (the organization is loaded, or queried)."""
    if member.user_id is not None and user is not None and member.user_id == user.pk:
        return True
    return covers(scope_paths(user, edit=False, records=True), member.organization.path)


def sees_record_at(user, path: str, member_id: int | None = None) -> bool:
    """`sees_record` for a row read as values: its organization's path and its id."""
    if covers(scope_paths(user, edit=False, records=True), path):
        return True
    own = own_record(user)
    return own is not None and member_id == own[0]


def has_names_only_part(user) -> bool:
    """Whether some members the user sees listed are names only (no query)."""
    return bool(names_only_paths(user))


# --- a number already in use ----------------------------------------------------------------


def number_in_use(actor, holder_path: str, precise: str, *, label: str, value: str) -> str:
    """The refusal of a CCCD or party card number already in use (`label`: what the number
    is, `value`: the number as typed), worded by who asks.

    `precise` (who holds it, where) when the holder's organization (`holder_path`) lies in
    the actor's records scope, or when no user asks (the command line, the demo). Otherwise
    only that the number cannot be used and whose office to ask: the closest organization
    above both the actor and the holder, which is above the actor's own and so known to them.
    """
    if actor is None or covers(scope_paths(actor, edit=False, records=True), holder_path):
        return precise
    superior = common_superior_path(actor, holder_path)
    # kept on the user object: an import may refuse thousands of rows under the same superior
    names = actor.__dict__.setdefault("_coso_superior_names", {})
    if superior not in names:
        names[superior] = (
            Organization.objects.filter(path=superior).values_list("name", flat=True).first()
            if superior
            else None
        )
    name = names[superior]
    if name is None:
        return _(
            "The %(label)s %(value)s cannot be used here. If it is right, ask the office of "
            "your superior party committee."
        ) % {"label": label, "value": value}
    return _(
        "The %(label)s %(value)s cannot be used here. If it is right, ask the office of %(org)s."
    ) % {"label": label, "value": value, "org": name}


def cccd_in_use(actor, member, precise: str | None = None) -> str:
    """`number_in_use` for a member holding the CCCD; `precise` defaults to naming them."""
    label = str(member_model()._meta.get_field("cccd").verbose_name)
    if precise is None:
        precise = _(
            "The citizen ID (CCCD) %(cccd)s is already the record of %(name)s (%(org)s)."
        ) % {"cccd": member.cccd, "name": member.full_name, "org": member.organization.name}
    return number_in_use(actor, member.organization.path, precise, label=label, value=member.cccd)


def card_in_use(actor, member) -> str:
    """`number_in_use` for a member holding the party card number."""
    label = str(member_model()._meta.get_field("party_card_number").verbose_name)
    precise = _("The party card number %(card)s is already the record of %(name)s (%(org)s).") % {
        "card": member.party_card_number,
        "name": member.full_name,
        "org": member.organization.name,
    }
    return number_in_use(
        actor, member.organization.path, precise, label=label, value=member.party_card_number
    )


def check_numbers_free(member, actor, *, exclude_pk: int | None = None) -> None:
    """Refuse (ValidationError on the field) a CCCD or party card number another member
    already holds, worded by `number_in_use`. Runs before `full_clean`, whose own uniqueness
    message would name nothing but would not say whom to ask either."""
    from django.core.exceptions import ValidationError

    errors: dict[str, list[str]] = {}
    for field, word in (("cccd", cccd_in_use), ("party_card_number", card_in_use)):
        value = getattr(member, field)
        if not value:
            continue
        holder = (
            member_model()
            .objects.filter(**{field: value})
            .exclude(pk=exclude_pk)
            .select_related("organization")
            .first()
        )
        if holder is not None:
            errors[field] = [word(actor, holder)]
    if errors:
        raise ValidationError(errors)


def clean_member(member, actor) -> None:
    """`member.full_clean()`, with a CCCD or card number already in use refused by
    `check_numbers_free` (worded for `actor`) instead of the model's uniqueness message."""
    from django.core.exceptions import ValidationError

    errors: dict[str, list] = {}
    try:
        check_numbers_free(member, actor, exclude_pk=member.pk)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        member.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
