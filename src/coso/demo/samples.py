"""Member files for tests and benchmarks: the export layout, filled with plausible new members.

`write_member_file(path, n, org_codes)` writes an .xlsx (or .csv, by the suffix) of `n` rows
with Vietnamese headers, real date cells (or dd/mm/yyyy text in CSV), 12-digit CCCDs and card
numbers that do not collide with one another.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

from django.utils import translation
from vietnam_provinces import Province, Ward

from coso.core.sheets.writer import write_xlsx
from coso.demo import names as N
from coso.imports.columns import export_keys, template_headers

_OCCUPATIONS = ["Giảng viên", "Chuyên viên", "Sinh viên", "Kế toán viên", "Nghiên cứu viên"]
_THEORY = ["Sơ cấp", "Trung cấp", "Cao cấp", ""]


def member_rows(
    n: int, org_codes: Sequence[str], *, seed: int = 1, start: int = 0, as_text: bool = False
) -> Iterator[list]:
    """`n` rows in the export's column order (after "No."), numbered from `start` + 1."""
    rng = random.Random(seed)
    keys = export_keys()
    family = [f for f, _w in N.FAMILY_NAMES]
    middle = {
        "Nam": [m for m, _w in N.MIDDLE_NAMES_MALE],
        "Nữ": [m for m, _w in N.MIDDLE_NAMES_FEMALE],
    }
    given = {"Nam": N.GIVEN_NAMES_MALE, "Nữ": N.GIVEN_NAMES_FEMALE}
    today = dt.date.today()
    provinces = sorted(Province.iter_all(), key=lambda p: int(p.code))
    wards: dict[int, list] = {}
    for w in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        wards.setdefault(int(w.province_code), []).append(w)
    hanoi = wards[1]
    for k in range(start + 1, start + n + 1):
        sex = "Nam" if rng.random() < 0.5 else "Nữ"
        birth = today - dt.timedelta(days=rng.randrange(24 * 365, 70 * 365))
        admitted = birth + dt.timedelta(days=rng.randrange(19 * 365, 25 * 365))
        if admitted > today - dt.timedelta(days=800):
            admitted = today - dt.timedelta(days=800)
        recognized = admitted + dt.timedelta(days=366)
        home = rng.choice(provinces)
        home_ward = rng.choice(wards[int(home.code)])
        perm, cur = rng.choice(hanoi), rng.choice(hanoi)
        values = {
            "full_name": f"{rng.choice(family)} {rng.choice(middle[sex])} {rng.choice(given[sex])}",
            "other_names": "",
            "sex": sex,
            "birth_date": birth,
            "ethnicity": "Kinh",
            "religion": "Không",
            "cccd": f"{rng.randrange(1, 97):03d}{k:09d}",
            "hometown": f"{home_ward.name}, {home.name}",
            "hometown_province": home.name,
            "hometown_province_code": int(home.code),
            "permanent_address": f"Số {rng.randint(1, 120)}, ngõ {rng.randint(1, 400)}",
            "permanent_ward": perm.name,
            "permanent_ward_code": int(perm.code),
            "permanent_province": "Thành phố Hà Nội",
            "permanent_province_code": 1,
            "current_address": f"Số {rng.randint(1, 120)}, ngõ {rng.randint(1, 400)}",
            "current_ward": cur.name,
            "current_ward_code": int(cur.code),
            "current_province": "Thành phố Hà Nội",
            "current_province_code": 1,
            "phone": f"09{rng.randrange(10**8):08d}",
            "email": f"dv{k}@example.vn",
            "education_general": "12/12",
            "education_professional": rng.choice(["Cử nhân", "Thạc sĩ", "Tiến sĩ", "Kỹ sư"]),
            "political_theory": rng.choice(_THEORY),
            "foreign_language": "Tiếng Anh B1",
            "it_level": "Cơ bản",
            "occupation": rng.choice(_OCCUPATIONS),
            "workplace": "Trường Đại học Bách khoa Hà Nội",
            "position": "",
            "record_number": f"LL-{k}",
            "party_card_number": f"9{k:08d}",
            "admitted_on": admitted,
            "admitting_organization": "Chi bộ Khoa Công nghệ thông tin",
            "introducers": "Nguyễn Văn An, Trần Thị Bình",
            "recognized_on": recognized,
            "organization_code": org_codes[k % len(org_codes)],
            "organization_name": "",
            "status": "Chính thức",
            "left_on": "",
            "leaving_reason": "",
            "leaving_document": "",
        }
        row = [k, *(values[key] for key in keys)]
        if as_text:
            row = [v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in row]
        yield row


def write_member_file(
    path: str | Path, n: int, org_codes: Sequence[str], *, seed: int = 1, start: int = 0
) -> Path:
    """Write `n` new members to `path` (.xlsx or .csv by its suffix), Vietnamese headers."""
    path = Path(path)
    with translation.override("vi"):
        headers = template_headers()
    if path.suffix.lower() == ".csv":
        with path.open("w", newline="", encoding="utf-8-sig") as out:
            writer = csv.writer(out)
            writer.writerow(headers)
            writer.writerows(member_rows(n, org_codes, seed=seed, start=start, as_text=True))
    else:
        write_xlsx(path, headers, member_rows(n, org_codes, seed=seed, start=start))
    return path
