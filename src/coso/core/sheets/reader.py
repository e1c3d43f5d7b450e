"""Opening an uploaded spreadsheet: recognizing what the file really is and handing out each
sheet's rows; no coso model is involved (the apps decide which sheet and which rows they want).

The file's bytes decide, not its name: an .xlsx is a zip with a workbook inside; an
OLE2 (Compound File) container is either a password-protected .xlsx or an old .xls; anything
else must be UTF-8 (or UTF-16) text to be read as CSV. Every refusal is a `FileRefused` with a
message for the user; sizes are checked before anything is parsed.
"""

from __future__ import annotations

import codecs
import csv
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

import python_calamine
from django.utils.translation import gettext as _

from .sheetparts import parse_in_parts, sheet_rows

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


#: one sheet: (name, rows, check_merged). `rows` iterates (1-based row number, cells) from the
#: sheet's first row, blank rows included; `check_merged(header_row)`, when given, refuses
#: merged cells once the header row is known
Sheet = tuple[str, Iterator[tuple[int, list]], Callable[[int], None] | None]


@dataclass
class Sheets:
    """What `open_sheets` found: the file's kind, its sheets (read lazily, in order) and the
    refusal to give when none holds anything."""

    kind: str  # "xlsx", "xls" or "csv"
    sheets: Iterable[Sheet]
    empty: str


def open_sheets(source: str | Path | bytes, filename: str = "") -> Sheets:
    """Open `source` (a path or the file's bytes) and return its sheets.

    Raises `FileRefused` with a clear message for an empty, unreadable, protected, too large
    or unrecognized file. Sizes are checked before anything is parsed (`check_upload`,
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
    kind = _workbook_kind(data, filename, unpacked)
    if kind == "csv":
        return _read_csv(data)
    if kind == "large":
        return _read_workbook_streaming(data)
    return _read_workbook(data, kind)


def _workbook_kind(data: bytes, filename: str, unpacked: int) -> str:
    """ "xlsx", "large" (an .xlsx read row by row), "xls" or "csv", from the file's first bytes;
    refuses a protected workbook, another kind of file, or a file named like a workbook that
    is not one."""
    head = data[:8]
    if head.startswith(ZIP_MAGIC):
        _check_declared_sizes(data)
        if len(data) > LARGE_XLSX_BYTES or unpacked > LARGE_XLSX_UNPACKED_BYTES:
            return "large"
        return "xlsx"
    if head == OLE2_MAGIC:
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            raise FileRefused(
                _(
                    "The workbook is protected with a password. Open it in Excel, remove the "
                    "password (File > Info > Protect Workbook) and save it again."
                )
            )
        return "xls"
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
    return "csv"


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


def _read_workbook(data: bytes, kind: str) -> Sheets:
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
            yield meta.name, sheet_rows(sheet, parts or ()), partial(_check_merged, sheet)

    return Sheets(kind, sheets(), _("The file is empty: no sheet holds any data."))


def _read_workbook_streaming(data: bytes) -> Sheets:
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

    return Sheets("xlsx", sheets(), _("The file is empty: no sheet holds any data."))


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


def _read_csv(data: bytes) -> Sheets:
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

    return Sheets("csv", [("", rows(), None)], _("The file is empty."))


def _excel_column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name
