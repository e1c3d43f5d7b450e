"""Sample descriptions the render and builder tests share (plain values, no database)."""

from __future__ import annotations

import datetime as dt

from coso.documents.builders import Person, admission_decision, transfer_letter
from coso.documents.render.description import Authority, Body, Signature

D = dt.date
BLOC = Body("ĐẢNG ỦY KHỐI CÁC TRƯỜNG ĐẠI HỌC, CAO ĐẲNG HÀ NỘI", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "ĐUK")
SCHOOL = Body(
    "ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI",
    "ĐẢNG BỘ KHỐI CÁC TRƯỜNG ĐẠI HỌC, CAO ĐẲNG HÀ NỘI",
    "ĐU",
)
SECRETARY = Signature("BÍ THƯ", "Nguyễn Thanh Sơn", Authority.ON_BEHALF, "BAN THƯỜNG VỤ")
DEPUTY = Signature("PHÓ BÍ THƯ", "Trần Thị Hoà", Authority.DEPUTY, "BÍ THƯ")
CELL = Body("CHI BỘ KHOA CÔNG NGHỆ THÔNG TIN", "ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI", "CB")
CELL_SECRETARY = Signature("BÍ THƯ", "Phạm Minh Đức", Authority.ON_BEHALF, "CHI BỘ")
AN = Person(
    "Nguyễn Văn An",
    D(1999, 3, 5),
    hometown="Xã Đông Hưng, tỉnh Thái Bình",
    card_number="01020304",
    admitted_on=D(2020, 5, 19),
    recognized_on=D(2021, 5, 19),
)
CANDIDATE = Person("Lê Thị Ngọc Ánh", D(2003, 8, 2), hometown="Phường Hàm Rồng, tỉnh Thanh Hoá")


def letter(**over):
    values = dict(
        issuer=BLOC,
        signer=SECRETARY,
        issued_on=D(2026, 6, 3),
        place="Hà Nội",
        member=AN,
        from_organization="Chi bộ Khoa Công nghệ thông tin, Đảng bộ Trường Đại học Bách khoa Hà Nội",
        to_organization="Đảng ủy phường Hoàn Kiếm, thành phố Hà Nội",
        hand_in_due=D(2026, 7, 3),
        number=7,
    )
    return transfer_letter(**(values | over))


def decision(**over):
    values = dict(
        issuer=SCHOOL,
        signer=SECRETARY,
        decided_on=D(2026, 11, 20),
        place="Hà Nội",
        candidate=CANDIDATE,
        cell="Chi bộ Khoa Công nghệ thông tin",
        deciding_body="BAN THƯỜNG VỤ ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI",
        probation_months=12,
        basis=(
            "Căn cứ Quy định thi hành Điều lệ Đảng và Hướng dẫn thực hiện hiện hành;",
            "Xét Nghị quyết số 03-NQ/CB ngày 05/11/2026 của Chi bộ Khoa Công nghệ thông tin "
            "đề nghị kết nạp quần chúng Lê Thị Ngọc Ánh vào Đảng;",
        ),
        number=45,
    )
    return admission_decision(**(values | over))
