"""The transfer letter (giấy giới thiệu sinh hoạt đảng)."""

from __future__ import annotations

import datetime as dt

from coso.documents.builders.common import Person, day, plain
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
) -> Document:
    """The letter introducing `member` from `from_organization` to `to_organization`;
    `hand_in_due` is the day by which the member hands it in (stored on the transfer at issue,
    from the rule in force); a temporary transfer says `until` when it ends."""
    status = "dự bị" if probationary else "chính thức"
    kind_text = KINDS.get(kind, kind)
    lines = [
        f"Giới thiệu đồng chí: {member.name}",
        f"Sinh ngày: {day(member.birth_date)}",
        f"Quê quán: {member.hometown}" if member.hometown else "",
        f"Là đảng viên {status}; ngày vào Đảng: {day(member.admitted_on)}"
        + (f"; ngày chính thức: {day(member.recognized_on)}" if not probationary else ""),
        f"Số thẻ đảng viên: {member.card_number}" if member.card_number else "",
        f"Hiện sinh hoạt tại: {from_organization}",
        f"Được chuyển sinh hoạt đảng {kind_text} đến: {to_organization}"
        + (f", đến ngày {day(until)}" if until else ""),
        "Đề nghị các đồng chí tiếp nhận và quản lý đảng viên theo quy định.",
    ]
    if hand_in_due:
        lines.append(
            f"Đồng chí {member.name} phải nộp giấy giới thiệu này cho tổ chức đảng nơi đến "
            f"chậm nhất ngày {day(hand_in_due)}."
        )
    return Document(
        body=issuer,
        doc_type=LETTER,
        number=number,
        date=issued_on,
        place=place,
        addressee=to_organization,
        blocks=plain(*lines),
        signature=signer,
        recipients=("Như trên,", f"Đ/c {member.name},", "Lưu."),
    )


def transfer_letter_of(transfer, *, issuer: Body, signer: Signature, place: str, number=None):
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
    )
