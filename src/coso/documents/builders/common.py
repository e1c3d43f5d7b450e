"""What the builders share: the people they name and how a date reads in a document's body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
