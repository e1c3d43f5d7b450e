"""The admission documents: the cell's resolution, the admission and the recognition decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NotRequired, TypedDict, Unpack

from coso.documents.bodies.kinds import BodyKind
from coso.documents.builders.common import Person, day, from_template, person_context
from coso.documents.render.description import Body, DocType, Document, Signature

DECISION = DocType("QĐ")
RESOLUTION = DocType("NQ")


class Decision(TypedDict):
    """What both decisions (admission, recognition) are made of besides their person: the
    issuing committee and the signature, the date and place, `cell` (the cell in a sentence),
    `deciding_body` (the collective that decides, as printed above the grounds: "BAN THƯỜNG VỤ
    ĐẢNG ỦY ..."), `basis` (the further grounds: the regulation in force, the cell's
    resolution, the department's proposal), the number (None until the register issues it)
    and `body`, the body's template text (`coso.documents.bodies`; None: the shipped default)."""

    issuer: Body
    signer: Signature
    decided_on: dt.date
    place: str
    cell: str
    deciding_body: str
    basis: NotRequired[Sequence[str]]
    number: NotRequired[int | None]
    body: NotRequired[str | None]


def _decision(
    kind: BodyKind,
    summary: str,
    context: dict,
    *,
    issuer: Body,
    signer: Signature,
    decided_on: dt.date,
    place: str,
    cell: str,
    deciding_body: str,
    basis: Sequence[str] = (),
    number: int | None = None,
    body: str | None = None,
) -> Document:
    """A decision: the deciding body, the grounds ("Căn cứ Điều lệ Đảng ...", then `basis`),
    "QUYẾT ĐỊNH:" and its articles, and the recipients, all from the body template of `kind`
    filled with `context` and the decision's cell, deciding body and grounds."""
    context = {
        **context,
        "deciding_body": deciding_body,
        "basis": [line for line in basis if line],
        "cell": cell,
    }
    return from_template(
        kind,
        body,
        context,
        body=issuer,
        doc_type=DECISION,
        number=number,
        date=decided_on,
        place=place,
        summary=summary,
        signature=signer,
    )


def admission_decision(
    *, candidate: Person, probation_months: int, **decision: Unpack[Decision]
) -> Document:
    """The committee's decision admitting `candidate`; `probation_months` is the rule in force
    on `decided_on` (core.rules)."""
    context = {"candidate": person_context(candidate), "probation_months": probation_months}
    return _decision(BodyKind.ADMISSION_DECISION, "về việc kết nạp đảng viên", context, **decision)


def recognition_decision(
    *, member: Person, official_from: dt.date, **decision: Unpack[Decision]
) -> Document:
    """The committee's decision recognizing `member` as an official member from
    `official_from`."""
    context = {"member": person_context(member), "official_from": day(official_from)}
    return _decision(
        BodyKind.RECOGNITION_DECISION, "về việc công nhận đảng viên chính thức", context, **decision
    )


@dataclass(frozen=True)
class Vote:
    """The cell's vote: its members then, those present, and the official members' votes."""

    official: int
    probationary: int
    present: int
    votes_for: int
    votes_against: int

    @property
    def share(self) -> str:
        """The share in favour of the official members, "83,3%" (a decimal comma)."""
        share = 100 * self.votes_for / self.official if self.official else 0
        return f"{share:.1f}".replace(".", ",").replace(",0", "") + "%"


def cell_resolution(
    *,
    issuer: Body,
    signer: Signature,
    met_on: dt.date,
    place: str,
    cell: str,
    candidate: Person,
    vote: Vote,
    deciding_committee: str,
    number: int | None = None,
    body: str | None = None,
) -> Document:
    """The cell's resolution proposing `candidate` for admission to `deciding_committee`;
    `cell` names the cell in a sentence ("Chi bộ Khoa Công nghệ thông tin"); `body` the body's
    template text (None: the shipped default)."""
    total = vote.official + vote.probationary
    context = {
        "met_on": day(met_on),
        "cell": cell,
        "candidate": person_context(candidate),
        "deciding_committee": deciding_committee,
        "vote": {
            "total": total,
            "official": vote.official,
            "probationary": vote.probationary,
            "present": vote.present,
            "absent": total - vote.present,
            "votes_for": vote.votes_for,
            "votes_against": vote.votes_against,
            "share": vote.share,
        },
    }
    return from_template(
        BodyKind.CELL_RESOLUTION,
        body,
        context,
        body=issuer,
        doc_type=RESOLUTION,
        number=number,
        date=met_on,
        place=place,
        summary="đề nghị kết nạp đảng viên",
        signature=signer,
    )
