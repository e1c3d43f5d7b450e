"""The member registry: members, where they belonged when (placements) and what happened."""

from __future__ import annotations

import datetime as dt
import json
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.dates import add_months, age_on, date_floor_error
from coso.core.models import optional_ref
from coso.core.person import (
    NAME_FIELDS,
    Person,
    add_contact_errors,
    birth_date_problem,
    cccd_validator,
)
from coso.core.rules import rule_in_force, rule_or_earliest
from coso.core.text import search_words
from coso.core.validators import (
    address_errors,
    text_errors,
)
from coso.members.choices import ACTIVE_STATUSES, MemberStatus, PlacementKind
from coso.members.db import search_index
from coso.members.models.placement import Placement, placement_on_q
from coso.members.privacy import RecordScopedQuerySet, names_q
from coso.orgs.models import Organization, organization_ref

#: free text of the record: stored composed (NFC), refused with invisible characters
MEMBER_TEXT_FIELDS = (
    "family_name", "middle_name", "given_name", "other_names", "ethnicity", "religion",
    "hometown", "permanent_address", "current_address", "education_general",
    "education_professional", "political_theory", "foreign_language", "it_level", "occupation",
    "workplace", "position", "record_number", "admitting_organization", "introducers",
)  # fmt: skip
PROVINCE_FIELDS = ("hometown_province", "permanent_province", "current_province")
#: ward field -> the province field it lies in
WARD_FIELDS = {"permanent_ward": "permanent_province", "current_ward": "current_province"}


class WordsMatch(Func):
    """PostgreSQL: `WordsMatch(column, query)`, whether the beginnings of the column's words
    (`search_index.POSTGRES_FUNCTION`, the expression of its GIN index) match a text search
    query."""

    template = f"{search_index.POSTGRES_FUNCTION}(%(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple'::regconfig, "
    arity = 2
    output_field = BooleanField()


def word_q(word: str, field: str = "search_text") -> Q:
    """Rows whose stored words (`field`, a member's `search_text`, reached through a relation
    as "member__search_text") have one beginning with `word` (one of `search_words`): the
    member search's test of a word, for lists of other rows that search by the member."""
    return Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})


class MemberQuerySet(RecordScopedQuerySet):
    """Members; `visible_to` is the records scope and the user's own record
    (`privacy.RecordScopedQuerySet`), `listed_for` the names scope."""

    scope_path = "organization__path"
    scope_member = "pk"

    #: SQLite FTS5 table of the words of `search_text`, and the triggers that keep
    #: it in step with the member rows; see `search`
    SEARCH_INDEX = search_index.SEARCH_TABLE
    SEARCH_INDEX_OBJECTS = search_index.OBJECTS
    #: (database alias, database name) -> whether it has them; looked up once per database
    search_index_ready: ClassVar[dict[tuple[str, str], bool]] = search_index.READY
    #: PostgreSQL: a list is searched by testing each member (`search_scan`) rather than
    #: through the index when it holds at most this many times as many members as the search
    #: matches in the whole tree, both by the planner's estimates. The index covers the whole
    #: country: for a ward searched for "le minh" (3,500 members, 45,000 matches) it fetches
    #: every match to keep 40, where testing each member costs about a microsecond (a match
    #: from the index about six, and the estimate of matches runs high).
    SCAN_FACTOR = 3

    def listed_for(self, user) -> MemberQuerySet:
        """Members `user` may see listed, name and cell (`privacy.names_q`): those of
        `visible_to`, and the active members where the user's role shows names only."""
        return self.filter(names_q(user))

    def in_subtree(self, org: Organization) -> MemberQuerySet:
        return self.filter(organization__path__startswith=org.path)

    def active(self) -> MemberQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def active_on(self, day: dt.date, org: Organization | None = None) -> MemberQuerySet:
        """Members holding official party activity on `day` (optionally within org's subtree)."""
        placements = Placement.objects.filter(
            placement_on_q(day), member=OuterRef("pk"), kind=PlacementKind.OFFICIAL
        )
        if org is not None:
            placements = placements.filter(organization__path__startswith=org.path)
        return self.filter(Exists(placements))

    def search(self, text: str) -> MemberQuerySet:
        """Accent- and đ-insensitive search on the stored words (`search_text`): every word
        of `text` must begin a word of the member's name, other names, CCCD or card number.

        "nguyen th" finds "Nguyễn Thị Hoa" and "Nguyễn Văn Thắng"; "hoa" finds "Hoa", "Hòa"
        and "Hoàng" but not "Khoa". Words are `core.text.search_words`, the same on both sides.
        PostgreSQL answers from a GIN index of the words' beginnings (`search_index`): a text
        search such as `'nguyen' & 'th' & 'v':*`, unless this list is small beside the search's
        matches in the whole tree (`SCAN_FACTOR`): then each member is tested (`search_scan`).
        Deciding that asks the planner twice (EXPLAIN, nothing is read) as the search is built.
        SQLite tests each word on the column (`search_scan`), on the rows its FTS5 index of the
        words gives for every word as a prefix (`"nguyen"* AND "th"*`) when it has that index
        (so the result is the same with or without it).
        """
        words = search_words(text)
        if not words:
            return self
        if connections[self.db].vendor == "postgresql":
            # words are [a-z0-9]+; a stored beginning is one exact lexeme, others a prefix
            query = " & ".join(
                f"'{w}'" if search_index.is_stored_prefix(w) else f"'{w}':*" for w in words
            )
            matching = WordsMatch(F("search_text"), Value(query))
            matches = Member.objects.filter(matching).estimated_count()
            if self.estimated_count() <= self.SCAN_FACTOR * matches:
                return self.search_scan(text)
            return self.filter(matching)
        qs = self
        if self._has_search_index():
            match = " AND ".join(f'"{w}"*' for w in words)
            table = self.SEARCH_INDEX
            qs = qs.filter(
                pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", (match,))
            )
        return qs.search_scan(text)

    def estimated_count(self) -> int:
        """PostgreSQL: the planner's estimate of the rows (EXPLAIN: planned, not run)."""
        sql, params = self.values_list("pk").query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    def search_scan(self, text: str) -> MemberQuerySet:
        """The same search as `search`, as plain tests on the column that no index serves:
        for a search that matches a large part of the list, where walking the list in order
        and testing each row finds a page's members sooner than fetching every match."""
        qs = self
        for word in search_words(text):
            qs = qs.filter(word_q(word))
        return qs

    def _has_search_index(self) -> bool:
        """Whether the database has the FTS5 index of the words with its triggers. Without
        the triggers (SQLite drops them when a migration rebuilds the member table) the index
        may lag behind the rows, so it is not used."""
        connection = connections[self.db]
        key = (self.db, str(connection.settings_dict["NAME"]))
        ready = self.search_index_ready.get(key)
        if ready is None:
            ready = False
            if connection.vendor == "sqlite":
                # a one-time catalogue lookup on the driver's connection, outside the request's
                # query log (pages run a fixed number of queries)
                connection.ensure_connection()
                (found,) = connection.connection.execute(
                    "SELECT COUNT(*) FROM sqlite_master WHERE name IN (?, ?, ?, ?)",
                    self.SEARCH_INDEX_OBJECTS,
                ).fetchone()
                ready = found == len(self.SEARCH_INDEX_OBJECTS)
            self.search_index_ready[key] = ready
        return ready

    def vn_ordered(self) -> MemberQuerySet:
        return self.order_by("sort_key", "id")


