"""The register read: its rows for a page or an export, each with its subject's page."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from coso.accounts.scope import home_organizations
from coso.committees.models import Term
from coso.core.views import person_name

from .models import RegisterEntry

#: the page of a subject without `get_absolute_url`, by its model's label (the apps below
#: documents name their pages; documents reads their URL names and imports none of them)
SUBJECT_PAGES: dict[str, Callable[[object], str]] = {
    "members.member": lambda obj: reverse("member_detail", kwargs={"pk": obj.pk}),
    "members.transfer": lambda obj: reverse("member_detail", kwargs={"pk": obj.member_id}),
    "admission.candidate": lambda obj: reverse("candidate_detail", kwargs={"pk": obj.pk}),
}


def register_subject_page(label: str, page: Callable[[object], str]) -> None:
    """An app above documents names the page of its records (by model label) in its
    AppConfig.ready(), so the register links them."""
    SUBJECT_PAGES[label] = page


def export_headers() -> list[str]:
    return [
        _("Number and symbol"),
        _("Document type"),
        _("Date"),
        _("Summary"),
        _("Issuing organization"),
        _("Issued by"),
        _("Subject"),
        _("Cancelled on"),
        _("Reason for cancelling"),
    ]


def register_rows(queryset):
    """The entries with what a page or an export shows of them, in a fixed number of queries
    (the subjects: one query per kind of subject)."""
    return queryset.select_related("organization", "issuer", "cancelled_by").prefetch_related(
        "subject"
    )


def subject_url(entry: RegisterEntry) -> str:
    subject = entry.subject
    if subject is None:
        return ""
    if hasattr(subject, "get_absolute_url"):
        return subject.get_absolute_url()
    page = SUBJECT_PAGES.get(subject._meta.label_lower)
    try:
        return page(subject) if page else ""
    except NoReverseMatch:
        return ""


def decorate(entries: Iterable[RegisterEntry]) -> list[RegisterEntry]:
    """Each entry with `subject_url`, `subject_label` and `issuer_name` for the page."""
    rows = list(entries)
    for entry in rows:
        entry.subject_url = subject_url(entry)
        entry.subject_label = str(entry.subject) if entry.subject is not None else ""
        entry.issuer_name = person_name(entry.issuer) if entry.issuer_id else _("System")
        entry.cancelled_by_name = person_name(entry.cancelled_by)
    return rows


def export_rows(queryset):
    for entry in register_rows(queryset).iterator(chunk_size=2000):
        subject = entry.subject
        yield [
            entry.symbol,
            entry.get_doc_type_display(),
            entry.issued_on,
            entry.summary,
            entry.organization.name,
            person_name(entry.issuer) if entry.issuer_id else "",
            str(subject) if subject is not None else "",
            entry.cancelled_on,
            entry.cancel_reason,
        ]


def terms_for(user, organization_code: str = "", limit: int = 20):
    """Terms offered in the register's filter: those of the organization the list is filtered
    on (a term numbers one organization's documents), else of the user's own organizations
    (never the whole tree's: a bloc has one per organization, 1,300 options)."""
    terms = Term.objects.visible_to(user).select_related("organization")
    if organization_code:
        terms = terms.filter(organization__code=organization_code)
    else:
        terms = terms.filter(organization__in=home_organizations(user))
    return terms.order_by("organization__path", "-congress_date")[:limit]
