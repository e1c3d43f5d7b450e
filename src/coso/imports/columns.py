"""The member spreadsheet layout: which header means which registry field, and how each cell
is read.

One layout serves the export, the template and the import: the export's columns
(`coso.members.exports.member_columns`) are accepted back as they are, in Vietnamese or in
English, and a few headers common in offices' own files are accepted too ("STT", "Họ tên",
"Số CCCD/CMND", "Mã chi bộ", ...). Headers are compared folded (no accents, no case, no
punctuation), so "NGÀY SINH" and "Ngày sinh:" are the same column.

Each province and ward has a code column after its name column (the export writes both);
`coso.imports.matching` reads the pair, the code winning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coso.core.text import fold
from coso.members.exports import CODE_HEADERS, DEPARTURE_HEADERS, member_columns
from coso.members.models import Member, MembershipEvent
from coso.members.services import RECORD_FIELDS

#: column kinds; each has a cell reader in `coso.imports.cells`
TEXT, NAME, DATE, SEX, STATUS, PROVINCE, WARD, CCCD, CARD, PHONE, EMAIL, ORG, IGNORE = (
    "text", "name", "date", "sex", "status", "province", "ward", "cccd", "card", "phone",
    "email", "org", "ignore",
)  # fmt: skip
#: a place's code, next to its name (`coso.imports.matching`)
PROVINCE_CODE, WARD_CODE = "province_code", "ward_code"
#: a departure's reason (a `LeavingReason`): `cells.leaving_reason`
REASON = "reason"
#: the departure's columns of a member who has left (`coso.imports.leavers`), and the field
#: of the departure event whose length bounds each text
DEPARTURE_KEYS = ("left_on", "leaving_reason", "leaving_document")
_DEPARTURE_LENGTHS = {"leaving_document": "document_number"}
#: the first cell ("No.") of the template's example row (`coso.imports.template`): a row whose
#: "No." cell says this is left out of the import (`is_example`)
EXAMPLE_MARKER = "Ví dụ"
_EXAMPLE_FOLDED = {"vi du", "example"}


@dataclass(frozen=True)
class ImportColumn:
    """A column the importer understands: the field it fills and how its cells are read."""

    key: str  # a Member field name, or "full_name", "organization_code", "number", ...
    kind: str
    extra_headers: tuple[str, ...] = ()
    max_length: int = 0
    aliases: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def label(self) -> str:
        return column_label(self.key)


def normalize_header(text: object) -> str:
    """Folded header: lower-case ASCII words, punctuation dropped ("Ngày sinh:" -> "ngay sinh")."""
    return re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).strip()


def _max_length(name: str) -> int:
    if name in _DEPARTURE_LENGTHS:
        return MembershipEvent._meta.get_field(_DEPARTURE_LENGTHS[name]).max_length
    try:
        return Member._meta.get_field(name).max_length or 0
    except Exception:  # noqa: BLE001 - pseudo-fields have no model field
        return 0


_SPECS: list[tuple[str, str, tuple[str, ...]]] = [
    ("number", IGNORE, ("STT", "TT", "Số TT", "Số thứ tự", "No", "#")),
    ("full_name", NAME, ("Họ tên", "Họ và tên đảng viên", "Họ tên đảng viên", "Name")),
    ("family_name", NAME, ("Họ",)),
    ("middle_name", NAME, ("Tên đệm", "Đệm", "Chữ đệm")),
    ("given_name", NAME, ("Tên",)),
    ("other_names", TEXT, ("Bí danh",)),
    ("sex", SEX, ("Giới tính", "Nam/Nữ", "Gender")),
    ("birth_date", DATE, ("Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày", "DOB")),
    ("ethnicity", TEXT, ()),
    ("religion", TEXT, ()),
    ("cccd", CCCD, ("CCCD", "Số CCCD/CMND", "Số căn cước", "Số căn cước công dân", "Số định danh")),
    ("hometown", TEXT, ()),
    ("hometown_province", PROVINCE, ()),
    ("hometown_province_code", PROVINCE_CODE, ()),
    ("permanent_address", TEXT, ("Địa chỉ thường trú",)),
    ("permanent_ward", WARD, ()),
    ("permanent_ward_code", WARD_CODE, ()),
    ("permanent_province", PROVINCE, ()),
    ("permanent_province_code", PROVINCE_CODE, ()),
    ("current_address", TEXT, ("Chỗ ở hiện nay", "Địa chỉ hiện nay")),
    ("current_ward", WARD, ()),
    ("current_ward_code", WARD_CODE, ()),
    ("current_province", PROVINCE, ()),
    ("current_province_code", PROVINCE_CODE, ()),
    ("phone", PHONE, ("Điện thoại", "SĐT", "Số ĐT")),
    ("email", EMAIL, ("E-mail", "Thư điện tử")),
    ("education_general", TEXT, ("Giáo dục phổ thông",)),
    ("education_professional", TEXT, ("Chuyên môn", "Chuyên môn nghiệp vụ")),
    ("political_theory", TEXT, ("Lý luận chính trị", "LLCT")),
    ("foreign_language", TEXT, ()),
    ("it_level", TEXT, ()),
    ("occupation", TEXT, ()),
    ("workplace", TEXT, ("Đơn vị công tác",)),
    ("position", TEXT, ("Chức vụ chính quyền",)),
    ("record_number", TEXT, ("Số lý lịch đảng viên",)),
    ("party_card_number", CARD, ("Số thẻ Đảng", "Số thẻ", "Thẻ đảng viên")),
    ("admitted_on", DATE, ("Ngày kết nạp", "Ngày vào đảng")),
    ("admitting_organization", TEXT, ("Nơi kết nạp",)),
    ("introducers", TEXT, ("Người giới thiệu vào Đảng",)),
    ("recognized_on", DATE, ("Ngày công nhận chính thức",)),
    ("organization_code", ORG, ("Mã chi bộ", "Mã tổ chức", "Mã đơn vị", "Org code")),
    ("organization_name", IGNORE, ("Tên chi bộ", "Chi bộ", "Tổ chức đảng")),
    ("status", STATUS, ("Trạng thái",)),
    ("left_on", DATE, ("Ngày ra khỏi Đảng", "Ngày ra khỏi danh sách", "Date of leaving")),
    ("leaving_reason", REASON, ("Lý do thôi sinh hoạt", "Leaving reason")),
    ("leaving_document", TEXT, ("Số quyết định ra khỏi Đảng", "Số quyết định thôi sinh hoạt")),
]

#: registry fields the importer writes, in the order a parsed row holds them: the order of the
#: record tuples `coso.members.services.bulk` writes (the registry's editable fields)
ROW_FIELDS = RECORD_FIELDS
FIELD_INDEX = {name: i for i, name in enumerate(ROW_FIELDS)}

_EXPORT_SOURCE = {
    "organization__code": "organization_code",
    "organization__name": "organization_name",
}


def column_label(key: str) -> str:
    """The column's header in the active language (the export's header where there is one)."""
    if key == "number":
        return str(_("No."))
    if key == "organization_code":
        return str(_("Organization code"))
    if key == "organization_name":
        return str(_("Organization name"))
    if key in CODE_HEADERS:
        return str(capfirst(CODE_HEADERS[key]))
    if key in DEPARTURE_HEADERS:
        return str(DEPARTURE_HEADERS[key])
    return str(capfirst(Member._meta.get_field(key).verbose_name))


#: the rows' messages, by index in the rows: each check adds to its own, and the plan puts
#: them together in the order of the checks (`plan.build_plan`)
Errors = dict[int, list[str]]


def at(key: str, message: str) -> str:
    """A row's message naming its column: "Ngày sinh: ..." (the template's header)."""
    return f"{column_label(key)}: {message}"


@cache
def _columns_for(language: str) -> tuple[ImportColumn, ...]:
    columns = []
    for key, kind, extra in _SPECS:
        names = set(extra)
        for lang in ("vi", "en"):
            with translation.override(lang):
                names.add(column_label(key))
        aliases = frozenset(normalize_header(n) for n in names if normalize_header(n))
        columns.append(
            ImportColumn(
                key=key,
                kind=kind,
                extra_headers=extra,
                max_length=_max_length(key),
                aliases=aliases,
            )
        )
    return tuple(columns)


def import_columns() -> tuple[ImportColumn, ...]:
    return _columns_for(translation.get_language() or "vi")


@cache
def _alias_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for col in _columns_for("vi"):
        for alias in col.aliases:
            mapping.setdefault(alias, col.key)
    return mapping


def column_for_header(header: object) -> ImportColumn | None:
    key = _alias_map().get(normalize_header(header))
    if key is None:
        return None
    return next(c for c in _columns_for("vi") if c.key == key)


def export_keys() -> list[str]:
    """The import keys of the export's columns, in the export's order (after "No.")."""
    return [c.key or _EXPORT_SOURCE.get(c.source, c.source) for c in member_columns()]


def template_headers() -> list[str]:
    """The template's headers (the export's, in the active language)."""
    return [column_label("number"), *(column_label(k) for k in export_keys())]


def is_example(value: object) -> bool:
    """Whether a "No." cell marks the template's example row ("Ví dụ", any case or accents)."""
    return value.__class__ is str and normalize_header(value) in _EXAMPLE_FOLDED
