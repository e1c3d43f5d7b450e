"""The Vietnamese catalog: complete, not fuzzy, compiled, and with the party's own words.

The .po file is parsed with a small reader (polib is not a dependency). Checking that every
msgstr comes back through gettext proves the committed django.mo matches the django.po: a
translation added to the .po but not compiled would come back as the English msgid.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

PO = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")
_CONTINUATION = re.compile(r"^(\".*\")\s*$")
# %(name)s, %(n)d, %s, %d ... and {name}; "%%" is a literal percent sign
_PLACEHOLDER = re.compile(r"%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{[^{}]*\}")


@dataclass
class Entry:
    line: int
    flags: set[str]
    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstrs: list[str]
    obsolete: bool


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal[1:-1])


def read_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header (msgid "") included."""
    entries: list[Entry] = []
    block: list[tuple[int, str]] = []
    for number, raw in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], start=1):
        if raw.strip():
            block.append((number, raw))
        elif block:
            entries.append(_entry(block))
            block = []
    return entries


def _entry(block: list[tuple[int, str]]) -> Entry:
    flags: set[str] = set()
    fields: dict[str, str] = {}
    current = None
    obsolete = False
    for _number, raw in block:
        line = raw
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].strip()
            if not line or line.startswith("|"):
                continue
        elif line.startswith("#,"):
            flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        elif line.startswith("#"):
            continue
        if m := _KEYWORD.match(line):
            current = m.group(1)
            fields[current] = _unquote(m.group(2))
        elif (m := _CONTINUATION.match(line)) and current:
            fields[current] += _unquote(m.group(1))
        else:
            raise AssertionError(f"{PO.name}:{block[0][0]}: cannot read {raw!r}")
    msgstrs = [fields[k] for k in sorted(fields, key=_plural_index) if k.startswith("msgstr")]
    return Entry(
        line=block[0][0],
        flags=flags,
        msgctxt=fields.get("msgctxt"),
        msgid=fields.get("msgid", ""),
        msgid_plural=fields.get("msgid_plural"),
        msgstrs=msgstrs,
        obsolete=obsolete,
    )


def _plural_index(key: str) -> int:
    m = re.search(r"\[(\d+)\]", key)
    return int(m.group(1)) if m else 0


ENTRIES = read_po(PO)
HEADER = next(e for e in ENTRIES if e.msgid == "" and e.msgctxt is None)
MESSAGES = [e for e in ENTRIES if e is not HEADER and not e.obsolete]


def where(e: Entry) -> str:
    return f"{PO.name}:{e.line} {e.msgid!r}"


def test_the_catalog_exists_and_is_compiled():
    assert PO.exists() and MO.exists()
    assert len(MESSAGES) > 100


def test_header_declares_vietnamese_with_one_plural_form():
    header = HEADER.msgstrs[0]
    assert "Language: vi\n" in header
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header
    assert "charset=UTF-8" in header
    assert "fuzzy" not in HEADER.flags


