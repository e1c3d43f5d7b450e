"""Opening an uploaded spreadsheet: recognizing what the file really is, finding the sheet and
the header row, and handing out its rows.

The file's bytes decide, not its name: an .xlsx is a zip with a workbook inside; an
OLE2 (Compound File) container is either a password-protected .xlsx or an old .xls; anything
else must be UTF-8 (or UTF-16) text to be read as CSV. Every refusal is a `FileRefused` with a
message for the user; nothing is written before the whole file has been read and checked.

Which sheet: the first sheet whose first rows hold a recognizable header row. A workbook whose
first sheet is empty (or holds notes) and whose second sheet holds the table is read from the
second sheet, and the preview says which sheet was read.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

import python_calamine
from django.utils.translation import gettext as _

from .columns import ImportColumn, column_for_header
from .sheetparts import parse_in_parts

#: where the header row may be: title lines above it are common in offices' files
HEADER_SEARCH_ROWS = 10

# --- what an upload may hold: every limit in one place, all checked before any parse ------
# Measured on 2026-12-06 (`samples.write_member_file`, the export's layout): 200,000 members
# are a 52.8 MB .xlsx whose sheet is 391.5 MB of XML packed 7.4:1 (the other parts are 3 KB),
# or a 104.6 MB CSV. The limits admit that with room to spare; a zip bomb (394 KB inflating to
# 403 MB: a part packed 1,000:1) is refused from the zip's central directory alone.
#: the largest workbook (.xlsx, .xls) accepted, as uploaded
MAX_FILE_BYTES = 100 * 2**20
#: the largest CSV accepted (its text is read whole: no packing, so only its size counts)
MAX_CSV_BYTES = 160 * 2**20
#: the most a workbook may hold once unpacked, all its parts together (2× 200,000 rows)
MAX_UNPACKED_BYTES = 800 * 2**20
#: how tightly one part may be packed (unpacked size / packed size); Excel's and coso's
#: own sheets pack 5-15:1, a sheet of one cell repeated ≈ 1,000:1
MAX_PACKING_RATIO = 100
#: parts smaller than this are not judged by their ratio (a few repetitive KB pack tightly
#: and weigh nothing)
RATIO_FLOOR_BYTES = 2**20
#: the most parts a workbook may have (one sheet from Excel: about 10)
MAX_ZIP_ENTRIES = 500
#: python-calamine holds the whole sheet in memory (≈ 18× the .xlsx size); above this size
#: (≈ 80,000 rows) the workbook is streamed with openpyxl's read-only mode instead: slower,
#: but memory stays flat (a 200,000-row import stays under 500 MB)
LARGE_XLSX_BYTES = 16 * 2**20
#: the same choice by what the workbook holds unpacked (a 16 MB export holds ≈ 120 MB): a
#: file packed more tightly than coso's own is streamed too, whatever its size on disk
LARGE_XLSX_UNPACKED_BYTES = 160 * 2**20

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_NOT_SPREADSHEETS = [
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"%PDF", "PDF"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7-Zip"),
    (b"\x1f\x8b", "gzip"),
]


class FileRefused(Exception):
    """The file cannot be imported at all; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The rows of the sheet that holds the members, with its recognized columns."""

    sheet_name: str
    header_row: int  # 1-based row number of the header in the file
    headers: list[str]
    columns: list[ImportColumn | None]  # per file column: what it holds (None: not ours)
    rows: Iterator[tuple[int, list]]  # (1-based row number, cells), blank rows left out
    ignored_headers: list[str] = field(default_factory=list)
    kind: str = "xlsx"


def _required_problem(keys: set[str]) -> str | None:
    from .columns import column_label

    missing = []
    if "full_name" not in keys and not {"family_name", "given_name"} <= keys:
        missing.append(column_label("full_name"))
    for key in ("sex", "birth_date", "organization_code"):
        if key not in keys:
            missing.append(column_label(key))
    if "cccd" not in keys and "party_card_number" not in keys:
        missing.append(column_label("cccd"))
    if missing:
        return _("The file lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)}
    return None


def _is_blank(row) -> bool:
    """No cell holds a value (empty, or only spaces). Stops at the first real value, usually
    the first cell: a plain loop, no generator to set up for each of the file's rows."""
    for v in row:
        if v and (v.__class__ is not str or not v.isspace()):
            return False
    return True


def _match_header(cells: list) -> tuple[list[ImportColumn | None], int]:
    columns = [column_for_header(c) if isinstance(c, str) and c.strip() else None for c in cells]
    return columns, sum(1 for c in columns if c is not None)


