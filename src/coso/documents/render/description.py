"""One party document described as plain values (HD 36-HD/VPTW), independent of the models.

A description says what the document holds; `render.layout` says how HD 36 sets it out, and the
two renderers (`render.docx`, `render.pdf`) only draw what the layout gives them, so the .docx
and the .pdf of one description cannot drift. Every value is checked when the description is
built: a wrong one refuses with a Vietnamese `ValidationError` naming the part.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: HD 36: "ĐẢNG CỘNG SẢN VIỆT NAM", the national heading of every party document
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"

#: the type names of the codes coso issues (DOMAIN §8, §13); other codes pass their own name
TYPE_NAMES = {
    "NQ": "NGHỊ QUYẾT",
    "QĐ": "QUYẾT ĐỊNH",
    "KH": "KẾ HOẠCH",
    "BC": "BÁO CÁO",
    "HD": "HƯỚNG DẪN",
    "CTr": "CHƯƠNG TRÌNH",
    "TB": "THÔNG BÁO",
    "TTr": "TỜ TRÌNH",
    "KL": "KẾT LUẬN",
    "CV": "CÔNG VĂN",
    "BB": "BIÊN BẢN",
    "GGT": "GIẤY GIỚI THIỆU",
    "DS": "DANH SÁCH",
}


def _refuse(message: str, **params) -> None:
    raise ValidationError(message, code="invalid_document", params=params or None)


def _part(part: str) -> str:
    return part[:1].upper() + part[1:]


def _required(value: str, part: str) -> None:
    if not (value or "").strip():
        _refuse(_("The document's %(part)s is empty."), part=_part(part))


def _upper(value: str, part: str) -> None:
    _required(value, part)
    if value != value.upper():
        _refuse(
            _("The document's %(part)s must be in capitals: %(value)s"),
            part=_part(part),
            value=value,
        )


class Authority(StrEnum):
    """How the signer signs (HD 36): for a collective, for the head, by delegation, acting."""

    ON_BEHALF = "T/M"
    DEPUTY = "K/T"
    DELEGATED = "T/L"
    ACTING = "Q."
    NONE = ""


@dataclass(frozen=True)
class Body:
    """The issuing body under its parent, as printed: "ĐẢNG BỘ KHỐI ..." over "ĐẢNG ỦY ..."."""

    name: str
    parent: str
    code: str  # the body's symbol after the slash: "ĐUK", "CB"

    def __post_init__(self):
        _upper(self.name, "tên cơ quan ban hành")
        _upper(self.parent, "tên cơ quan cấp trên")
        _required(self.code, "ký hiệu cơ quan ban hành")
        if "/" in self.code or " " in self.code:
            _refuse(
                _("The body's symbol may not hold a slash or a space: %(value)s"), value=self.code
            )


@dataclass(frozen=True)
class DocType:
    """A document type: its code ("KH") and the name printed as its title ("KẾ HOẠCH")."""

    code: str
    name: str = ""

    def __post_init__(self):
        _required(self.code, "mã loại văn bản")
        if not self.name:
            if self.code not in TYPE_NAMES:
                _refuse(_("Unknown document type %(value)s: give its name."), value=self.code)
            object.__setattr__(self, "name", TYPE_NAMES[self.code])
        _upper(self.name, "tên loại văn bản")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body; `indent` indents its first line, `align` "J"ustified or "C"entred."""

    text: str
    bold: bool = False
    italic: bool = False
    indent: bool = True
    align: str = "J"

    def __post_init__(self):
        _required(self.text, "đoạn văn")
        if self.align not in ("J", "C", "L"):
            _refuse(_("Unknown paragraph alignment: %(value)s"), value=self.align)


@dataclass(frozen=True)
class Heading:
    """A numbered section heading: "I." "MỤC ĐÍCH, YÊU CẦU", or "Điều 1." with a sentence."""

    number: str
    text: str

    def __post_init__(self):
        _required(self.number, "số mục")
        _required(self.text, "tên mục")


@dataclass(frozen=True)
class Table:
    """A table of the body: its header and rows of the same width; `widths` in parts of the line."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()

    def __post_init__(self):
        if not self.header:
            _refuse(_("A table of the document has no header."))
        for n, row in enumerate(self.rows, 1):
            if len(row) != len(self.header):
                _refuse(
                    _("Row %(row)s of a table has %(got)s cells; the header has %(want)s."),
                    row=n,
                    got=len(row),
                    want=len(self.header),
                )
        if self.widths and len(self.widths) != len(self.header):
            _refuse(_("A table's widths do not match its header."))


Block = Paragraph | Heading | Table


@dataclass(frozen=True)
class Signature:
    """A signature block: "T/M BAN THƯỜNG VỤ" / "BÍ THƯ" / (signed, sealed) / "Nguyễn Thanh Sơn".

    `on_behalf_of` is the collective (T/M, T/L: "BAN THƯỜNG VỤ", "CHI BỘ") or the head's post
    (K/T: "BÍ THƯ"); with no authority the post stands alone (a minute-taker, "THƯ KÝ").
    """

    post: str
    name: str
    authority: Authority = Authority.NONE
    on_behalf_of: str = ""

    def __post_init__(self):
        object.__setattr__(self, "authority", Authority(self.authority))
        _upper(self.post, "chức vụ người ký")
        _required(self.name, "họ tên người ký")
        if self.authority != Authority.NONE:
            _upper(self.on_behalf_of, "tập thể hoặc người được ký thay")
        elif self.on_behalf_of:
            _refuse(_("A signature without T/M, K/T, T/L or Q. signs for no one else."))

    @property
    def authority_line(self) -> str:
        """ "T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", or "" when the signer signs in their own post."""
        return f"{self.authority} {self.on_behalf_of}" if self.authority else ""


@dataclass(frozen=True)
class Document:
    """One party document: every part HD 36 requires, in the order it prints them.

    `number` is None until the register issues it (the number line then leaves a blank to fill);
    `signature` signs on the right; `second_signature` (minutes: the minute-taker) on the left.
    """

    body: Body
    doc_type: DocType
    date: dt.date
    place: str
    signature: Signature
    number: int | None = None
    summary: str = ""
    blocks: tuple[Block, ...] = ()
    second_signature: Signature | None = None
    recipients: tuple[str, ...] = field(default=())
    addressee: str = ""  # "Kính gửi: ..." (a letter)

    def __post_init__(self):
        for name in ("blocks", "recipients"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        _required(self.place, "địa danh")
        if self.number is not None and (isinstance(self.number, bool) or self.number < 1):
            _refuse(_("A document number starts at 1: %(value)s"), value=self.number)
        for block in self.blocks:
            if not isinstance(block, Paragraph | Heading | Table):
                _refuse(_("A document's body holds paragraphs, headings and tables only."))
        for line in self.recipients:
            _required(line, "nơi nhận")

    @property
    def number_text(self) -> str:
        """ "74-KH/ĐUK"; under 10 with a leading zero ("05-QĐ/ĐUK"); a blank before issue."""
        number = f"{self.number:02d}" if self.number is not None else " " * 6
        return f"{number}-{self.doc_type.code}/{self.body.code}"

    @property
    def number_line(self) -> str:
        """ "Số 74-KH/ĐUK": no colon after "Số" (HD 36)."""
        return f"Số {self.number_text}"

    @property
    def date_line(self) -> str:
        """ "Hà Nội, ngày 27 tháng 10 năm 2022"; day and month under 10 with a leading zero."""
        d = self.date
        return f"{self.place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"

    @property
    def is_minutes(self) -> bool:
        return self.second_signature is not None