def _checked_birth_date(
    birth: dt.date | None, today: dt.date, errors: dict[str, list]
) -> dt.date | None:
    """The date of birth if it is plausible, else None with its message in `errors`:
    not in the future, not before `EARLIEST_DATE`, and old enough for party membership
    (the rule's youngest admission age, in force today)."""
    if not birth:
        return None
    problem = birth_date_problem(birth, today)
    if problem is None:
        youngest = rule_in_force("admission_min_age_months", today, "birth_date")
        if add_months(birth, youngest.value) > today:
            problem = _(
                "A party member is at least %(years)d years old (%(basis)s); with this date "
                "of birth the member would be younger."
            ) % {"years": youngest.value // 12, "basis": youngest.legal_basis}
    if problem:
        errors.setdefault("birth_date", []).append(problem)
        return None
    return birth


#: an active member whose record lacks a required registry field (DOMAIN.md §9): the to-do
#: list's "missing fields" screening, and the condition of the partial index it reads (a few
#: members among millions; the statuses in a fixed order so the query states the index's
#: condition word for word and PostgreSQL recognizes it)
MISSING_FIELDS_Q = Q(
    Q(cccd__isnull=True)
    | Q(admitted_on__isnull=True)
    | Q(hometown="")
    | Q(permanent_address="")
    | Q(current_address="")
    | Q(education_general="")
    | Q(status__in=[MemberStatus.OFFICIAL, MemberStatus.EXEMPTED], recognized_on__isnull=True),
    status__in=sorted(ACTIVE_STATUSES),
)


class Member(Person):
    """A party member's registry record (DOMAIN.md §9): the person's fields (`Person`: names,
    sex, birth, ethnicity, religion, hometown, current address, phone, education and work) and
    the registry's own."""

    other_names = models.CharField(_("other names"), max_length=200, blank=True)
    cccd = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[cccd_validator],
    )
    hometown_province = models.PositiveSmallIntegerField(
        _("hometown province"), null=True, blank=True
    )
    permanent_province = models.PositiveSmallIntegerField(
        _("permanent address: province"), null=True, blank=True
    )
    permanent_ward = models.PositiveIntegerField(
        _("permanent address: ward"), null=True, blank=True
    )
    permanent_address = models.CharField(_("permanent address"), max_length=255, blank=True)
    current_province = models.PositiveSmallIntegerField(
        _("current address: province"), null=True, blank=True
    )
    current_ward = models.PositiveIntegerField(_("current address: ward"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # education and work
    education_general = models.CharField(_("general education"), max_length=20, blank=True)
    political_theory = models.CharField(_("political theory"), max_length=60, blank=True)
    foreign_language = models.CharField(_("foreign language"), max_length=120, blank=True)
    it_level = models.CharField(_("IT level"), max_length=60, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True)
    # party record
    record_number = models.CharField(_("record number"), max_length=30, blank=True)
    party_card_number = models.CharField(
        _("party card number"), max_length=20, unique=True, null=True, blank=True
    )
    admitted_on = models.DateField(_("admission date"), null=True, blank=True)
    admitting_organization = models.CharField(_("admitting cell"), max_length=255, blank=True)
    introducers = models.CharField(_("introducers"), max_length=255, blank=True)
    recognized_on = models.DateField(_("recognition date"), null=True, blank=True)
    organization = organization_ref("members")
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.OFFICIAL
    )
    # the member's own login, if they have one: they always see their own record in full
    user = optional_ref(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        "member_record",
        _("user account"),
        one_to_one=True,
    )
    # `user` is an account setting, not registry data: no history column (and no index to
    # write on every imported member)
    history = HistoricalRecords(excluded_fields=["sort_key", "search_text", "updated_at", "user"])
    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [
            models.Index(fields=["organization", "sort_key"]),
            models.Index(fields=["status"]),
            # the to-do list's probation screening reads its members from the index alone
            models.Index(
                fields=["organization", "id", "admitted_on"],
                condition=Q(status=MemberStatus.PROBATIONARY),
                name="member_probationary",
            ),
            # the active members of a cell from the index alone (the to-do list's evaluation
            # cells: `coso.evaluation.todo.CellReviewSource`)
            models.Index(
                fields=["organization", "id"],
                condition=Q(
                    status__in=[
                        MemberStatus.EXEMPTED,
                        MemberStatus.OFFICIAL,
                        MemberStatus.PROBATIONARY,
                    ]
                ),
                name="member_active_cell",
            ),
            # the to-do list's "missing fields", in its order
            models.Index(
                fields=["sort_key", "id"], condition=MISSING_FIELDS_Q, name="member_todo_missing"
            ),
        ]

    # -- derived values -------------------------------------------------------------------
    def compute_derived(self) -> None:
        self.derive_names(MEMBER_TEXT_FIELDS, (*NAME_FIELDS, "other_names"))
        self.search_text = " ".join(
            search_words(
                " ".join(
                    (
                        self.full_name,
                        self.other_names,
                        self.cccd or "",
                        self.party_card_number or "",
                    )
                )
            )
        )[:400]
        if self.party_card_number == "":
            self.party_card_number = None

    def clean_fields(self, exclude=None) -> None:
        # province and ward codes are checked against the list of units (`clean`); the
        # column's integer range would only add a second message for the same mistake
        super().clean_fields(exclude={*(exclude or ()), *PROVINCE_FIELDS, *WARD_FIELDS})

    def clean(self) -> None:
        """The record's own rules. Reads only the editable fields, `status` and the dates (the
        importer runs it on plain row values, `coso.imports.planning`)."""
        errors: dict[str, list] = {}
        for key, messages in (
            *text_errors(self, MEMBER_TEXT_FIELDS).items(),
            *address_errors(self, PROVINCE_FIELDS, WARD_FIELDS).items(),
        ):
            errors.setdefault(key, []).extend(messages)
        add_contact_errors(self, errors)
        today = timezone.localdate()
        birth = _checked_birth_date(self.birth_date, today, errors)
        admitted = self.admitted_on
        if admitted:
            problem = date_floor_error(admitted)
            if problem:
                errors.setdefault("admitted_on", []).append(problem)
                admitted = None
        if admitted and birth:
            youngest = rule_or_earliest("admission_min_age_months", admitted)
            if admitted < add_months(birth, youngest.value):
                errors.setdefault("admitted_on", []).append(
                    _("The admission date cannot be before the member's %(years)dth birthday.")
                    % {"years": youngest.value // 12}
                )
        if admitted and admitted > today:
            errors.setdefault("admitted_on", []).append(
                _("The admission date cannot be in the future.")
            )
        recognized = self.recognized_on
        if recognized:
            problem = date_floor_error(recognized)
            if problem:
                errors.setdefault("recognized_on", []).append(problem)
            elif recognized > today:
                errors.setdefault("recognized_on", []).append(
                    _("The recognition date cannot be in the future.")
                )
            elif admitted and recognized < admitted:
                errors.setdefault("recognized_on", []).append(
                    _("The recognition date cannot be before the admission date.")
                )
        if self.party_card_number and self.status == MemberStatus.PROBATIONARY:
            errors.setdefault("party_card_number", []).append(
                _("Only official members hold a party card.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def age(self) -> int:
        return age_on(self.birth_date, timezone.localdate())

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