def _find_header(
    candidate_rows: list[tuple[int, list]],
) -> tuple[int, list, list[ImportColumn | None]] | None:
    """The first row recognizing at least three columns (or None)."""
    for number, cells in candidate_rows:
        columns, hits = _match_header(cells)
        if hits >= 3:
            return number, cells, columns
    return None


def _first_table(sheets, kind: str, empty: str) -> Table:
    """The member table of the first of `sheets` whose first rows hold a usable header row.

    `sheets` yields (name, rows, check_merged): `rows` iterates (1-based row number, cells) from
    the sheet's first row, blank rows included; `check_merged(header_row)`, when given, refuses
    merged cells once the header row is known. The rows below the header are handed out as they
    are read, blank ones left out. Refuses the file with the first sheet's column problem, else
    `empty` when no sheet holds anything in its first rows, else for want of a header row."""
    found_any = False
    first_problem: str | None = None
    for name, rows, check_merged in sheets:
        head = [
            (n, cells)
            for n, cells in itertools.islice(rows, HEADER_SEARCH_ROWS)
            if not _is_blank(cells)
        ]
        if not head:
            continue
        found_any = True
        found = _find_header(head)
        if found is None:
            continue
        number, headers, columns = found
        if check_merged is not None:
            check_merged(number)
        try:
            ignored = _check_columns(headers, columns)
        except FileRefused as refused:
            first_problem = first_problem or refused.message
            continue

        def generate(head=head, rows=rows, number=number):
            for n, cells in head:
                if n > number:
                    yield n, cells
            for n, cells in rows:
                if not _is_blank(cells):
                    yield n, cells

        return Table(
            sheet_name=name,
            header_row=number,
            headers=[str(h).strip() if h is not None else "" for h in headers],
            columns=columns,
            rows=generate(),
            ignored_headers=ignored,
            kind=kind,
        )
    if first_problem:
        raise FileRefused(first_problem)
    raise FileRefused(empty if not found_any else _no_header_message())


def _check_columns(headers: list, columns: list[ImportColumn | None]) -> list[str]:
    seen: dict[str, str] = {}
    for header, col in zip(headers, columns, strict=False):
        if col is None:
            continue
        if col.key in seen and col.kind != "ignore":
            raise FileRefused(
                _("The columns %(first)s and %(second)s hold the same data; keep one.")
                % {"first": seen[col.key], "second": str(header).strip()}
            )
        seen[col.key] = str(header).strip()
    problem = _required_problem(set(seen))
    if problem:
        raise FileRefused(problem)
    return [
        str(h).strip()
        for h, c in zip(headers, columns, strict=False)
        if c is None and str(h or "").strip()
    ]


