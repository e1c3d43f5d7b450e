"""Uploads are bounded by their size and, for a workbook, by what it holds once unpacked and how
tightly it is packed, all read from the zip's directory BEFORE any parse: a zip bomb is refused
without a spreadsheet reader ever being called, on the page, in `coso import` and in the reader
the worker uses; a real file still imports."""

import io
import struct
import tracemalloc
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from coso.core.sheets import reader, sheetparts
from coso.core.sheets.reader import FileRefused
from coso.demo.samples import write_member_file
from coso.imports.models import ImportJob
from coso.imports.services import import_members, upload_dir
from tests.helpers import as_rows, member_row, snapshot, verified_login, xlsx_bytes

pytestmark = pytest.mark.django_db

#: one cell, repeated: deflate packs it ≈ 340:1
CELL = b'<c t="inlineStr"><is><t>AAAA</t></is></c>'
BOMB_SHEET_BYTES = 33 + 60 * 25000 * len(CELL) + 30  # the sheet below: 61,500,063 bytes
PACKED_MESSAGE = (
    "The workbook is packed abnormally tightly (a part unpacks to {ratio} times its size; at "
    "most 100): it is not a member list as Excel saves one and cannot be imported."
)
PACKED_MESSAGE_VI = (
    "Tệp Excel bị nén chặt bất thường (một thành phần giải nén ra gấp {ratio} lần kích thước; "
    "tối đa 100 lần): đây không phải danh sách đảng viên do Excel lưu nên không nhập được."
)
DAMAGED = "The workbook is damaged (incomplete or corrupt) and cannot be read."


def bomb() -> bytes:
    """A real .xlsx of ≈ 180 KB whose sheet is 61.5 MB of one cell repeated, written in
    pieces (the test never holds the sheet in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<worksheet><sheetData><row r="1">')
            piece = CELL * 25000
            for _ in range(60):
                sheet.write(piece)
            sheet.write(b"</row></sheetData></worksheet>")
    return out.getvalue()


def bomb_ratio(data: bytes) -> int:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size == BOMB_SHEET_BYTES
    return info.file_size // info.compress_size


@pytest.fixture
def no_parser(monkeypatch):
    """Every spreadsheet reader replaced by one that records the call and fails."""
    calls = []

    def refuse(name):
        def call(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} was called")

        return call

    class Calamine:
        from_filelike = staticmethod(refuse("calamine.from_filelike"))
        from_path = staticmethod(refuse("calamine.from_path"))

    import openpyxl

    monkeypatch.setattr(reader.python_calamine, "CalamineWorkbook", Calamine)
    monkeypatch.setattr(sheetparts.python_calamine, "CalamineWorkbook", Calamine)
    monkeypatch.setattr(openpyxl, "load_workbook", refuse("openpyxl.load_workbook"))
    monkeypatch.setattr(reader, "_read_csv", refuse("csv"))
    return calls


def test_zip_bomb_is_refused_before_any_parse_and_memory_stays_flat(tree, tmp_path, no_parser):
    data = bomb()
    assert len(data) < 400_000  # small on disk, 61.5 MB inside
    ratio = bomb_ratio(data)
    assert ratio > 300
    path = tmp_path / "bom.xlsx"
    path.write_bytes(data)
    before = snapshot()
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused) as info:
            import_members(path, filename="bom.xlsx")
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.message == PACKED_MESSAGE.format(ratio=ratio)
    assert no_parser == []
    # the file once (≈ 180 KB) and the zip's directory: nothing of the 61.5 MB is unpacked
    assert peak < 2 * 2**20
    assert snapshot() == before


def forged(data: bytes, name: str, declared: int) -> bytes:
    """`data` with the unpacked size of `name` declared as `declared` in both of its headers."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    out = bytearray(data)
    struct.pack_into("<I", out, info.header_offset + 22, declared)  # the local header
    # the central directory entry: its fixed 46 bytes, then the name
    entry = out.rfind(name.encode()) - 46
    assert out[entry : entry + 4] == b"PK\x01\x02"
    struct.pack_into("<I", out, entry + 24, declared)
    return bytes(out)


def test_a_bomb_with_a_forged_directory_is_refused_unpacking_no_more_than_declared(
    tree, tmp_path, no_parser
):
    # the directory claims 150 KB (packed < 100:1, under the ratio floor): only unpacking tells
    data = forged(bomb(), "xl/worksheets/sheet1.xml", 150_000)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    assert (info.file_size, info.file_size < 100 * info.compress_size) == (150_000, True)
    path = tmp_path / "gia.xlsx"
    path.write_bytes(data)
    before = snapshot()
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused) as refused:
            import_members(path, filename="gia.xlsx")
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.message == DAMAGED
    assert no_parser == []
    assert peak < 6 * 2**20  # a piece or two of 1 MB, not 61.5 MB
    assert snapshot() == before


