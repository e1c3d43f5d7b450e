"""The member template (.xlsx) a clerk fills to import members: the import's own columns, the
required ones marked, an example row, drop-downs for every column the importer reads as a
name from a list (sex, status, provinces, reason for leaving) and suggestions for the free
ones (ethnicity, religion, organization code), and the notes sheet "Hướng dẫn".

The example row's first cell (the "No." column) says `EXAMPLE_MARKER`; the reader leaves such
a row out (`coso.imports.columns.is_example`), so a template sent back with its example still
in place adds no member (docs/decisions.md).
"""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.utils.translation import gettext as _
from vietnam_provinces import Province

from coso.core.sheets.template import TemplateColumn, TemplateTexts, write_template
from coso.core.text import component_key
from coso.members.choices import ETHNICITIES, LeavingReason, MemberStatus, Sex
from coso.orgs.models import Organization

from . import columns as C
from .columns import EXAMPLE_MARKER, column_label, export_keys
from .matching import PROVINCE_FIELDS

#: the organizations offered in the organization code's drop-down, at most
ORG_CHOICES = 500
#: religions offered (a suggestion: another one may be written)
RELIGIONS = [
    "Không", "Phật giáo", "Công giáo", "Tin Lành", "Cao Đài", "Phật giáo Hòa Hảo", "Hồi giáo",
    "Tôn giáo Baha'i", "Tịnh độ Cư sĩ Phật hội Việt Nam", "Bửu Sơn Kỳ Hương",
]  # fmt: skip
#: the columns a row must fill (the card number may stand in for the CCCD)
REQUIRED = {"full_name", "sex", "birth_date", "cccd", "organization_code"}
_WIDTHS = {"number": 7, "full_name": 24, "organization_name": 30, "leaving_reason": 28}


def _example(org: Organization | None) -> dict[str, object]:
    address = "Số 12, ngõ 34 phố Trần Duy Hưng"
    return {
        "number": EXAMPLE_MARKER,
        "full_name": "Nguyễn Văn An",
        "sex": "Nam",
        "birth_date": dt.date(1990, 3, 15),
        "ethnicity": "Kinh",
        "religion": "Không",
        "cccd": "001090012345",
        "hometown": "Xã Thạch Thất, Thành phố Hà Nội",
        "hometown_province": "Thành phố Hà Nội",
        "permanent_address": address,
        "permanent_ward": "Phường Yên Hòa",
        "permanent_province": "Thành phố Hà Nội",
        "current_address": address,
        "current_ward": "Phường Yên Hòa",
        "current_province": "Thành phố Hà Nội",
        "phone": "0912345678",
        "email": "nguyenvanan@example.com",
        "education_general": "12/12",
        "education_professional": "Thạc sĩ Công nghệ thông tin",
        "political_theory": "Trung cấp",
        "foreign_language": "Tiếng Anh B2",
        "it_level": "Ứng dụng CNTT cơ bản",
        "occupation": "Giảng viên",
        "workplace": "Trường Đại học Bách khoa Hà Nội",
        "party_card_number": "79123456",
        "admitted_on": dt.date(2015, 5, 19),
        "admitting_organization": "Chi bộ Khoa Công nghệ thông tin",
        "recognized_on": dt.date(2016, 5, 19),
        "organization_code": org.code if org else "DUK-BK-CNTT",
        "organization_name": org.name if org else "",
        "status": str(MemberStatus.OFFICIAL.label),
    }


def _kind_notes() -> dict[str, str]:
    return {
        C.NAME: _("Text, with Vietnamese accents."),
        C.TEXT: _("Text."),
        C.DATE: _("A date: dd/mm/yyyy (e.g. 15/03/1990) or an Excel date."),
        C.SEX: _("Choose from the list: Nam or Nữ."),
        C.STATUS: _("Choose from the list. Left empty: official."),
        C.PROVINCE: _(
            "Choose from the list (the provinces and cities since 1 July 2025). When the code "
            "column next to it is filled, the code is used."
        ),
        C.PROVINCE_CODE: _(
            "The province's code (digits); may be left empty when the name is written."
        ),
        C.WARD: _(
            "The ward or commune exactly as in the official list, within the province of the "
            "next columns; or its code in the code column."
        ),
        C.WARD_CODE: _("The ward's code (digits); may be left empty when the name is written."),
        C.CCCD: _(
            "12 digits, written as text so that the leading zeros stay. Required unless the "
            "party card number is given."
        ),
        C.CARD: _("Digits only (at most 20)."),
        C.PHONE: _("A Vietnamese phone number, e.g. 0912345678."),
        C.EMAIL: _("An e-mail address."),
        C.ORG: _(
            "The code of the party organization where the member holds official activity "
            "(choose from the list, or see the organization's page)."
        ),
        C.REASON: _("Only for a member who has left: choose from the list."),
        C.IGNORE: _("Not imported: for reading only."),
    }


