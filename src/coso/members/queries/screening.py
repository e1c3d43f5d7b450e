"""Screening flags computed from the data in SQL: what is overdue or soon due (DOMAIN.md §2, §4).

Each `Source` is one kind of flag: a queryset over the whole registry (no per-member loop),
filtered on stored deadlines or on a date cutoff computed once from the rules. Deadlines that
depend on the event date (probation: the rule's months from the ceremony, then its working days for the
vote) are monotonic in that date, so the cutoff on the event date is found by bisection over
the calendar and the filter stays in SQL. Only the rows shown get their exact due date.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Exists, Expression, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.core.dates import format_date as _d
from coso.core.deadlines import probation_ends_on, recognition_vote_due_on, residence_feedback_due
from coso.core.rules import RuleNotFound, rule, value
from coso.members.choices import (
    ACTIVE_STATUSES,
    EventKind,
    MemberStatus,
    StatusKind,
    TransferKind,
    TransferStatus,
)
from coso.members.models import (
    MISSING_FIELDS_Q,
    Member,
    MembershipEvent,
    ResidenceFeedback,
    ResidenceLiaison,
    StatusPeriod,
    Transfer,
)

__all__ = ["Flag", "TodoKind", "sources"]


class TodoKind(models.TextChoices):
    PROBATION = "probation", gettext_lazy("Probation over: recognition vote due")
    MEMBER_RECORD = "member_record", gettext_lazy("Member record (1-HSĐV) to complete")
    TRANSFER_LETTER = "transfer_letter", gettext_lazy("Transfer letter not yet received")
    # the kinds name what is due, not whether it is near: an item's date says "N days
    # overdue" or "N days left" (`Flag.due_text`)
    TEMPORARY_END = "temporary_end", gettext_lazy("End of temporary activity")
    GRADUATE_HOLD = "graduate_hold", gettext_lazy("End of the graduate hold at the school")
    ABROAD_END = "abroad_end", gettext_lazy("Return from abroad due")
    RESIDENCE_FEEDBACK = "residence_feedback", gettext_lazy("Residence cell feedback missing")
    MISSING_FIELDS = "missing_fields", gettext_lazy("Record missing required fields")
    # the admission app's files (`coso.admission.todo`, added through `register_source`)
    ADMISSION = "admission", gettext_lazy("Admission file: next step due")
    # the meetings app's cells (`coso.meetings.todo`, added through `register_source`)
    MEETING_MISSING = "meeting_missing", gettext_lazy("Monthly meeting not recorded")
    MEETING_UNPLANNED = "meeting_unplanned", gettext_lazy("Next monthly meeting not planned")
    THEMATIC_BEHIND = "thematic_behind", gettext_lazy("Thematic meetings behind the quarter")
    # the meetings app's study of Hồ Chí Minh (`coso.meetings.study_todo`)
    STUDY_PLAN_MISSING = "study_plan_missing", gettext_lazy("Study plan for the year missing")
    COMMITMENT_MISSING = "commitment_missing", gettext_lazy("Personal study commitment missing")
    # the meetings app's resolution tasks (`coso.meetings.task_todo`)
    RESOLUTION_TASK = "resolution_task", gettext_lazy("Resolution task due")
    # the discipline app's cases (`coso.discipline.todo`)
    DISCIPLINE_STATE_NOTICE = (
        "discipline_state_notice",
        gettext_lazy("Discipline: the state body's notice due"),
    )
    DISCIPLINE_APPEAL = "discipline_appeal", gettext_lazy("Discipline: appeal period running")
    DISCIPLINE_DEFERRAL = "discipline_deferral", gettext_lazy("Discipline: deferral ends")
    DISCIPLINE_DISSOLUTION = (
        "discipline_dissolution",
        gettext_lazy("Discipline: dissolution to carry out in the tree"),
    )
    # the dues app's arrears (`coso.dues.todo`)
    DUES_ARREARS = "dues_arrears", gettext_lazy("Dues unpaid for months without reason")
    # the inspection app's follow-up actions and feedback (`coso.inspection.todo`)
    INSPECTION_FOLLOW_UP = "inspection_follow_up", gettext_lazy("Inspection follow-up due")
    FEEDBACK_ANSWER = "feedback_answer", gettext_lazy("Feedback to answer")
    # the awards app's party badges (`coso.awards.todo`)
    BADGE_DUE = "badge_due", gettext_lazy("Party badge due: not yet proposed")
    # the evaluation periods' calendar (`coso.evaluation.todo`)
    EVALUATION_CELL_REVIEW = (
        "evaluation_cell_review",
        gettext_lazy("Evaluation: members to review at the cell"),
    )
    EVALUATION_MEMBERS_DECISION = (
        "evaluation_members_decision",
        gettext_lazy("Evaluation: members' grades to decide"),
    )
    EVALUATION_ORGANIZATIONS_DECISION = (
        "evaluation_organizations_decision",
        gettext_lazy("Evaluation: organizations' grades to decide"),
    )
    # the plans app's reports up the tree (`coso.plans.queries.reports`)
    REPORT_DUE = "report_due", gettext_lazy("Periodic report due")


KIND_ORDER = {k: i for i, k in enumerate(TodoKind.values)}


@dataclass
class Flag:
    """One item of the to-do list."""

    kind: str
    member_id: int | None  # None: a candidate's admission file (`url` leads to it)
    member_name: str
    sort_key: str
    organization_id: int
    organization_code: str
    organization_name: str
    due_on: dt.date | None
    detail: str
    today: dt.date
    url: str = ""
    #: the organization's path, and its parent's name (`todo_list` sets it: many cells share
    #: one name)
    organization_path: str = ""
    organization_parent: str = ""

    @property
    def kind_label(self) -> str:
        return str(TodoKind(self.kind).label)

    @property
    def days_overdue(self) -> int | None:
        """Calendar days past the due date (negative: days left); None without a due date."""
        if self.due_on is None:
            return None
        return (self.today - self.due_on).days

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < self.today

    @property
    def due_text(self) -> str:
        """ "Quá hạn N ngày", "Đến hạn hôm nay" or "Còn N ngày" ("" without a due date)."""
        days = self.days_overdue
        if days is None:
            return ""
        if days > 0:
            return _("%(n)d days overdue") % {"n": days}
        if days == 0:
            return _("Due today")
        return _("%(n)d days left") % {"n": -days}

    def sort_tuple(self) -> tuple:
        return (
            self.due_on is None,
            self.due_on or dt.date.max,
            KIND_ORDER[self.kind],
            self.sort_key,
            self.member_id or 0,
        )


def _vote_due(ceremony_on: dt.date) -> dt.date:
    """Last day for the cell's recognition vote, for any record (old ones included)."""
    return recognition_vote_due_on(ceremony_on, earliest_if_older=True)


