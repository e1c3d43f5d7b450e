"""The admission documents: the cell's resolution, the admission and the recognition decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from coso.documents.builders.common import Person, day, grounds, plain
from coso.documents.render.description import Body, DocType, Document, Paragraph, Signature

DECISION = DocType("QĐ")
RESOLUTION = DocType("NQ")
CHARTER = "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"


def _decision(
    *,
    issuer: Body,
    signer: Signature,
    decided_on: dt.date,
    place: str,
    summary: str,
    deciding_body: str,
    basis: Sequence[str],
    articles: Sequence[str],
    recipients: Sequence[str],
    number: int | None,
) -> Document:
    blocks = (
        Paragraph(deciding_body, bold=True, indent=False, align="C"),
        *grounds(CHARTER, *basis),
        Paragraph("QUYẾT ĐỊNH:", bold=True, indent=False, align="C"),
        *plain(*(f"Điều {n}. {text}" for n, text in enumerate(articles, 1))),
    )
    return Document(
        body=issuer,
        doc_type=DECISION,
        number=number,
        date=decided_on,
        place=place,
        summary=summary,
        blocks=blocks,
        signature=signer,
        recipients=tuple(recipients),
    )


def admission_decision(
    *,
    issuer: Body,
    signer: Signature,
    decided_on: dt.date,
    place: str,
    candidate: Person,
    cell: str,
    deciding_body: str,
    probation_months: int,
    basis: Sequence[str] = (),
    number: int | None = None,
) -> Document:
    """The committee's decision admitting `candidate`. `deciding_body` is the collective that
    decides, as printed above the grounds ("BAN THƯỜNG VỤ ĐẢNG ỦY ..."); `basis` the further
    grounds (the regulation in force, the cell's resolution, the department's proposal);
    `probation_months` the rule in force on `decided_on` (core.rules)."""
    hometown = f", quê quán: {candidate.hometown}" if candidate.hometown else ""
    articles = (
        f"Kết nạp quần chúng {candidate.name}, sinh ngày {day(candidate.birth_date)}{hometown}, "
        f"vào Đảng Cộng sản Việt Nam.",
        f"Thời gian dự bị của đồng chí {candidate.name} là {probation_months} tháng, "
        "kể từ ngày chi bộ tổ chức lễ kết nạp.",
        f"{cell} và đồng chí có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
    )
    return _decision(
        issuer=issuer,
        signer=signer,
        decided_on=decided_on,
        place=place,
        summary="về việc kết nạp đảng viên",
        deciding_body=deciding_body,
        basis=basis,
        articles=articles,
        recipients=("Như Điều 3,", "Lưu hồ sơ đảng viên."),
        number=number,
    )


def recognition_decision(
    *,
    issuer: Body,
    signer: Signature,
    decided_on: dt.date,
    place: str,
    member: Person,
    official_from: dt.date,
    cell: str,
    deciding_body: str,
    basis: Sequence[str] = (),
    number: int | None = None,
) -> Document:
    """The committee's decision recognizing `member` as an official member from `official_from`."""
    articles = (
        f"Công nhận đồng chí {member.name}, sinh ngày {day(member.birth_date)}, vào Đảng ngày "
        f"{day(member.admitted_on)}, là đảng viên chính thức kể từ ngày {day(official_from)}.",
        f"{cell} và đồng chí có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
    )
    return _decision(
        issuer=issuer,
        signer=signer,
        decided_on=decided_on,
        place=place,
        summary="về việc công nhận đảng viên chính thức",
        deciding_body=deciding_body,
        basis=basis,
        articles=articles,
        recipients=("Như Điều 2,", "Lưu hồ sơ đảng viên."),
        number=number,
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
) -> Document:
    """The cell's resolution proposing `candidate` for admission to `deciding_committee`;
    `cell` names the cell in a sentence ("Chi bộ Khoa Công nghệ thông tin")."""
    total = vote.official + vote.probationary
    lines = (
        f"Ngày {day(met_on)}, {cell} họp xét đề nghị kết nạp quần chúng "
        f"{candidate.name}, sinh ngày {day(candidate.birth_date)}, vào Đảng Cộng sản Việt Nam.",
        f"Tổng số đảng viên của chi bộ: {total}, trong đó chính thức: {vote.official}, "
        f"dự bị: {vote.probationary}. Có mặt: {vote.present}; vắng mặt: {total - vote.present}.",
        f"Số đảng viên chính thức tán thành việc kết nạp: {vote.votes_for}, đạt {vote.share} "
        f"tổng số đảng viên chính thức; không tán thành: {vote.votes_against}.",
    )
    blocks = (
        *plain(*lines),
        Paragraph("QUYẾT NGHỊ:", bold=True, indent=False, align="C"),
        Paragraph(
            f"Đề nghị {deciding_committee} xem xét, quyết định kết nạp quần chúng "
            f"{candidate.name} vào Đảng Cộng sản Việt Nam."
        ),
    )
    return Document(
        body=issuer,
        doc_type=RESOLUTION,
        number=number,
        date=met_on,
        place=place,
        summary="đề nghị kết nạp đảng viên",
        blocks=blocks,
        signature=signer,
        recipients=(deciding_committee + ",", "Lưu chi bộ."),
    )
