"""Candidates for admission, their steps, who may decide admissions, and probations.

A `Candidate` belongs to a cell and moves through the steps of the rule `admission_steps`;
each completed step is an `AdmissionStep` row (date, document, attachment, who). The candidate
keeps its last step and the deadline of the next one (`due_on`) so the pipeline board counts
and flags in SQL. The ceremony turns the candidate into a probationary `Member`; the member's
`Probation` holds the new-member course and the recognition vote (or the strike-off).

Workflow fields change only through `coso.admission.services`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.db.functions import YearOf
from coso.core.models import Recorded, optional_ref, running_on
from coso.core.person import (
    NAME_FIELDS,
    Person,
    add_contact_errors,
    birth_date_problem,
    cccd_validator,
)
from coso.core.scope import ScopedQuerySet, scope_q
from coso.core.text import fold
from coso.core.validators import text_errors
from coso.members.choices import EventKind, MemberStatus
from coso.members.models import Member, MembershipEvent
from coso.members.privacy import RecordScopedQuerySet
from coso.orgs.choices import GRASSROOTS_KINDS, OrgKind
from coso.orgs.models import Organization, organization_ref

from .choices import (
    CandidateSource,
    CandidateStatus,
    Education,
    ProbationOutcome,
    Step,
)

#: free text of the candidate: stored composed (NFC), refused with invisible characters
CANDIDATE_TEXT_FIELDS = (
    "family_name", "middle_name", "given_name", "ethnicity", "religion", "hometown",
    "current_address", "education_professional", "occupation", "workplace", "note",
)  # fmt: skip

#: the steps in board order (equal to the rule `admission_steps`; a test checks it)
STEPS: list[str] = list(Step.values)

ATTACHMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "odt"]
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def next_step_after(step: str) -> str | None:
    """The step that follows ``step`` ('' = none done yet); None after the last one."""
    if not step:
        return STEPS[0]
    i = STEPS.index(step)
    return STEPS[i + 1] if i + 1 < len(STEPS) else None


def step_before(step: str) -> str:
    """The step done just before ``step`` ('' for the first one)."""
    i = STEPS.index(step)
    return STEPS[i - 1] if i else ""


def attachment_field(upload_to: str) -> models.FileField:
    """The optional scanned document of a step or a probation (the extensions allowed)."""
    return models.FileField(
        _("attached file"),
        upload_to=upload_to,
        blank=True,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)],
    )


class CandidateQuerySet(ScopedQuerySet):
    # candidates are personal records: not for a plain member's names-only role
    scope_path = "cell__path"
    scope_records = True

    def in_subtree(self, org: Organization) -> CandidateQuerySet:
        return self.filter(cell__path__startswith=org.path)

    def in_progress(self) -> CandidateQuerySet:
        return self.filter(status=CandidateStatus.IN_PROGRESS)

    def at_step(self, step: str) -> CandidateQuerySet:
        """Candidates in progress whose next step is ``step``."""
        return self.in_progress().filter(step=step_before(step))

    def overdue(self, day: dt.date | None = None) -> CandidateQuerySet:
        """Candidates in progress whose next step is past its deadline."""
        day = day or timezone.localdate()
        return self.in_progress().filter(due_on__lt=day)

    def search(self, text: str) -> CandidateQuerySet:
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def vn_ordered(self) -> CandidateQuerySet:
        return self.order_by("sort_key", "id")

    def step_counts(self, day: dt.date | None = None) -> dict[int, dict[str, dict[str, int]]]:
        """{cell id: {next step: {"count": n, "overdue": m}}} for candidates in progress: one query."""
        day = day or timezone.localdate()
        rows = (
            self.in_progress()
            .values("cell_id", "step")
            .annotate(n=Count("id"), late=Count("id", filter=Q(due_on__lt=day)))
            .order_by()
        )
        out: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
        for r in rows:
            nxt = next_step_after(r["step"])
            if nxt is None:  # a finished pipeline that is still "in progress": not on the board
                continue
            out[r["cell_id"]][nxt] = {"count": r["n"], "overdue": r["late"]}
        return dict(out)


class Candidate(Person):
    """A person on the way to admission in a cell (quần chúng ưu tú / đối tượng kết nạp): the
    person's fields (`Person`) and the pipeline's."""

    # organizations are dissolved, never deleted; CASCADE only lets a whole demo or test
    # database be wiped
    cell = organization_ref("candidates", _("cell"), on_delete=models.CASCADE)
    cccd = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        null=True,
        blank=True,
        validators=[cccd_validator],
    )
    education_general = models.CharField(
        _("general education"), max_length=20, choices=Education.choices
    )
    source = models.CharField(_("source"), max_length=16, choices=CandidateSource.choices)
    follower = optional_ref(
        Member, models.SET_NULL, "followed_candidates", _("member assigned to help")
    )
    note = models.TextField(_("note"), blank=True)
    # workflow (services only)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CandidateStatus.choices,
        default=CandidateStatus.IN_PROGRESS,
    )
    step = models.CharField(_("last step done"), max_length=20, choices=Step.choices, blank=True)
    step_on = models.DateField(_("date of the last step"), null=True, blank=True)
    due_on = models.DateField(_("deadline of the next step"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    member = optional_ref(Member, models.SET_NULL, "candidate", _("member record"), one_to_one=True)

    #: the registry record of a former member (struck off, expelled, resigned) whose CCCD the
    #: candidate carries: set by `create_candidate` / `update_candidate`; the cell resolution
    #: checks the re-admission rules and the ceremony re-admits that record (DOMAIN.md §18)
    former_member = optional_ref(
        Member, models.SET_NULL, "readmission_candidates", _("former member record")
    )

    history = HistoricalRecords(excluded_fields=["sort_key", "search_text", "updated_at"])
    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        indexes = [
            models.Index(fields=["cell", "status", "step"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def compute_derived(self) -> None:
        self.derive_names(CANDIDATE_TEXT_FIELDS, NAME_FIELDS)
        self.search_text = " ".join(p for p in (fold(self.full_name), self.cccd or "") if p)[:400]

    def clean(self) -> None:
        """The candidate's own values: text, phone and a plausible date of birth (the age
        for admission is checked at the cell's resolution, on its date)."""
        errors = text_errors(self, CANDIDATE_TEXT_FIELDS)
        add_contact_errors(self, errors)
        problem = birth_date_problem(self.birth_date, timezone.localdate())
        if problem:
            errors.setdefault("birth_date", []).append(problem)
        if errors:
            raise ValidationError(errors)

    @property
    def next_step(self) -> str | None:
        if self.status != CandidateStatus.IN_PROGRESS:
            return None
        return next_step_after(self.step)

    @property
    def next_step_label(self) -> str:
        step = self.next_step
        return Step(step).label if step else ""

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == CandidateStatus.IN_PROGRESS
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    @property
    def deadline_label(self) -> str:
        """What ``due_on`` is, as people read it (it depends on the next step)."""
        step = self.next_step
        if step is None or self.due_on is None:
            return ""
        late = self.is_overdue
        if step == Step.DECISION:
            return str(_("Decision overdue since") if late else _("Decision due by"))
        if step == Step.CEREMONY:
            return str(_("Ceremony overdue since") if late else _("Ceremony due by"))
        return str(_("Certificate expired on") if late else _("Certificate valid until"))

    @property
    def steps_done(self) -> int:
        return STEPS.index(self.step) + 1 if self.step else 0


