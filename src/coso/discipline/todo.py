"""Discipline cases on the to-do list (Việc cần làm): the state body's notice of its own
discipline due (QĐ 296), the appeal period running on a decision, a deferral ending (the case
to resume), an organization's dissolution decided and not yet carried out in the tree. Scoped
by the organization handling the case (for an organization's case, its superior)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.members.queries.screening import Source, TodoKind

from .choices import AppealOutcome, CaseStatus, Penalty, SubjectKind
from .models import DisciplineCase


class CaseSource(Source):
    path = "organization__path"
    member = ""
    on_members = False

    def rows(self, qs):
        return qs.select_related("organization").order_by(*self.ordering)

    def person(self, row) -> tuple[int | None, str, str]:
        return row.member_id, row.subject_name, row.sort_key

    def organization_of(self, row):
        return row.organization

    def url(self, row) -> str:
        return reverse("discipline_case", args=[row.pk])


class StateNoticeSource(CaseSource):
    """A decided case of a member working in a state body whose notice has not come (due: the
    rule's days after the decision)."""

    kind = TodoKind.DISCIPLINE_STATE_NOTICE
    due_field = "state_notice_due_on"

    def queryset(self):
        return DisciplineCase.objects.filter(
            state_notice_on__isnull=True, state_notice_due_on__lte=self.horizon
        )

    def detail(self, row) -> str:
        return _("%(body)s; decision %(number)s of %(date)s") % {
            "body": row.state_body,
            "number": row.decision_number,
            "date": format_date(row.decision_on),
        }


class AppealPeriodSource(CaseSource):
    """A decision not appealed whose appeal period is still running (due: its last day)."""

    kind = TodoKind.DISCIPLINE_APPEAL
    due_field = "appeal_due_on"

    def queryset(self):
        return DisciplineCase.objects.filter(
            status=CaseStatus.DECIDED,
            appealed_on__isnull=True,
            appeal_due_on__gte=self.today,
            appeal_due_on__lte=self.horizon,
        )

    def late(self):
        return False

    def detail(self, row) -> str:
        return _("%(penalty)s, decision %(number)s") % {
            "penalty": row.get_penalty_display(),
            "number": row.decision_number,
        }


class DeferralEndSource(CaseSource):
    """A deferred case whose deferral ends by the horizon: resume it (due: the end)."""

    kind = TodoKind.DISCIPLINE_DEFERRAL
    due_field = "deferred_until"

    def queryset(self):
        return DisciplineCase.objects.filter(
            status=CaseStatus.DEFERRED, deferred_until__lte=self.horizon
        )


class DissolutionSource(CaseSource):
    """An organization's case decided with dissolution (not annulled or changed on appeal)
    whose organization is still in the tree: its superior's office places its members and
    sub-units elsewhere and dissolves it on the organization's page (`org_detail`, its
    restructuring actions: merge or dissolve). Done when the organization is dissolved. No
    rule dates it: no due date; listed under the superior handling the case."""

    kind = TodoKind.DISCIPLINE_DISSOLUTION

    def queryset(self):
        return DisciplineCase.objects.filter(
            subject_kind=SubjectKind.ORGANIZATION,
            penalty=Penalty.DISSOLUTION,
            status=CaseStatus.DECIDED,
            subject_organization__dissolved_on__isnull=True,
        ).exclude(appeal_outcome=AppealOutcome.ANNULLED)

    def rows(self, qs):
        return qs.select_related("organization", "subject_organization").order_by(*self.ordering)

    def late(self):
        return False

    def detail(self, row) -> str:
        return _("Dissolve %(org)s in the tree by decision %(number)s of %(date)s") % {
            "org": row.subject_organization.code,
            "number": row.decision_number,
            "date": format_date(row.decision_on),
        }

    def url(self, row) -> str:
        return reverse("org_detail", args=[row.subject_organization.code]) + "#actions"