def test_too_many_parts(tree, tmp_path, no_parser):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(500):
            archive.writestr(f"xl/media/image{n}.png", b"x")
    path = tmp_path / "nhieu.xlsx"
    path.write_bytes(out.getvalue())
    before = snapshot()
    with pytest.raises(FileRefused) as info:
        import_members(path, filename="nhieu.xlsx")
    assert info.value.message == (
        "The workbook has too many parts (501; at most 500): it is not a member list as Excel "
        "saves one and cannot be imported."
    )
    assert no_parser == []
    assert snapshot() == before


def test_unpacked_size_limit_admits_up_to_it_and_refuses_beyond(tree, tmp_path, monkeypatch):
    path = write_member_file(tmp_path / "ds.xlsx", 1200, ["DUK-BK-CNTT"])
    unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    assert 2 * 2**20 < unpacked < 3 * 2**20
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", unpacked)
    assert import_members(path, filename="ds.xlsx", dry_run=True).plan.total == 1200
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", unpacked - 1)
    before = snapshot()
    with pytest.raises(FileRefused) as info:
        import_members(path, filename="ds.xlsx")
    assert info.value.message == (
        "The workbook is too large once unpacked (2 MB; at most 2 MB). Split the list into "
        "several files."
    )
    assert snapshot() == before


def test_the_limits_admit_a_real_export_and_a_tightly_packed_one_is_streamed(
    tree, tmp_path, monkeypatch
):
    path = write_member_file(tmp_path / "ds.xlsx", 300, ["DUK-BK-CNTT", "DUK-BK-CK"])
    (sheet,) = [
        i for i in zipfile.ZipFile(path).infolist() if i.filename.startswith("xl/worksheets/")
    ]
    assert sheet.file_size < 20 * sheet.compress_size  # coso's own export: far below 100:1
    streamed = []
    original = reader._read_workbook_streaming
    monkeypatch.setattr(
        reader, "_read_workbook_streaming", lambda data: streamed.append(1) or original(data)
    )
    result = import_members(path, filename="ds.xlsx")
    assert (result.created, result.plan.invalid, streamed) == (300, 0, [])
    # the same kind of file holding more than LARGE_XLSX_UNPACKED_BYTES is read row by row
    monkeypatch.setattr(reader, "LARGE_XLSX_UNPACKED_BYTES", sheet.file_size)
    assert import_members(path, filename="ds.xlsx", dry_run=True).plan.unchanged == 300
    assert streamed == [1]


def test_csv_is_bounded_by_its_size(tree, tmp_path, monkeypatch, no_parser):
    path = write_member_file(tmp_path / "ds.csv", 5000, ["DUK-BK-CNTT"])
    assert 2 * 2**20 < path.stat().st_size < 3 * 2**20
    monkeypatch.setattr(reader, "MAX_CSV_BYTES", 2**20)
    before = snapshot()
    with pytest.raises(FileRefused) as info:
        import_members(path, filename="ds.csv")
    assert info.value.message == "The file is too large (2 MB; at most 1 MB)."
    assert no_parser == []
    assert snapshot() == before


@pytest.mark.parametrize("in_memory", [True, False])
def test_the_page_refuses_a_bomb_in_vietnamese_and_stores_nothing(
    client, office, tree, no_parser, settings, in_memory
):
    # Django keeps small uploads in memory and writes larger ones to a temporary file
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2**30 if in_memory else 1024
    verified_login(client, office)  # no language cookie: the page speaks Vietnamese
    data = bomb()
    upload = io.BytesIO(data)
    upload.name = "bom.xlsx"
    before = snapshot()
    stored = sorted(upload_dir().iterdir())
    response = client.post(reverse("import_home"), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": [PACKED_MESSAGE_VI.format(ratio=bomb_ratio(data))]
    }
    assert PACKED_MESSAGE_VI.format(ratio=bomb_ratio(data)) in response.content.decode()
    assert no_parser == []
    assert ImportJob.objects.count() == 0
    assert sorted(upload_dir().iterdir()) == stored
    assert snapshot() == before


def test_the_page_still_takes_a_normal_file(login, office, tree):
    client = login(office)
    upload = io.BytesIO(xlsx_bytes(as_rows([member_row(1), member_row(2)])))
    upload.name = "ds.xlsx"
    response = client.post(reverse("import_home"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert (job.status, job.new_rows, job.invalid_rows) == ("previewed", 2, 0)


def test_the_cli_refuses_a_bomb_in_vietnamese(tree, tmp_path, no_parser):
    data = bomb()
    path = tmp_path / "bom.xlsx"
    path.write_bytes(data)
    before = snapshot()
    with translation.override("vi"), pytest.raises(CommandError) as info:
        call_command("import", "members", str(path))
    assert str(info.value) == PACKED_MESSAGE_VI.format(ratio=bomb_ratio(data))
    assert no_parser == []
    assert snapshot() == before
