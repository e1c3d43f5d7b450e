"""A document's number and symbol as printed: "07-KH/ĐUK" (HD 36-HD/VPTW; DOMAIN.md §13)."""

from __future__ import annotations

from coso.orgs.models import Organization

from .models import IssuingBody, default_abbreviation


def body_code(organization: Organization) -> str:
    """The code the organization signs its symbols with: the office's, or its kind's default."""
    row = IssuingBody.objects.filter(organization=organization).only("abbreviation").first()
    return row.abbreviation if row else default_abbreviation(organization)


def format_symbol(number: int, doc_type: str, body: str) -> str:
    """ "07-KH/ĐUK": numbers under 10 take a leading zero (HD 36-HD/VPTW)."""
    return f"{number:02d}-{doc_type}/{body}"