def _latest_start(due, limit: dt.date, span_days: int = 1500) -> dt.date:
    """The latest event date whose (non-decreasing) `due(date)` is on or before `limit`."""
    lo, hi = limit - dt.timedelta(days=span_days), limit
    if due(lo) > limit:
        return lo - dt.timedelta(days=1)
    while lo < hi:  # invariant: due(lo) <= limit
        mid = lo + dt.timedelta(days=((hi - lo).days + 1) // 2)
        if due(mid) <= limit:
            lo = mid
        else:
            hi = mid - dt.timedelta(days=1)
    return lo


class Source:
    """One kind of flag over one model; `path` is the lookup of the member's organization path."""

    kind: str
    path = "member__organization__path"
    member = "member"  # lookup from the row to the member ("" for Member rows)
    #: the row's field that holds its due date (none: `due` says, or there is none)
    due_field = ""
    #: whether the rows are members' (a member's page lists its items: `member_flags`)
    on_members = True

    @property
    def ordering(self) -> tuple[str, ...]:
        """By due date, then the member's name (a source may name its own order)."""
        sort_key = f"{self.member}__sort_key" if self.member else "sort_key"
        return (self.due_field, sort_key, "id") if self.due_field else (sort_key, "id")

    def __init__(self, today: dt.date, horizon: dt.date):
        self.today, self.horizon = today, horizon

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def queryset_within(self, path: str) -> QuerySet:
        """`queryset()` narrowed to the subtree at `path`. A source whose rows are chosen by a
        subquery over the whole registry narrows that subquery too."""
        return self.queryset().filter(**{f"{self.path}__startswith": path})

    def due(self, row) -> dt.date | None:
        return getattr(row, self.due_field) if self.due_field else None

    def late(self) -> Q | Expression | bool:
        """Which items of `queryset()` are past their date: those `sources(..., overdue=True)`
        lists (the to-do list counts both in one query). A condition on the rows, or True /
        False for all or none of them. By default the due field before today; a source without
        one says, or its items are those of its own queryset on the overdue horizon."""
        if self.due_field:
            return Q(**{f"{self.due_field}__lt": self.today})
        overdue = copy.copy(self)
        overdue.horizon = self.today - dt.timedelta(days=1)
        return Q(pk__in=overdue.queryset().values("pk"))

    def detail(self, row) -> str:
        return ""

    def member_of(self, row) -> Member:
        return getattr(row, self.member) if self.member else row

    def person(self, row) -> tuple[int | None, str, str]:
        """Whom the item names: the member's id (None where the row is no member's), the name
        shown and its sort key."""
        m = self.member_of(row)
        return m.pk, m.full_name, m.sort_key

    def organization_of(self, row):
        """The organization the item is listed under."""
        return self.member_of(row).organization

    def url(self, row) -> str:
        """The page where the item is dealt with."""
        return reverse("member_lifecycle", args=[self.member_of(row).pk])

    def flag(self, row) -> Flag:
        """The row's item: `person`, `organization_of` and `url` say whom, where and the page;
        `due` and `detail` when and what."""
        member_id, name, sort_key = self.person(row)
        org = self.organization_of(row)
        return Flag(
            kind=self.kind,
            member_id=member_id,
            member_name=name,
            sort_key=sort_key,
            organization_id=org.pk,
            organization_code=org.code,
            organization_name=org.name,
            due_on=self.due(row),
            detail=self.detail(row),
            today=self.today,
            url=self.url(row),
            organization_path=org.path,
        )

    def rows(self, qs: QuerySet) -> Iterable:
        related = f"{self.member}__organization" if self.member else "organization"
        return qs.select_related(related).order_by(*self.ordering)


class ProbationSource(Source):
    kind = TodoKind.PROBATION
    path = "organization__path"
    member = ""
    ordering = ("ceremony_on", "sort_key", "id")

    def ceremony(self):
        """The ceremony: the admission app's probation start when it has one, else the first
        ADMITTED event's date (admitted here), else the admission date on the record (paper
        records)."""
        probation = (F("probation__started_on"),) if apps.is_installed("coso.admission") else ()
        first_admitted = Subquery(
            MembershipEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.ADMITTED)
            .order_by("date")
            .values("date")[:1]
        )
        return Coalesce(*probation, first_admitted, F("admitted_on"))

    def due_by(self, horizon: dt.date) -> Q:
        """The probationary members whose vote is due by `horizon`."""
        # the filter states the ceremony's cutoff on each source of the date, so that it reads
        # the partial indexes alone (`member_probationary`, then `event_admitted_member` for
        # each probationary member: the first admission is on or before the cutoff when any
        # admission is); the exact date is computed for the rows shown only
        cutoff = _latest_start(_vote_due, horizon)
        admitted = MembershipEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.ADMITTED)
        due = Exists(admitted.filter(date__lte=cutoff)) | (
            ~Exists(admitted) & Q(admitted_on__lte=cutoff)
        )
        if apps.is_installed("coso.admission"):
            due = Q(probation__started_on__lte=cutoff) | (Q(probation__isnull=True) & due)
        return due

    def queryset(self):
        return Member.objects.filter(self.due_by(self.horizon), status=MemberStatus.PROBATIONARY)

    def late(self):
        return self.due_by(self.today - dt.timedelta(days=1))

    def rows(self, qs):
        # the due members' keys first (from the indexes), then only their records are read
        shown = Member.objects.filter(pk__in=qs.values("pk")).alias(ceremony_on=self.ceremony())
        return super().rows(shown.annotate(ceremony_date=F("ceremony_on")))

    def due(self, row):
        return _vote_due(row.ceremony_date)

    def detail(self, row):
        end = probation_ends_on(row.ceremony_date, earliest_if_older=True)
        try:
            r = rule("recognition_vote_deadline_working_days", end)
        except RuleNotFound:
            r = None
        text = _("Admitted %(c)s; probation ends %(e)s.") % {
            "c": _d(row.ceremony_date),
            "e": _d(end),
        }
        if r:
            text += " " + _("The vote is due within %(n)d working days (%(basis)s).") % {
                "n": r.value,
                "basis": r.legal_basis,
            }
        return text