class AdmissionStepQuerySet(ScopedQuerySet):
    """A candidate's record: scoped by the candidate's cell, as the candidate is."""

    scope_path = "candidate__cell__path"
    scope_records = True


class AdmissionStep(Recorded):
    """One completed step of a candidate's admission, with its document and who entered it.

    ``date`` is the step's own date: the certificate's date, the letter's, the resolution's, the
    decision's, the ceremony's. Columns used by one step only are empty for the others.
    """

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="steps", verbose_name=_("candidate")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    date = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    attachment = attachment_field("admission/%Y/%m/")
    note = models.TextField(_("note"), blank=True)
    # introduction
    introducer_1 = optional_ref(Member, models.SET_NULL, "+")
    introducer_1_known_since = models.DateField(null=True, blank=True)
    introducer_2 = optional_ref(Member, models.SET_NULL, "+")
    introducer_2_known_since = models.DateField(null=True, blank=True)
    youth_union_committee = models.BooleanField(
        _("introduced by the Youth Union committee"), default=False
    )
    #: the introducers as the record writes them (kept if a member record changes later)
    introducer_names = models.CharField(_("introducers"), max_length=255, blank=True)
    # comments
    residence_comment_on = models.DateField(
        _("date of the residence cell's comment"), null=True, blank=True
    )
    # cell resolution
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    official_count = models.PositiveSmallIntegerField(
        _("official members of the cell"), null=True, blank=True
    )
    # decision
    deciding_organization = optional_ref(
        Organization, models.CASCADE, "+", _("deciding organization")
    )
    received_on = models.DateField(_("received by the cell on"), null=True, blank=True)
    # deadline this step had to meet, and whether it was late (a flag, not a refusal)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    objects = AdmissionStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("admission step")
        verbose_name_plural = _("admission steps")
        ordering = ["candidate_id", "date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "step"], name="admission_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.date:%d/%m/%Y}"


