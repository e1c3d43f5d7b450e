"""The transfer letter (giấy giới thiệu sinh hoạt đảng)."""

from __future__ import annotations

import datetime as dt

from coso.documents.bodies.kinds import BodyKind
from coso.documents.builders.common import Person, day, from_template, person_context
from coso.documents.render.description import Body, DocType, Document, Signature

LETTER = DocType("GGT", "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG")
KINDS = {"permanent": "chính thức", "temporary": "tạm thời"}


def transfer_letter(
    *,
    issuer: Body,
    signer: Signature,
    issued_on: dt.date,
    place: str,
    member: Person,
    from_organization: str,
    to_organization: str,
    hand_in_due: dt.date | None,
    kind: str = "permanent",
    probationary: bool = False,
    until: dt.date | None = None,
    number: int | None = None,
    body: str | None = None,
) -> Document:
    """The letter introducing `member` from `from_organization` to `to_organization`;
    `hand_in_due` is the day by which the member hands it in (stored on the transfer at issue,
    from the rule in force); a temporary transfer says `until` when it ends. `body` is the body's template
    text (`coso.documents.bodies`; None: the shipped default)."""
    context = {
        "member": person_context(member),
        "probationary": probationary,
        "status": "dự bị" if probationary else "chính thức",
        "from_organization": from_organization,
        "to_organization": to_organization,
        "kind": KINDS.get(kind, kind),
        "until": day(until) if until else "",
        "hand_in_due": day(hand_in_due) if hand_in_due else "",
    }
    return from_template(
        BodyKind.TRANSFER_LETTER,
        body,
        context,
        body=issuer,
        doc_type=LETTER,
        number=number,
        date=issued_on,
        place=place,
        addressee=to_organization,
        signature=signer,
    )


def transfer_letter_of(
    transfer, *, issuer: Body, signer: Signature, place: str, number=None, body=None
):
    """The letter of a `members.Transfer` (read only): its member, ends and deadlines."""
    member = transfer.member
    return transfer_letter(
        issuer=issuer,
        signer=signer,
        issued_on=transfer.issued_on,
        place=place,
        member=Person.of(member),
        from_organization=transfer.origin,
        to_organization=transfer.destination,
        hand_in_due=transfer.hand_in_due,
        kind=transfer.kind,
        probationary=member.recognized_on is None,
        until=transfer.until,
        number=number,
        body=body,
    )