class MemberRecordSource(Source):
    """The member record (1-HSĐV) not yet completed, from the due date the admission app stores
    on its probation row (read through the reverse relation, as `ProbationSource` does: the
    members app does not import the admission app)."""

    kind = TodoKind.MEMBER_RECORD
    path = "organization__path"
    member = ""
    due_field = "record_due"

    def queryset(self):
        if not apps.is_installed("coso.admission"):
            return Member.objects.none()
        return Member.objects.filter(
            probation__member_record_on__isnull=True,
            probation__member_record_due_on__lte=self.horizon,
            status__in=ACTIVE_STATUSES,
        )

    def rows(self, qs):
        return super().rows(qs.annotate(record_due=F("probation__member_record_due_on")))

    def late(self):
        if not apps.is_installed("coso.admission"):
            return False
        return Q(probation__member_record_due_on__lt=self.today)

    def detail(self, row):
        return _("The member record (1-HSĐV) is due by %(d)s.") % {"d": _d(row.record_due)}


class TransferSource(Source):
    """Flags on transfer letters (shown with where they go)."""

    def rows(self, qs):
        return super().rows(qs).select_related("to_organization")


class TransferLetterSource(TransferSource):
    kind = TodoKind.TRANSFER_LETTER
    due_field = "hand_in_due"

    def queryset(self):
        return Transfer.objects.filter(status=TransferStatus.ISSUED, hand_in_due__lte=self.horizon)

    def detail(self, row):
        return _("Letter %(n)s of %(d)s to %(to)s.") % {
            "n": row.letter_number,
            "d": _d(row.issued_on),
            "to": row.destination,
        }