class AdmissionAuthorityQuerySet(ScopedQuerySet):
    """A delegation is a fact of the tree, seen in the names scope, as organizations are."""

    scope_path = "organization__path"

    def in_force(self, day: dt.date) -> AdmissionAuthorityQuerySet:
        return self.filter(running_on(day, "valid_from", "valid_to"))


class AdmissionAuthority(Recorded):
    """A delegation of the power to decide admissions to a grassroots committee.

    By default the superior committee above a grassroots organization decides its admissions;
    where the superior delegates it (a decision with a number), a row here with ``may_decide``
    lets the grassroots committee decide for the cells of its subtree from ``valid_from``
    (``valid_to`` exclusive). A row with ``may_decide`` False records a withdrawal.
    """

    organization = organization_ref("admission_authorities", on_delete=models.CASCADE)
    may_decide = models.BooleanField(_("may decide admissions"), default=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True, help_text=_("exclusive"))
    decision_number = models.CharField(_("decision number"), max_length=64)
    note = models.TextField(_("note"), blank=True)

    objects = AdmissionAuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("admission authority")
        verbose_name_plural = _("admission authorities")
        ordering = ["organization_id", "valid_from"]

    def __str__(self) -> str:
        return f"{self.organization} ({self.decision_number})"


def ancestors_of(org: Organization) -> list[Organization]:
    """The organization's ancestors and itself, root first (one query)."""
    step = Organization.steplen
    paths = [org.path[: step * i] for i in range(1, org.depth + 1)]
    return list(Organization.objects.filter(path__in=paths).order_by("depth"))


def competent_organizations(cell: Organization, day: dt.date) -> list[Organization]:
    """Who may decide the admissions of ``cell`` on ``day`` (two queries).

    The nearest superior committee above it, and the grassroots committee above it when a
    delegation (`AdmissionAuthority`) is in force on that day.
    """
    chain = ancestors_of(cell)
    competent: list[Organization] = []
    superior = next((o for o in reversed(chain) if o.kind == OrgKind.SUPERIOR), None)
    if superior is not None:
        competent.append(superior)
    grassroots = [o for o in chain if o.kind == OrgKind.GRASSROOTS_COMMITTEE]
    if grassroots:
        latest = {}
        for a in (
            AdmissionAuthority.objects.in_force(day)
            .filter(organization__in=grassroots)
            .order_by("valid_from", "id")
        ):
            latest[a.organization_id] = a.may_decide
        competent.extend(o for o in grassroots if latest.get(o.pk))
    return competent


class ProbationQuerySet(RecordScopedQuerySet):
    """A member's record (`RecordScopedQuerySet`)."""