def _excel_column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def read_table(source: str | Path | bytes, filename: str = "") -> Table:
    """Open `source` (a path or the file's bytes) and return its member table.

    Raises `FileRefused` with a clear message for an empty, unreadable, protected, too large
    or wrongly laid out file. Sizes are checked before anything is parsed (`check_upload`,
    then every part of a workbook is unpacked once, in pieces and thrown away, to hold the
    zip to what its directory declares).
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        _check_raw_size(path.stat().st_size, MAX_CSV_BYTES)
        data = path.read_bytes()
    unpacked = check_upload(io.BytesIO(data), len(data))
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    head = data[:8]
    if head.startswith(ZIP_MAGIC):
        _check_declared_sizes(data)
        if len(data) > LARGE_XLSX_BYTES or unpacked > LARGE_XLSX_UNPACKED_BYTES:
            return _read_workbook_streaming(data)
        return _read_workbook(data, "xlsx")
    if head == OLE2_MAGIC:
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            raise FileRefused(
                _(
                    "The workbook is protected with a password. Open it in Excel, remove the "
                    "password (File > Info > Protect Workbook) and save it again."
                )
            )
        return _read_workbook(data, "xls")
    for magic, kind in _NOT_SPREADSHEETS:
        if head.startswith(magic):
            raise FileRefused(
                _("The file is a %(kind)s file, not a spreadsheet (.xlsx or .csv).")
                % {"kind": kind}
            )
    lowered = filename.lower()
    if lowered.endswith((".xlsx", ".xlsm", ".xls")):
        raise FileRefused(
            _(
                "The file is named like an Excel workbook but is not one. Open it in Excel "
                "and save it as .xlsx."
            )
        )
    return _read_csv(data)


# --- sizes: before any parse ------------------------------------------------------------


def _check_raw_size(size: int, limit: int) -> None:
    if size > limit:
        raise FileRefused(
            _("The file is too large (%(size)d MB; at most %(max)d MB).")
            % {"size": size // 2**20, "max": limit // 2**20}
        )


def check_upload(file: BinaryIO, size: int) -> int:
    """Refuse a file too large as it is, or (a zip: .xlsx) once unpacked, from its size and
    the zip's central directory alone: nothing is unpacked or parsed. Returns the unpacked
    size (the file's size for anything but a zip) and leaves `file` at its start.

    The page's upload form and `read_table` (the page's check, the worker and `coso import`)
    both call it, so all refuse with the same message."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(ZIP_MAGIC):
        _check_raw_size(size, MAX_FILE_BYTES if head == OLE2_MAGIC else MAX_CSV_BYTES)
        return size
    _check_raw_size(size, MAX_FILE_BYTES)
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise FileRefused(
            _("The workbook is damaged (incomplete or corrupt) and cannot be read.")
        ) from None
    finally:
        file.seek(0)
    if len(parts) > MAX_ZIP_ENTRIES:
        raise FileRefused(
            _(
                "The workbook has too many parts (%(count)d; at most %(max)d): it is not a "
                "member list as Excel saves one and cannot be imported."
            )
            % {"count": len(parts), "max": MAX_ZIP_ENTRIES}
        )
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused(
            _(
                "The workbook is too large once unpacked (%(size)d MB; at most %(max)d MB). "
                "Split the list into several files."
            )
            % {"size": unpacked // 2**20, "max": MAX_UNPACKED_BYTES // 2**20}
        )
    for part in parts:
        if part.file_size > RATIO_FLOOR_BYTES and (
            part.file_size > MAX_PACKING_RATIO * part.compress_size
        ):
            raise FileRefused(
                _(
                    "The workbook is packed abnormally tightly (a part unpacks to %(ratio)d "
                    "times its size; at most %(max)d): it is not a member list as Excel saves "
                    "one and cannot be imported."
                )
                % {"ratio": part.file_size // max(part.compress_size, 1), "max": MAX_PACKING_RATIO}
            )
    if not {"xl/workbook.xml", "xl/workbook.bin"} & {p.filename for p in parts}:
        raise FileRefused(_("The file is a zip archive but not an Excel workbook (.xlsx)."))
    return unpacked


#: unpacked in pieces of at most this many bytes (memory stays flat whatever the file)
_PIECE = 2**20


def _check_declared_sizes(data: bytes) -> None:
    """Unpack every part of the zip `data` once, a piece at a time, and refuse the file as
    damaged if a part holds other than its directory entry declares (a forged directory
    would get past `check_upload`, and calamine's zip reader trusts it): at most `_PIECE`
    bytes beyond the declared size are ever unpacked, and nothing is kept. ≈ 0.8 s for the
    400 MB of a 200,000-row file."""
    damaged = FileRefused(_("The workbook is damaged (incomplete or corrupt) and cannot be read."))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    view = memoryview(data)
    try:
        for part in parts:
            start = part.header_offset
            if view[start : start + 4] != ZIP_MAGIC:
                raise damaged
            name_length, extra_length = struct.unpack_from("<HH", view, start + 26)
            begin = start + 30 + name_length + extra_length
            packed = view[begin : begin + part.compress_size]
            if part.compress_type == zipfile.ZIP_STORED:
                size = len(packed)
            elif part.compress_type == zipfile.ZIP_DEFLATED:
                size = _inflated_size(packed, part.file_size)
            else:  # Excel writes only these two; the readers may not know the others
                raise damaged
            if size != part.file_size:  # a forged or broken directory
                raise damaged
    except (zlib.error, struct.error):
        raise damaged from None
    finally:
        view.release()


def _inflated_size(packed: memoryview, declared: int) -> int:
    """The size of the deflated `packed` once inflated, counting no further than one piece
    past `declared`."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    for at in range(0, len(packed), _PIECE):
        pending = packed[at : at + _PIECE]
        while pending:
            size += len(inflater.decompress(pending, _PIECE))
            if size > declared:
                return size
            pending = inflater.unconsumed_tail
    return size + len(inflater.flush())


# --- workbooks ---------------------------------------------------------------------------


def _read_workbook(data: bytes, kind: str) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise FileRefused(
            _(
                "The workbook is protected with a password. Open it in Excel, remove the "
                "password and save it again."
            )
        ) from None
    except Exception:  # noqa: BLE001 - calamine raises several error types for bad files
        raise FileRefused(
            _("The workbook is damaged (incomplete or corrupt) and cannot be read.")
        ) from None

    def sheets():
        for index, meta in enumerate(workbook.sheets_metadata):
            try:
                # a large sheet is parsed in parts, one per core (`sheetparts`)
                parts = parse_in_parts(data, index, meta.name) if kind == "xlsx" else None
                sheet = parts[0] if parts else workbook.get_sheet_by_index(index)
            except Exception:  # noqa: BLE001
                raise FileRefused(
                    _("The sheet %(sheet)s is damaged and cannot be read.") % {"sheet": meta.name}
                ) from None
            yield meta.name, _calamine_rows(sheet, parts or ()), partial(_check_merged, sheet)

    return _first_table(sheets(), kind, _("The file is empty: no sheet holds any data."))


def _calamine_rows(sheet, parts) -> Iterator[tuple[int, list]]:
    """(1-based row number, cells) of a calamine sheet from its first row, and of the sheet's
    later `parts` (see `sheetparts`) after it, each cell in its own column."""
    # iter_rows starts at row 1 but at the first used column: put the columns back
    offset = sheet.start[1] if sheet.height else 0
    for n, cells in enumerate(sheet.iter_rows(), start=1):
        yield n, ([""] * offset + cells) if offset else cells
    for part in parts[1:]:
        # each later part's rows are numbered from the top of the sheet: skip ahead
        first, offset = part.start
        for n, cells in enumerate(itertools.islice(part.iter_rows(), first, None), start=first + 1):
            yield n, ([""] * offset + cells) if offset else cells


def _read_workbook_streaming(data: bytes) -> Table:
    """A large .xlsx, row by row (openpyxl read-only): the same rows as `_read_workbook`,
    empty cells as "". Merged cells are not reported in this mode (openpyxl's read-only
    sheets do not load them)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many error types for bad files
        raise FileRefused(
            _("The workbook is damaged (incomplete or corrupt) and cannot be read.")
        ) from None

    def sheets():
        for sheet in workbook.worksheets:
            values = sheet.iter_rows(values_only=True)
            rows = (["" if v is None else v for v in cells] for cells in values)
            yield sheet.title, enumerate(rows, start=1), None

    return _first_table(sheets(), "xlsx", _("The file is empty: no sheet holds any data."))


def _no_header_message() -> str:
    from .columns import template_headers

    return _(
        "No header row was recognized in the first %(n)d rows. The first row of the table must "
        "hold the column names of the template, e.g. %(example)s."
    ) % {"n": HEADER_SEARCH_ROWS, "example": ", ".join(template_headers()[1:5])}


def _check_merged(sheet, header_row: int) -> None:
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # noqa: BLE001 - formats without merge information
        return
    for (r0, c0), (r1, c1) in ranges:
        if r1 + 1 < header_row:
            continue  # a merged title above the table is fine
        where = f"{_excel_column(c0)}{r0 + 1}:{_excel_column(c1)}{r1 + 1}"
        if r0 + 1 <= header_row <= r1 + 1:
            raise FileRefused(
                _(
                    "The header row has merged cells (%(range)s). Each column needs its own "
                    "header: unmerge the cells and name every column."
                )
                % {"range": where}
            )
        raise FileRefused(
            _(
                "The table has merged cells (%(range)s); a merged cell leaves the rows below "
                "it empty. Unmerge the cells and fill every row."
            )
            % {"range": where}
        )


# --- CSV ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise FileRefused(
        _(
            "The file is neither an Excel workbook (.xlsx) nor a CSV text file in UTF-8. "
            "Save it from Excel as .xlsx, or as “CSV UTF-8”."
        )
    )


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    sample = text[:65536]
    if "\x00" in sample or sum(1 for ch in sample if ch < " " and ch not in "\t\r\n") > 0:
        raise FileRefused(
            _(
                "The file is neither an Excel workbook (.xlsx) nor a CSV text file in UTF-8. "
                "Save it from Excel as .xlsx, or as “CSV UTF-8”."
            )
        )
    first_line = sample.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows():
        try:
            yield from enumerate(reader, start=1)
        except csv.Error:
            raise FileRefused(_("The CSV file is malformed (unbalanced quotes).")) from None

    return _first_table([("", rows(), None)], "csv", _("The file is empty."))