class TemporaryEndSource(TransferSource):
    kind = TodoKind.TEMPORARY_END
    due_field = "until"

    def queryset(self):
        return Transfer.objects.filter(
            kind=TransferKind.TEMPORARY,
            status=TransferStatus.RECEIVED,
            closed_on__isnull=True,
            until__lte=self.horizon,
        )

    def detail(self, row):
        return _("Temporary activity at %(to)s until %(d)s.") % {
            "to": row.destination,
            "d": _d(row.until),
        }


class StatusPeriodSource(Source):
    """Flags on the open status periods of one kind (`status_kind`) of active members, from
    the day `shown` says."""

    status_kind: str

    def shown(self) -> Q:
        raise NotImplementedError

    def queryset(self):
        return StatusPeriod.objects.filter(
            self.shown(),
            kind=self.status_kind,
            ended_on__isnull=True,
            member__status__in=ACTIVE_STATUSES,
        )


class GraduateHoldSource(StatusPeriodSource):
    kind = TodoKind.GRADUATE_HOLD
    status_kind = StatusKind.GRADUATE_HOLD
    due_field = "due_on"

    def detail(self, row):
        if self.today > row.due_on:
            text = _("Graduated %(g)s: the hold ended on %(d)s; the member must transfer.")
        elif row.second_warning_on and self.today >= row.second_warning_on:
            text = _("Graduated %(g)s: second warning, the hold ends on %(d)s.")
        else:
            text = _("Graduated %(g)s: first warning, the hold ends on %(d)s.")
        return text % {"g": _d(row.valid_from), "d": _d(row.due_on)}

    def shown(self):
        shown = Q(first_warning_on__lte=self.today)
        if self.horizon < self.today:  # only the overdue items: past the hold's end
            shown &= Q(due_on__lte=self.horizon)
        return shown