class Probation(Recorded):
    """A probationary member's twelve months and how they ended.

    Written by the ceremony for members admitted here; for members entered as probationary
    some other way (paper records, demo), written when the course or the outcome is recorded,
    starting from their admission event.
    """

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="probation", verbose_name=_("member")
    )
    started_on = models.DateField(_("probation from (ceremony)"))
    ends_on = models.DateField(_("probation ends on"))
    vote_due_on = models.DateField(_("recognition vote due by"))
    course_on = models.DateField(_("new-member course completed on"), null=True, blank=True)
    course_certificate_number = models.CharField(
        _("new-member course certificate number"), max_length=64, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ProbationOutcome.choices, blank=True
    )
    vote_date = models.DateField(_("date of the cell's vote"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    official_count = models.PositiveSmallIntegerField(
        _("official members of the cell"), null=True, blank=True
    )
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    attachment = attachment_field("probation/%Y/%m/")
    late = models.BooleanField(_("vote held late"), default=False)
    # the member record (lý lịch đảng viên, mẫu 1-HSĐV), due N working days after the ceremony
    member_record_due_on = models.DateField(
        _("member record (1-HSĐV) due by"), null=True, blank=True
    )
    member_record_on = models.DateField(
        _("member record (1-HSĐV) completed on"), null=True, blank=True
    )
    member_record_note = models.TextField(_("member record note"), blank=True)
    member_record_actor = optional_ref(
        settings.AUTH_USER_MODEL, models.SET_NULL, "+", _("member record entered by")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProbationQuerySet.as_manager()

    class Meta:
        verbose_name = _("probation")
        verbose_name_plural = _("probations")
        indexes = [
            # the to-do list's member records still to complete, by due date
            models.Index(
                fields=["member_record_due_on"],
                condition=Q(member_record_on__isnull=True),
                name="probation_record_open",
            ),
        ]


def with_probation_start(members: models.QuerySet) -> models.QuerySet:
    """Annotate members with ``probation_start`` (the ceremony) and ``course_on``, in SQL.

    The ceremony is the Probation row's when there is one, else the date of the member's
    admission event (the ceremony, for members admitted through coso), else the admission date.
    """
    # MIN, not ORDER BY … LIMIT 1: SQLite then walks the member's events (member index), not
    # every admission in the registry (kind, date index)
    admitted = (
        MembershipEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.ADMITTED)
        .order_by()
        .values("member")
        .annotate(first=Min("date"))
        .values("first")
    )
    return members.annotate(
        probation_start=Coalesce(F("probation__started_on"), Subquery(admitted), F("admitted_on")),
        course_on=F("probation__course_on"),
        vote_date=F("probation__vote_date"),
        vote_late=F("probation__late"),
        stored_vote_due_on=F("probation__vote_due_on"),
        member_record_on=F("probation__member_record_on"),
        member_record_due_on=F("probation__member_record_due_on"),
    )


def probationary_members(user=None) -> models.QuerySet:
    """Probationary members (in ``user``'s scope when given), oldest probation first."""
    qs = Member.objects.all() if user is None else Member.objects.visible_to(user)
    return (
        with_probation_start(qs.filter(status=MemberStatus.PROBATIONARY))
        .select_related("organization")
        .order_by("probation_start", "sort_key", "id")
    )


def yearly_counts(
    kinds=(EventKind.ADMITTED, EventKind.RECOGNIZED),
    *,
    within: Organization | None = None,
    user=None,
    years: list[int] | None = None,
) -> list[dict]:
    """Membership events of ``kinds`` per grassroots organization and year (two queries).

    Counted in SQL by (organization, year, kind) on the event's organization (``to_organization``,
    else the member's), then rolled up to the grassroots organization above each. Admissions
    are dated by their event (the ceremony: when the member starts counting), recognitions by
    the date official status counts from. Returns rows sorted by grassroots code and year:
    ``{"organization": Organization, "year": 2025, "admitted": 12, "recognized": 9, ...}`` with
    one key per kind.
    """
    qs = MembershipEvent.objects.filter(kind__in=list(kinds)).annotate(
        org_path=Coalesce(F("to_organization__path"), F("member__organization__path")),
        year=YearOf("date"),
    )
    if within is not None:
        qs = qs.filter(org_path__startswith=within.path)
    if user is not None:
        qs = qs.filter(scope_q(user, "org_path", edit=False, records=True))
    if years:
        qs = qs.filter(year__in=years)
    grouped = qs.values("org_path", "year", "kind").annotate(n=Count("id")).order_by()
    rows = list(grouped)
    step = Organization.steplen
    candidates = Organization.objects.filter(kind__in=GRASSROOTS_KINDS).only(
        "id", "code", "name", "short_name", "path", "depth", "kind"
    )
    if within is not None:
        above = [within.path[: step * i] for i in range(1, within.depth + 1)]
        candidates = candidates.filter(Q(path__startswith=within.path) | Q(path__in=above))
    grassroots = {o.path: o for o in candidates} if rows else {}
    totals: dict[tuple[str, int], dict] = {}
    for r in rows:
        path = r["org_path"]
        org = next(
            (
                grassroots[path[: step * i]]
                for i in range(len(path) // step, 0, -1)
                if path[: step * i] in grassroots
            ),
            None,
        )
        if org is None:  # an event above the grassroots level: not counted per organization
            continue
        key = (org.path, r["year"])
        row = totals.setdefault(
            key, {"organization": org, "year": r["year"], **{str(k): 0 for k in kinds}}
        )
        row[str(r["kind"])] += r["n"]
    return sorted(totals.values(), key=lambda row: (row["organization"].code, row["year"]))
