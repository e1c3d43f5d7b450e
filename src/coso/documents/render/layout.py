"""How HD 36-HD/VPTW sets out a party document: the one place both renderers read.

`layout(document)` turns a description into a sequence of blocks, each line already carrying its
text, size, weight and alignment; the .docx and .pdf renderers only draw them. The page, the
margins and every size are here (DOMAIN §13; the rows marked [check] there are single constants).
"""

from __future__ import annotations

from dataclasses import dataclass

from coso.documents.render.description import PARTY_NAME, Document, Heading, Paragraph, Table

#: A4, in millimetres
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
#: HD 36 margins: top 20, bottom 20, left 30, right 15 mm [check: an older rule said 25/25/35/15]
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20.0, 20.0, 30.0, 15.0
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
#: the header band's and the signature band's left column, as a share of the text width
LEFT_SHARE = 0.45
#: line spacing: at least 18 pt, exactly (HD 36)
LINE_PT = 18.0
#: the first line's indent of a body paragraph, in millimetres
INDENT_MM = 10.0
#: the distance of the page number from the top edge, in millimetres
PAGE_NUMBER_TOP = 10.0
PAGE_NUMBER_SIZE = 13

#: sizes in points (DOMAIN §13)
SIZE_PARTY = 15  # "ĐẢNG CỘNG SẢN VIỆT NAM", bold, a solid rule under it
SIZE_HEADER = 14  # parent body; issuing body (bold); "*"; the number line
SIZE_DATE = 14  # place and date, italic
SIZE_TYPE = 16  # type name, bold
SIZE_SUMMARY = 14  # summary, bold
SIZE_BODY = 14
SIZE_TABLE = 12
SIZE_SIGNATURE = 14  # authority line bold; post [check: "14 caps"]; name bold
SIZE_RECIPIENTS_HEAD = 14  # "Nơi nhận:", underlined
SIZE_RECIPIENTS = 12
#: blank lines left for the hand signature and the seal
SIGNING_LINES = 4


@dataclass(frozen=True)
class Line:
    """One printed line (or wrapped paragraph) with its look; `align` L, C, R or J."""

    text: str
    size: float = SIZE_BODY
    bold: bool = False
    italic: bool = False
    underline: bool = False
    align: str = "C"
    indent: bool = False
    rule: bool = False  # a solid rule under the text (the party heading)


@dataclass(frozen=True)
class Band:
    """Two columns side by side: the header, or the signatures with "Nơi nhận"."""

    left: tuple[Line, ...]
    right: tuple[Line, ...]
    name: str  # "header" or "signature": renderers and tests tell them apart


@dataclass(frozen=True)
class TableBlock:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    size: float = SIZE_TABLE


Item = Line | Band | TableBlock


def header_band(doc: Document) -> Band:
    """Left: parent body, issuing body (bold), "*", the number line; right: the party's name
    (bold, ruled) and the place and date (italic), on the same band."""
    left = (
        Line(doc.body.parent, SIZE_HEADER),
        Line(doc.body.name, SIZE_HEADER, bold=True),
        Line("*", SIZE_HEADER),
        Line(doc.number_line, SIZE_HEADER),
    )
    right = (
        Line(PARTY_NAME, SIZE_PARTY, bold=True, rule=True),
        Line("", SIZE_HEADER),
        Line(doc.date_line, SIZE_DATE, italic=True),
    )
    return Band(left, right, "header")


def title(doc: Document) -> tuple[Line, ...]:
    lines = [Line("", SIZE_BODY), Line(doc.doc_type.name, SIZE_TYPE, bold=True)]
    if doc.summary:
        lines.append(Line(doc.summary, SIZE_SUMMARY, bold=True))
    lines.append(Line("", SIZE_BODY))
    if doc.addressee:
        lines += [Line(f"Kính gửi: {doc.addressee}", SIZE_BODY), Line("", SIZE_BODY)]
    return tuple(lines)


def body(doc: Document) -> tuple[Item, ...]:
    items: list[Item] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.align == "C" and items:  # a centred line stands apart from the text above
                items.append(Line("", SIZE_BODY))
            items.append(
                Line(
                    block.text,
                    SIZE_BODY,
                    bold=block.bold,
                    italic=block.italic,
                    align=block.align,
                    indent=block.indent,
                )
            )
        elif isinstance(block, Heading):
            items.append(Line(f"{block.number} {block.text}", SIZE_BODY, bold=True, align="L"))
        elif isinstance(block, Table):
            widths = block.widths or (1.0,) * len(block.header)
            total = sum(widths)
            items.append(TableBlock(block.header, block.rows, tuple(w / total for w in widths)))
    return tuple(items)


def signature_lines(signature) -> tuple[Line, ...]:
    lines = []
    if signature.authority_line:
        lines.append(Line(signature.authority_line, SIZE_SIGNATURE, bold=True))
    lines.append(Line(signature.post, SIZE_SIGNATURE))
    lines += [Line("", SIZE_SIGNATURE)] * SIGNING_LINES
    lines.append(Line(signature.name, SIZE_SIGNATURE, bold=True))
    return tuple(lines)


def recipient_lines(doc: Document) -> tuple[Line, ...]:
    if not doc.recipients:
        return ()
    head = Line("Nơi nhận:", SIZE_RECIPIENTS_HEAD, underline=True, align="L")
    return (head,) + tuple(Line(f"- {r}", SIZE_RECIPIENTS, align="L") for r in doc.recipients)


def closing(doc: Document) -> tuple[Item, ...]:
    """The signature band: "Nơi nhận" left and the signature right; minutes: the minute-taker
    left and the chair right, "Nơi nhận" under them."""
    right = signature_lines(doc.signature)
    if doc.second_signature is not None:
        left = signature_lines(doc.second_signature)
        # posts on one row, names on one row: the column without an authority line starts lower
        pad = (Line("", SIZE_SIGNATURE),) * abs(len(right) - len(left))
        left, right = (pad + left, right) if len(left) < len(right) else (left, pad + right)
        items: list[Item] = [Band(left, right, "signature")]
        recipients = recipient_lines(doc)
        return tuple(items + ([Line("", SIZE_BODY), *recipients] if recipients else []))
    return (Band(recipient_lines(doc), right, "signature"),)


def layout(doc: Document) -> tuple[Item, ...]:
    """The whole document, top to bottom."""
    return (header_band(doc), *title(doc), *body(doc), Line("", SIZE_BODY), *closing(doc))


def page_number(page: int) -> str:
    """The number printed at the top centre of page `page` of a document: none on page 1."""
    return str(page) if page >= 2 else ""