class AbroadEndSource(StatusPeriodSource):
    kind = TodoKind.ABROAD_END
    status_kind = StatusKind.ABROAD
    due_field = "valid_to"

    def detail(self, row):
        return _("%(purpose)s in %(country)s until %(d)s.") % {
            "purpose": row.get_purpose_display(),
            "country": row.country,
            "d": _d(row.valid_to),
        }

    def shown(self):
        return Q(valid_to__lte=self.horizon)


class ResidenceFeedbackSource(Source):
    kind = TodoKind.RESIDENCE_FEEDBACK

    def __init__(self, today, horizon, year: int):
        super().__init__(today, horizon)
        self.year = year
        self.due_on = residence_feedback_due(year)

    def queryset(self):
        given = ResidenceFeedback.objects.filter(liaison=OuterRef("pk"), year=self.year)
        return ResidenceLiaison.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=self.due_on),
            ~Exists(given),
            exempt_group="",
            introduced_on__lte=self.due_on,
            member__status__in=ACTIVE_STATUSES,
        )

    def rows(self, qs):
        return super().rows(qs).select_related("residence_organization")

    def due(self, row):
        return self.due_on

    def late(self):
        return self.due_on < self.today

    def detail(self, row):
        return _("No feedback for %(y)d from %(cell)s.") % {"y": self.year, "cell": row.cell_name}


#: registry fields every active member's record must have (DOMAIN.md §9)
REQUIRED_FIELDS = (
    "cccd",
    "hometown",
    "permanent_address",
    "current_address",
    "education_general",
    "admitted_on",
)


class MissingFieldsSource(Source):
    kind = TodoKind.MISSING_FIELDS
    path = "organization__path"
    member = ""

    def queryset(self):
        # word for word the condition of the partial index `member_todo_missing`
        return Member.objects.filter(MISSING_FIELDS_Q)

    def late(self):
        return False  # a missing field has no date

    def detail(self, row):
        names = [n for n in REQUIRED_FIELDS if getattr(row, n) in (None, "")]
        if row.status != MemberStatus.PROBATIONARY and row.recognized_on is None:
            names.append("recognized_on")
        labels = [str(Member._meta.get_field(n).verbose_name) for n in names]
        return _("Missing: %(fields)s.") % {"fields": ", ".join(labels)}


#: to-do sources of higher apps (`register_source`; the admission app adds its files)
EXTRA_SOURCES: list[type[Source]] = []


def register_source(cls: type[Source]) -> None:
    """Add a higher app's source of to-do items (called from its AppConfig.ready)."""
    if cls not in EXTRA_SOURCES:
        EXTRA_SOURCES.append(cls)


def sources(
    today: dt.date, kinds: Iterable[str] | None = None, overdue: bool = False
) -> list[Source]:
    """Every flag source for `today` (optionally only some kinds), in display order; with
    `overdue`, only the items whose date has passed (their due date is before today)."""
    if overdue:
        horizon = today - dt.timedelta(days=1)
    else:
        horizon = today + dt.timedelta(days=value("todo_due_soon_days", today))
    wanted = set(kinds) if kinds else set(TodoKind.values)
    out: list[Source] = []
    for cls in (
        ProbationSource,
        MemberRecordSource,
        TransferLetterSource,
        TemporaryEndSource,
        GraduateHoldSource,
        AbroadEndSource,
        *EXTRA_SOURCES,
    ):
        if cls.kind in wanted:
            out.append(cls(today, horizon))
    if TodoKind.RESIDENCE_FEEDBACK in wanted:
        # last year's missing feedback is overdue; this year's shows once its date is near
        for year in (today.year - 1, today.year):
            if residence_feedback_due(year) <= horizon or (year < today.year and not overdue):
                out.append(ResidenceFeedbackSource(today, horizon, year))
    if TodoKind.MISSING_FIELDS in wanted and not overdue:
        # a missing field has no date: never overdue
        out.append(MissingFieldsSource(today, horizon))
    return out
