"""A meeting's minutes (biên bản, BB) and its resolution (nghị quyết, NQ), from plain values.

The minutes hold HD 12's parts (DOMAIN.md §5, §11): time and place, the chair and the
minute-taker, the membership report at the opening, each agenda item with who spoke and what was
said, the chair's conclusion, each vote against the vote base, the quality result and the end;
the minute-taker signs on the left, the chair on the right. The resolution decides the chair's
conclusion as voted, signed for the collective ("T/M CHI BỘ / BÍ THƯ").

Their body is the record itself, not an editable text (`coso.documents.bodies`): an office adjusts
the words of a decision, never what a meeting said. The app that keeps meetings (above documents)
reads its rows into a `MeetingRecord`; nothing here reads a model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coso.documents.builders.common import day
from coso.documents.render.description import (
    Body,
    DocType,
    Document,
    Heading,
    Paragraph,
    Signature,
)

MINUTES = DocType("BB")
RESOLUTION = DocType("NQ")


@dataclass(frozen=True)
class Absence:
    """A member absent: the name, and the reason given (absent with a reason)."""

    name: str
    reason: str = ""


@dataclass(frozen=True)
class Membership:
    """The membership report that opens the minutes (HD 12), as the attendance counted it."""

    total: int
    official: int
    probationary: int
    temporary: int
    away: int
    exempted: int
    present: int
    excused: tuple[Absence, ...]
    absent: tuple[Absence, ...]
    vote_base: int
    voters_present: int


@dataclass(frozen=True)
class Item:
    """An agenda item: its title, who spoke and what was said."""

    title: str
    speakers: str = ""
    notes: str = ""


@dataclass(frozen=True)
class VoteResult:
    """A vote as recorded: its counts against the vote base of the day, and whether it passed
    (more than the rule's share of the base)."""

    subject: str
    votes_for: int
    votes_against: int
    abstaining: int
    vote_base: int
    passed: bool


@dataclass(frozen=True)
class MeetingRecord:
    """One meeting as its documents tell it. `organization` names it in a sentence ("Chi bộ
    Khoa Công nghệ thông tin"); `title` is the meeting in words ("sinh hoạt thường kỳ tháng 11
    năm 2026"); `quality` the result as printed ("Tốt (92/100 điểm)", empty when not scored);
    `corrections` one line each of the corrections made after adoption."""

    organization: str
    title: str
    date: dt.date
    starts_at: dt.time | None
    ends_at: dt.time | None
    place: str
    chair: str
    minute_taker: str
    membership: Membership
    agenda: str = ""
    items: tuple[Item, ...] = ()
    conclusion: str = ""
    votes: tuple[VoteResult, ...] = ()
    quality: str = ""
    corrections: tuple[str, ...] = ()


def clock(t: dt.time | None) -> str:
    """ "14 giờ 00" in a document's body; "…" when not recorded."""
    return f"{t.hour} giờ {t.minute:02d}" if t else "…"


def _share(part: int, whole: int) -> str:
    """ "85,7%" (a decimal comma; "100%" without one)."""
    share = 100 * part / whole if whole else 0
    return f"{share:.1f}".replace(".", ",").replace(",0", "") + "%"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _names(people: tuple[Absence, ...], with_reason: bool) -> str:
    if not people:
        return "0."
    shown = [f"{p.name} ({p.reason})" if with_reason and p.reason else p.name for p in people]
    return f"{len(people)} đồng chí: " + "; ".join(shown) + "."


def membership_paragraphs(m: Membership) -> list[Paragraph]:
    """The membership report (HD 12): the total and its parts, those present, those absent
    with and without a reason, each by name, and the vote base."""
    parts = f"chính thức: {m.official}; dự bị: {m.probationary}; sinh hoạt tạm thời: {m.temporary}"
    if m.away:
        parts += f"; tạm chuyển sinh hoạt đi nơi khác: {m.away}"
    return [
        Paragraph(f"- Tổng số đảng viên: {m.total} đồng chí ({parts}); miễn công tác và "
                  f"sinh hoạt đảng: {m.exempted}."),
        Paragraph(f"- Có mặt: {m.present} đồng chí."),
        Paragraph(f"- Vắng mặt có lý do: {_names(m.excused, True)}"),
        Paragraph(f"- Vắng mặt không có lý do: {_names(m.absent, False)}"),
        Paragraph(f"- Đảng viên có quyền biểu quyết: {m.vote_base}; có mặt: {m.voters_present}."),
    ]  # fmt: skip


def vote_line(n: int, v: VoteResult) -> Paragraph:
    result = "thông qua" if v.passed else "không được thông qua"
    return Paragraph(
        f"{n}. {v.subject}: tán thành {v.votes_for}/{v.vote_base} đảng viên có quyền biểu "
        f"quyết ({_share(v.votes_for, v.vote_base)}); không tán thành {v.votes_against}; "
        f"không biểu quyết {v.abstaining}. Kết quả: {result}."
    )


def _items(record: MeetingRecord) -> list[Paragraph]:
    blocks = []
    if record.agenda:
        blocks.append(Paragraph("Chương trình: " + "; ".join(_lines(record.agenda)) + "."))
    for n, item in enumerate(record.items, 1):
        blocks.append(Paragraph(f"{n}. {item.title}", bold=True))
        if item.speakers:
            blocks.append(Paragraph(f"Ý kiến phát biểu: {item.speakers}."))
        blocks += [Paragraph(line) for line in _lines(item.notes)]
    if not blocks:
        blocks.append(Paragraph("Không ghi nội dung thảo luận."))
    return blocks


def _closing(record: MeetingRecord) -> list[Paragraph]:
    blocks = []
    if record.quality:
        blocks.append(Paragraph(f"Chất lượng buổi sinh hoạt: {record.quality}."))
    blocks.append(
        Paragraph(
            "Biên bản đã được đọc lại trước hội nghị và được thông qua. Hội nghị kết thúc vào "
            f"lúc {clock(record.ends_at)} cùng ngày."
        )
    )
    blocks += [Paragraph(f"Đính chính {line}", italic=True) for line in record.corrections]
    return blocks


def _document(record: MeetingRecord, doc_type: DocType, blocks: list, **head) -> Document:
    """A document of the meeting: its summary is the meeting in words, capitalized."""
    summary = record.title[:1].upper() + record.title[1:]
    return Document(doc_type=doc_type, summary=summary, blocks=tuple(blocks), **head)


def minutes(
    record: MeetingRecord,
    *,
    issuer: Body,
    chair: Signature,
    minute_taker: Signature,
    place: str,
    issued_on: dt.date,
    number: int | None = None,
) -> Document:
    """The minutes of `record`: signed by `minute_taker` on the left and `chair` on the right."""
    where = f", tại {record.place}" if record.place else ""
    blocks = [
        Heading("I.", "THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"),
        Paragraph(f"Vào lúc {clock(record.starts_at)} ngày {day(record.date)}{where}, "
                  f"{record.organization} tiến hành {record.title}."),
        Paragraph(f"- Chủ trì: đồng chí {record.chair}."),
        Paragraph(f"- Thư ký: đồng chí {record.minute_taker}."),
        *membership_paragraphs(record.membership),
        Heading("II.", "NỘI DUNG"),
        *_items(record),
        Heading("III.", "KẾT LUẬN CỦA CHỦ TRÌ"),
        *[Paragraph(line) for line in _lines(record.conclusion)],
        Heading("IV.", "BIỂU QUYẾT"),
        *([vote_line(n, v) for n, v in enumerate(record.votes, 1)]
          or [Paragraph("Hội nghị không biểu quyết nội dung nào.")]),
        Heading("V.", "KẾT THÚC"),
        *_closing(record),
    ]  # fmt: skip
    return _document(record, MINUTES, blocks, body=issuer, number=number, date=issued_on,
                     place=place, signature=chair, second_signature=minute_taker)  # fmt: skip


def resolution(
    record: MeetingRecord,
    *,
    issuer: Body,
    signer: Signature,
    place: str,
    issued_on: dt.date,
    recipients: tuple[str, ...],
    number: int | None = None,
) -> Document:
    """The resolution of `record`: the grounds, "QUYẾT NGHỊ:" with the chair's conclusion as
    voted, and the votes that passed; signed for the collective."""
    m = record.membership
    blocks = [
        Paragraph("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
        Paragraph(f"- Căn cứ kết quả {record.title} của {record.organization} ngày "
                  f"{day(record.date)}, có mặt {m.present}/{m.total} đảng viên, trong đó "
                  f"{m.voters_present}/{m.vote_base} đảng viên có quyền biểu quyết,"),
        Paragraph(f"{record.organization.upper()}", bold=True, align="C"),
        Paragraph("QUYẾT NGHỊ:", bold=True, align="C", indent=False),
        *[Paragraph(line) for line in _lines(record.conclusion)],
        Paragraph("Nghị quyết được hội nghị biểu quyết thông qua:"),
        *[vote_line(n, v) for n, v in enumerate((v for v in record.votes if v.passed), 1)],
    ]  # fmt: skip
    return _document(record, RESOLUTION, blocks, body=issuer, number=number, date=issued_on,
                     place=place, signature=signer, recipients=recipients)  # fmt: skip