def _key_notes() -> dict[str, str]:
    return {
        "number": _(
            "A running number, not imported. The example row says “%(marker)s” here and is "
            "never imported: leave it or delete it."
        )
        % {"marker": EXAMPLE_MARKER},
        "full_name": _("Family, middle and given name, with Vietnamese accents."),
        "ethnicity": _("Choose from the list of the 54 ethnic groups. Left empty: Kinh."),
        "religion": _("Choose from the list or write another one. Left empty: Không."),
        "permanent_address": _(
            "House number and street; the ward and the province go in their own columns."
        ),
        "current_address": _(
            "House number and street; the ward and the province go in their own columns."
        ),
        "recognized_on": _("A date (dd/mm/yyyy). Left empty for a probationary member."),
        "left_on": _("Only for a member who has left: a date (dd/mm/yyyy)."),
        "leaving_document": _("Only for a member who has left: the decision's number."),
        "organization_name": _("Not imported (the code decides): for reading only."),
    }


def province_order(name: str) -> str:
    """Provinces in Vietnamese order of their own name ("Thành phố Cần Thơ" under C)."""
    return component_key(name.removeprefix("Thành phố ").removeprefix("Tỉnh "))


def _choices(org_codes: list[str]) -> dict[str, tuple[list[str], bool]]:
    """Drop-downs by column key: (values, strict)."""
    provinces = sorted((p.name for p in Province.iter_all()), key=province_order)
    lists = {
        "sex": ([str(label) for _v, label in Sex.choices], True),
        "status": ([str(label) for _v, label in MemberStatus.choices], True),
        "ethnicity": (list(ETHNICITIES), False),
        "religion": (list(RELIGIONS), False),
        "leaving_reason": ([str(label) for _v, label in LeavingReason.choices], True),
        **{key: (provinces, True) for key in PROVINCE_FIELDS},
    }
    if org_codes:
        lists["organization_code"] = (org_codes, False)
    return lists


def template_columns(user) -> list[TemplateColumn]:
    """The template's columns, in the active language, for `user` (their organizations)."""
    orgs = list(
        Organization.objects.editable_by(user)
        .filter(dissolved_on__isnull=True)
        .order_by("path")
        .values_list("code", "name")[: ORG_CHOICES + 1]
    )
    first = Organization(code=orgs[0][0], name=orgs[0][1]) if orgs else None
    codes = [code for code, _name in orgs] if len(orgs) <= ORG_CHOICES else []
    example, choices = _example(first), _choices(codes)
    kind_notes, key_notes = _kind_notes(), _key_notes()
    kinds = {c.key: c for c in C.import_columns()}
    out = []
    for key in ["number", *export_keys()]:
        kind = kinds[key].kind
        values, strict = choices.get(key, ((), True))
        out.append(
            TemplateColumn(
                header=column_label(key),
                width=_WIDTHS.get(key, 16 if kind != C.DATE else 12),
                required=key in REQUIRED,
                note=key_notes.get(key) or kind_notes.get(kind, ""),
                example=example.get(key),
                choices=values,
                strict=strict,
                text=kind in (C.CCCD, C.CARD, C.PHONE),
                date=kind == C.DATE,
            )
        )
    return out


def write_member_template(target: str | IO[bytes], user) -> None:
    """The member template for `user`, in the active language."""
    texts = TemplateTexts(
        sheet_name=_("Members"),
        notes_name=_("Instructions"),
        lists_name=_("Lists"),
        notes_headers=[_("Column"), _("Required"), _("How to write it"), _("Example")],
        required=_("Required"),
        optional=_("Optional"),
        example_marker=EXAMPLE_MARKER,
        list_prefix=_("List:"),
        choose_title=_("Choose from the list"),
        not_in_list=_("This value is not in the list: choose one from the drop-down."),
        notes_footer=[
            _(
                "Columns marked * are required; the CCCD may be left empty when the party card number is given."
            ),
            _("Row 2 is an example: it is never imported. Write the members from row 3 on."),
            _(
                "Members already in the registry are found by CCCD, then by party card number, and updated."
            ),
        ],
    )
    write_template(target, template_columns(user), texts)