def test_no_entry_is_untranslated_or_fuzzy():
    untranslated = [where(e) for e in MESSAGES if not all(s.strip() for s in e.msgstrs)]
    fuzzy = [where(e) for e in MESSAGES if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_plural_entries_have_exactly_one_form():
    assert [where(e) for e in MESSAGES if e.msgid_plural and len(e.msgstrs) != 1] == []


def test_no_obsolete_entries_linger():
    assert [where(e) for e in ENTRIES if e.obsolete] == []


def test_placeholders_and_markup_are_kept():
    """%(name)s, %s, {name} and HTML tags of the msgid appear unchanged in the translation."""
    tag = re.compile(r"</?[a-zA-Z][^>]*>")
    problems = []
    for e in MESSAGES:
        for source in filter(None, (e.msgid, e.msgid_plural)):
            wanted = sorted(_PLACEHOLDER.findall(source))
            tags = sorted(tag.findall(source))
            for msgstr in e.msgstrs:
                if sorted(_PLACEHOLDER.findall(msgstr)) != wanted:
                    problems.append(f"{where(e)}: placeholders {wanted} → {msgstr!r}")
                if sorted(tag.findall(msgstr)) != tags:
                    problems.append(f"{where(e)}: markup {tags} → {msgstr!r}")
    assert problems == []


def test_the_compiled_catalog_matches_the_po_file():
    """Every msgstr comes back through gettext: the committed .mo is not older than the .po."""
    stale = []
    with translation.override("vi"):
        for e in MESSAGES:
            if e.msgid_plural:
                for n in (1, 5):
                    got = (
                        npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                        if e.msgctxt is not None
                        else ngettext(e.msgid, e.msgid_plural, n)
                    )
                    if got != e.msgstrs[0]:
                        stale.append(f"{where(e)} (n={n}): {got!r} != {e.msgstrs[0]!r}")
            else:
                got = pgettext(e.msgctxt, e.msgid) if e.msgctxt is not None else gettext(e.msgid)
                if got != e.msgstrs[0]:
                    stale.append(f"{where(e)}: {got!r} != {e.msgstrs[0]!r}")
    assert stale == [], "run `coso compilemessages -l vi` and commit django.mo"


@pytest.mark.parametrize(
    ("msgid", "vietnamese"),
    [
        # member statuses and removal reasons
        ("Official", "Chính thức"),
        ("Probationary", "Dự bị"),
        ("Exempted from party work", "Miễn công tác và sinh hoạt đảng"),
        ("Struck off", "Xóa tên"),
        ("Expelled", "Khai trừ"),
        ("Resigned", "Xin ra khỏi Đảng"),
        ("Deceased", "Từ trần"),
        ("Recognized as official member", "Công nhận đảng viên chính thức"),
        # organization kinds
        ("Superior committee", "Đảng bộ cấp trên cơ sở"),
        ("Grassroots committee", "Đảng bộ cơ sở"),
        ("Grassroots cell", "Chi bộ cơ sở"),
        ("Sub-committee", "Đảng bộ bộ phận"),
        # "Cell" is also the label of a candidate's cell (any chi bộ), so plain "Chi bộ" until
        # the kind gets its own msgctxt; then the kind should read "Chi bộ trực thuộc"
        ("Cell", "Chi bộ"),
        ("Party group", "Tổ đảng"),
        # roles
        ("Secretary", "Bí thư"),
        ("Deputy secretary", "Phó bí thư"),
        ("Committee member", "Cấp ủy viên"),
        ("Standing committee member", "Ủy viên Ban Thường vụ"),
        ("Inspection committee chair", "Chủ nhiệm Ủy ban Kiểm tra"),
        ("Party group leader", "Tổ trưởng đảng"),
        ("Office staff", "Cán bộ văn phòng"),
        # registry fields
        ("party card number", "số thẻ đảng viên"),
        ("record number", "số lý lịch"),
        ("admission date", "ngày vào Đảng"),
        ("recognition date", "ngày chính thức"),
        ("citizen ID (CCCD)", "số CCCD"),
        ("hometown", "quê quán"),
        ("permanent address", "nơi thường trú"),
        ("current address", "nơi ở hiện nay"),
        ("general education", "trình độ giáo dục phổ thông"),
        ("political theory", "lý luận chính trị"),
        # the login page
        ("Log in", "Đăng nhập"),
        ("Log in to coso", "Đăng nhập hệ thống coso"),
        ("Username", "Tên đăng nhập"),
        ("Password", "Mật khẩu"),
        (
            "The username or password is incorrect. Please check and try again.",
            "Tên đăng nhập hoặc mật khẩu chưa đúng. Xin vui lòng kiểm tra và thử lại.",
        ),
    ],
)
def test_key_terms(msgid, vietnamese):
    with translation.override("vi"):
        assert gettext(msgid) == vietnamese
    with translation.override("en"):
        assert gettext(msgid) == msgid


def test_plural_messages_read_naturally():
    with translation.override("vi"):
        assert ngettext("%(n)s member", "%(n)s members", 1) % {"n": 1} == "1 đảng viên"
        assert ngettext("%(n)s member", "%(n)s members", 25) % {"n": 25} == "25 đảng viên"
