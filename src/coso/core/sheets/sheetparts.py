"""Parsing one large worksheet on every core: the sheet's XML cut at row boundaries.

python-calamine parses a whole sheet in one call, in Rust, with the GIL released; on its own
that call is three quarters of the time it takes to read a member file. A large sheet is
therefore cut into consecutive runs of `<row>` elements, each run wrapped in the sheet's own
opening (without `<dimension>`) and closing tags and stored, with the workbook's other parts,
in an uncompressed workbook file of its own (a temporary file, deleted once parsed: calamine
reads it from disk, so memory holds the sheet's XML once); the runs are parsed by one thread
each, at once.

The cells come back exactly as from the whole sheet: the rows keep their `r` numbers (a run
is only cut before a `<row r="...">`, so calamine places every row where it was), shared
strings and styles are the workbook's own, and what follows the rows (merged cells, filters)
stays with the first run, which `coso.core.sheets.reader` reads for merged cells. Anything unusual (no row
numbers, a sheet the workbook does not name, a small sheet) returns None and the sheet is
parsed whole.
"""

from __future__ import annotations

import io
import itertools
import os
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from xml.etree import ElementTree

import python_calamine

#: sheets whose XML is at least this large are parsed in parts (smaller ones gain nothing)
PARALLEL_SHEET_BYTES = 4 * 2**20

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_NUMBERED_ROW = re.compile(rb"<(\w+:)?row\s[^>]*\br=\"\d+\"")


def _parts_count() -> int:
    return min(os.cpu_count() or 1, 4)


def _sheet_paths(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, path in the zip) in the workbook's order, as calamine lists them."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    paths = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join("xl", target))
        paths.append((sheet.get("name", ""), path))
    return paths


def _cuts(xml: bytes, start: int, end: int, parts: int) -> list[int] | None:
    """Offsets of `parts` runs of rows between `start` and `end`, each beginning at a
    numbered `<row>`; None when a cut would land on a row without its number."""
    cuts = [start]
    for k in range(1, parts):
        at = xml.find(b"<row", start + (end - start) * k // parts, end)
        if at < 0 or not _NUMBERED_ROW.match(xml, at):
            return None
        if at > cuts[-1]:
            cuts.append(at)
    cuts.append(end)
    return cuts


def parse_in_parts(data: bytes, index: int, name: str):
    """The sheet `index` (named `name`) of the .xlsx `data` as a list of calamine sheets, one
    per run of rows and in row order, parsed in parallel; None when the sheet should be
    parsed whole (small, or laid out in a way the cut does not handle)."""
    parts = _parts_count()
    if parts < 2:
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        paths = _sheet_paths(archive)
        if index >= len(paths) or paths[index][0] != name:
            return None
        path = paths[index][1]
        if archive.getinfo(path).file_size < PARALLEL_SHEET_BYTES:
            return None
        xml = archive.read(path)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError):
        return None
    first = xml.find(b"<row")
    end = xml.rfind(b"</sheetData>")
    if first < 0 or end < first or not _NUMBERED_ROW.match(xml, first):
        return None
    cuts = _cuts(xml, first, end, parts)
    if cuts is None or len(cuts) < 3:
        return None
    opening = _DIMENSION.sub(b"", xml[:first])
    closing = b"</sheetData>" + xml[xml.rfind(b"</") :]  # and the worksheet's end tag
    others = [(m, archive.read(m)) for m in archive.namelist() if m != path]
    view = memoryview(xml)
    with tempfile.TemporaryDirectory(prefix="coso-sheet-") as tmp:
        # each part goes to a file that calamine reads by itself: no second copy in memory
        files = []
        for k in range(len(cuts) - 1):
            file = os.path.join(tmp, f"{k}.xlsx")
            with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED) as out:
                for member, content in others:
                    out.writestr(member, content)
                with out.open(path, "w", force_zip64=True) as sheet:
                    sheet.write(opening)
                    sheet.write(view[cuts[k] : cuts[k + 1]])
                    sheet.write(view[end:] if k == 0 else closing)
            files.append(file)
        view.release()
        del view, xml

        def parse(file: str):
            return python_calamine.CalamineWorkbook.from_path(file).get_sheet_by_index(index)

        with ThreadPoolExecutor(len(files)) as pool:
            return list(pool.map(parse, files))


def sheet_rows(sheet, parts) -> Iterator[tuple[int, list]]:
    """(1-based row number, cells) of a calamine sheet from its first row, and of the sheet's
    later `parts` (`parse_in_parts`) after it, each cell in its own column."""
    # iter_rows starts at row 1 but at the first used column: put the columns back
    offset = sheet.start[1] if sheet.height else 0
    for n, cells in enumerate(sheet.iter_rows(), start=1):
        yield n, ([""] * offset + cells) if offset else cells
    for part in parts[1:]:
        # each later part's rows are numbered from the top of the sheet: skip ahead
        first, offset = part.start
        for n, cells in enumerate(itertools.islice(part.iter_rows(), first, None), start=first + 1):
            yield n, ([""] * offset + cells) if offset else cells
