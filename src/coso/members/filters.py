"""One filter set for the member list page, its export and the API list."""

from __future__ import annotations

import django_filters
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.dates import add_years
from coso.core.filters import ListFilter, ordering_filter
from coso.core.text import search_words
from coso.members.choices import (
    ACTIVE_STATUSES,
    AGE_BANDS,
    MemberStatus,
    Sex,
    TransferDirection,
    TransferKind,
    TransferStatus,
)
from coso.members.models import Member, Transfer
from coso.members.privacy import has_names_only_part, record_q

ORDERINGS = {
    "name": ("sort_key", "id"),
    "-name": ("-sort_key", "-id"),
    "birth_date": ("birth_date", "id"),
    "-birth_date": ("-birth_date", "-id"),
    "admitted_on": ("admitted_on", "id"),
    "-admitted_on": ("-admitted_on", "-id"),
}


#: the status filter's two groups: the members in the party's care (official and probationary,
#: the exempted official ones included: `ACTIVE_STATUSES`, what home counts), and everyone
#: ever registered (those transferred out, struck off, expelled, resigned or deceased too)
ACTIVE, ALL = "active", "all"
STATUS_CHOICES = [
    (ACTIVE, _("Active members (official and probationary)")),
    (ALL, _("All, including those who left (transferred out, struck off, deceased…)")),
    *MemberStatus.choices,
]


class MemberFilter(ListFilter):
    """Filters: search (accent-insensitive), organization subtree (by code), status, sex, age
    band, ethnicity. With no status chosen the list holds the active members (`ACTIVE`, as
    home counts them); `status=all` lists everyone registered."""

    ORDERINGS = ORDERINGS
    #: the statuses listed when none is chosen (the API lists every status: `None`)
    default_status: str | None = ACTIVE

    status = django_filters.MultipleChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label=_("Status")
    )
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"))
    age_band = django_filters.ChoiceFilter(
        choices=[(k, label) for k, label, _lo, _hi in AGE_BANDS],
        method="filter_age_band",
        label=_("Age"),
    )
    ethnicity = django_filters.CharFilter(
        field_name="ethnicity", lookup_expr="iexact", label=_("Ethnicity")
    )
    ordering = ordering_filter(ORDERINGS)

    class Meta:
        model = Member
        fields: list[str] = []

    def get_form_class(self):
        # The form class is the same for every request: django-filter builds a field per
        # filter and a new class each time, which costs more than validating the data.
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    #: search by testing rows (`MemberQuerySet.search_scan`) instead of through the index
    scan_search = False

    def filter_status(self, qs, name, value):
        chosen = set(value)
        if ALL in chosen:
            return qs
        statuses = (chosen - {ACTIVE}) | (set(ACTIVE_STATUSES) if ACTIVE in chosen else set())
        return qs.filter(status__in=sorted(statuses))

    def filter_queryset(self, queryset):
        if self.default_status == ACTIVE and not self.form.cleaned_data.get("status"):
            queryset = queryset.active()
        return super().filter_queryset(queryset)

    def filter_search(self, qs, name, value):
        if not value:
            return qs
        return qs.search_scan(value) if self.scan_search else qs.search(value)

    def filter_age_band(self, qs, name, value):
        for key, _label, lo, hi in AGE_BANDS:
            if key == value:
                today = timezone.localdate()
                # age in [lo, hi) <=> birth_date in (today - hi years, today - lo years]
                return qs.filter(
                    Q(birth_date__gt=add_years(today, -hi))
                    & Q(birth_date__lte=add_years(today, -lo))
                )
        return qs

    @property
    def qs(self):
        return self._records_only_if_personal(super().qs)

    #: filters and orders that read a record's personal fields (a search of digits reads the
    #: CCCD and card number)
    PERSONAL_FILTERS = ("status", "sex", "age_band", "ethnicity")
    PERSONAL_ORDERINGS = ("birth_date", "-birth_date", "admitted_on", "-admitted_on")

    def _records_only_if_personal(self, qs):
        """A list that filters, sorts or searches by personal fields keeps only the members
        whose records the user may read: a names-only row (`privacy`) is found by its name
        and cell alone, so that no filter tells a plain member another's CCCD, age, sex,
        ethnicity or status. No change (and no query) for a user without a names-only part."""
        user = getattr(self.request, "user", None)
        if user is None or not has_names_only_part(user):
            return qs
        data = self.form.cleaned_data
        # the names-only rows are active members: the two groups tell nothing of a record
        statuses = set(data.get("status") or ()) - {ACTIVE, ALL}
        personal = (
            statuses
            or any(data.get(name) for name in self.PERSONAL_FILTERS if name != "status")
            or data.get("ordering") in self.PERSONAL_ORDERINGS
            or any(c.isdigit() for c in "".join(search_words(data.get("search") or "")))
        )
        return qs.filter(record_q(user)) if personal else qs


