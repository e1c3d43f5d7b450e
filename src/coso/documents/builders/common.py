"""What the builders share: the people they name, how a date reads in a document's body, and
a document whose body comes from its kind's body template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coso.documents.bodies.markup import body_parts
from coso.documents.render.description import Document, Table


def day(d: dt.date | None) -> str:
    """ "05/03/1990" in a document's body; "…" when the date is unknown."""
    return d.strftime("%d/%m/%Y") if d else "…"


@dataclass(frozen=True)
class Person:
    """A member or candidate as documents name them, from plain values (or a model, read-only:
    `Person.of(member)`)."""

    name: str
    birth_date: dt.date
    hometown: str = ""
    card_number: str = ""
    admitted_on: dt.date | None = None
    recognized_on: dt.date | None = None

    @classmethod
    def of(cls, person) -> Person:
        """From a `Member` or a `Candidate` (any `core.person.Person`), read only."""
        return cls(
            name=person.full_name,
            birth_date=person.birth_date,
            hometown=person.hometown or "",
            card_number=getattr(person, "party_card_number", "") or "",  # NULL when unknown
            admitted_on=getattr(person, "admitted_on", None),
            recognized_on=getattr(person, "recognized_on", None),
        )


def person_context(person: Person) -> dict[str, str]:
    """A member or candidate as a body template names them: ``{{ member.full_name }}``."""
    return {
        "full_name": person.name,
        "birth_date": day(person.birth_date),
        "hometown": person.hometown,
        "card_number": person.card_number,
        "admitted_on": day(person.admitted_on),
        "recognized_on": day(person.recognized_on),
    }


def from_template(
    kind: str,
    template_text: str | None,
    context: Mapping[str, object],
    *,
    table: Table | None = None,
    **head: Any,
) -> Document:
    """A document whose body and recipients are the body template of `kind` (`template_text`,
    the organization's text; None: the shipped default) filled with `context` (`table` where
    the text says [BẢNG]); `head` is the rest of the `Document`: the issuing body, the type,
    number, date, place, summary or addressee, and the signature."""
    parts = body_parts(kind, template_text, context, table=table)
    return Document(blocks=parts.blocks, recipients=parts.recipients or (), **head)