class MemberApiFilter(MemberFilter):
    """The API's member list: every status unless one is asked for (`status=active` gives the
    pages' default), as integrations have read it from the start."""

    default_status = None


# --- an organization's transfer letters ---------------------------------------------------

#: when the letter ended: the day it was closed (a temporary transfer ended, a letter cancelled
#: or lapsed), else received
_ENDED = Coalesce("closed_on", "received_on", "issued_on")

TRANSFER_ORDERINGS = {
    "name": ("member__sort_key", "member_id", "id"),
    "-name": ("-member__sort_key", "-member_id", "-id"),
    "issued": ("issued_on", "id"),
    "-issued": ("-issued_on", "-id"),
    # the letters with a hand-in deadline first, the nearest first
    "due": (F("hand_in_due").asc(nulls_last=True), "id"),
    "-due": (F("hand_in_due").desc(nulls_last=True), "-id"),
    "until": (F("until").asc(nulls_last=True), "id"),
    "-until": (F("until").desc(nulls_last=True), "-id"),
    "ended": (_ENDED.asc(), "id"),
    "-ended": (_ENDED.desc(), "-id"),
}

#: the direction filter: to or from the organization of the page (its subtree), or across the
#: system's edge
TRANSFER_DIRECTIONS = [
    ("in", _("Letters in (addressed here)")),
    ("out", _("Letters out (issued here)")),
    (TransferDirection.INCOMING, _("From outside the system")),
    (TransferDirection.OUTGOING, _("To outside the system")),
]


class TransferFilter(ListFilter):
    """The letters of one organization's page (`org`, given by the view, whose subtree the
    letters are addressed to or issued from): search by the member's name (accent-insensitive,
    `TransferQuerySet.search`) or the letter's number, kind, direction, status, the overdue
    letters only (not handed in by their deadline), and a sort. The organization is the page's:
    there is no organization filter."""

    ORDERINGS = TRANSFER_ORDERINGS
    organization = None

    kind = django_filters.ChoiceFilter(choices=TransferKind.choices, label=_("Kind"))
    direction = django_filters.ChoiceFilter(
        choices=TRANSFER_DIRECTIONS, method="filter_direction", label=_("Direction")
    )
    status = django_filters.ChoiceFilter(choices=TransferStatus.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    ordering = ordering_filter(TRANSFER_ORDERINGS)

    class Meta:
        model = Transfer
        fields: list[str] = []

    def __init__(self, data, queryset, *, org, **kwargs):
        self.org = org
        super().__init__(data, queryset=queryset, **kwargs)

    def filter_direction(self, qs, name, value):
        if value == "in":
            return qs.filter(to_organization__path__startswith=self.org.path)
        if value == "out":
            return qs.filter(from_organization__path__startswith=self.org.path)
        return qs.filter(direction=value) if value else qs

    def filter_overdue(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(status=TransferStatus.ISSUED, hand_in_due__lt=timezone.localdate())
