"""Word lists for the demo data: Vietnamese names, universities and colleges, their units.

Frequencies are rough national shares (family names) or plausible weights; the lists are
ordered and never iterated as sets, so a seed always gives the same data.
"""

from __future__ import annotations

# --- people --------------------------------------------------------------------------------

#: (family name, weight); Nguyễn about 38%, then Trần, Lê, Phạm, Hoàng ...
FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 45), ("Huỳnh", 6),
    ("Phan", 40), ("Vũ", 38), ("Võ", 8), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 16), ("Hồ", 11),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đào", 8), ("Đinh", 8), ("Trịnh", 7), ("Mai", 5),
    ("Lương", 4), ("Cao", 4), ("Tạ", 3), ("Chu", 3), ("Đoàn", 4), ("Hà", 5), ("Kiều", 2),
    ("Lưu", 3), ("Nghiêm", 2), ("Phùng", 3), ("Quách", 2), ("Tô", 2), ("Triệu", 2),
    ("Vương", 2), ("Khuất", 1), ("Lại", 2), ("Thái", 1), ("Tăng", 1), ("Lã", 1), ("Giang", 1),
    ("Nông", 2), ("Lò", 1), ("Mạc", 1), ("Từ", 1), ("Hứa", 1), ("Âu", 1), ("Doãn", 1),
    ("Khổng", 1), ("La", 1), ("Nhữ", 1), ("Đồng", 1), ("Lục", 1), ("Ninh", 1), ("Văn", 1),
]  # fmt: skip

#: (middle name, weight) for men
MIDDLE_NAMES_MALE: list[tuple[str, float]] = [
    ("Văn", 30), ("Đức", 12), ("Minh", 12), ("Hữu", 8), ("Quang", 8), ("Ngọc", 5),
    ("Xuân", 4), ("Thanh", 5), ("Trọng", 4), ("Công", 4), ("Mạnh", 3), ("Tuấn", 3),
    ("Hoàng", 3), ("Anh", 3), ("Tiến", 3), ("Việt", 3), ("Thế", 3), ("Duy", 3), ("Đình", 4),
    ("Bá", 2), ("Khắc", 2), ("Trung", 2), ("Hải", 2), ("Huy", 2), ("Kim", 1), ("Thành", 3),
    ("Chí", 2), ("Gia", 2), ("Nhật", 1), ("Sỹ", 1), ("Quốc", 3), ("Phú", 1), ("Hồng", 1),
    ("Đăng", 1), ("Tất", 1), ("Văn Minh", 1), ("Đức Anh", 1),
]  # fmt: skip

#: (middle name, weight) for women
MIDDLE_NAMES_FEMALE: list[tuple[str, float]] = [
    ("Thị", 45), ("Thu", 6), ("Ngọc", 6), ("Thanh", 5), ("Minh", 4), ("Hồng", 4),
    ("Phương", 3), ("Thùy", 3), ("Kim", 3), ("Mai", 2), ("Hải", 2), ("Bích", 2), ("Diệu", 2),
    ("Khánh", 2), ("Lan", 1), ("Quỳnh", 2), ("Hà", 2), ("Thị Thu", 3), ("Thị Ngọc", 2),
    ("Thị Minh", 2), ("Thị Thanh", 2), ("Thị Hồng", 2), ("Thị Kim", 1), ("Thị Phương", 1),
    ("Tuyết", 1), ("Bảo", 1), ("Mỹ", 1), ("Vân", 1), ("Hương", 1), ("Cẩm", 1), ("Như", 1),
]  # fmt: skip

GIVEN_NAMES_MALE: list[str] = list(dict.fromkeys("""
An Anh Bách Bảo Bình Chiến Chinh Chung Công Cường Danh Đạt Định Doanh Dũng Dương Duy Đông
Đức Giang Hà Hải Hào Hậu Hiển Hiệp Hiếu Hòa Hoài Hoàn Hoàng Hội Hùng Hưng Huy Khải Khang
Khánh Khoa Khôi Kiên Lâm Lân Lộc Lợi Long Luân Lực Mạnh Minh Nam Nghĩa Ngọc Nguyên Nhân
Nhật Ninh Phát Phong Phú Phúc Phương Quân Quang Quý Quyết Sang Sơn Tài Tâm Tân Thắng Thành
Thạch Thái Thanh Thiện Thịnh Thọ Thông Thuận Tiến Tín Toàn Toản Trí Triều Trọng Trung Trường
Tú Tuấn Tùng Tuyên Tường Việt Vinh Vĩnh Vũ Vương Hoan Hợp Kha Khiêm Lượng Nhất Sỹ Tuệ
Uy Đăng Điệp Độ Hưởng Kỳ Cảnh Chương Đoàn Hiếu Hoạt Huấn Khương Lập Linh Mừng Nghị Phi
Quảng Sáng Thắm Thiêm Thủy Tiệp Toại Tuyển Văn Vận Xuân Bắc Cương Đại Hanh Huân
""".split()))  # fmt: skip

GIVEN_NAMES_FEMALE: list[str] = list(dict.fromkeys("""
An Anh Ánh Bích Cúc Chi Diệp Diệu Dung Duyên Giang Hà Hạnh Hằng Hảo Hiền Hoa Hòa Hồng Huệ
Hương Hường Huyền Khanh Khuê Lam Lan Liên Liễu Linh Loan Ly Mai Mận My Mỹ Nga Ngân Ngọc
Nguyệt Nhàn Nhi Nhung Oanh Phương Phượng Quế Quyên Quỳnh Sen Tâm Thanh Thảo Thắm Thơ Thoa
Thu Thủy Thùy Thúy Thư Thương Trà Trang Trâm Tú Tuyết Uyên Vân Vi Xuân Yến Hậu Hiên Hoài
Lành Lệ Lụa Mơ Na Nương Phúc Thêu Thìn Thục Tiên Tính Trinh Tuyền Vui Xoan Hạ Ngà Bình
Châu Đào Điệp Dịu Gấm Hân Khánh Kim Lài Minh Mến Ngát Nhạn Nhài Hiếu Hợi Lương Mùi Ninh
Quyết Son Thanh Thêm Thủy Trúc Vượng Yên
""".split()))  # fmt: skip

#: 63 pre-2025 provinces: (CCCD province code, name, post-2025 province code, weight among
#: people in the Hanoi universities bloc). The CCCD prefix is the province of birth
#: registration, which still uses these codes; hometowns are shown on today's map.
BIRTH_PROVINCES: list[tuple[int, str, int, float]] = [
    (1, "Hà Nội", 1, 25), (2, "Hà Giang", 8, 1), (4, "Cao Bằng", 4, 1), (6, "Bắc Kạn", 19, 0.5),
    (8, "Tuyên Quang", 8, 1), (10, "Lào Cai", 15, 1), (11, "Điện Biên", 11, 0.5),
    (12, "Lai Châu", 12, 0.5), (14, "Sơn La", 14, 1), (15, "Yên Bái", 15, 1),
    (17, "Hòa Bình", 25, 2), (19, "Thái Nguyên", 19, 2), (20, "Lạng Sơn", 20, 1),
    (22, "Quảng Ninh", 22, 2), (24, "Bắc Giang", 24, 4), (25, "Phú Thọ", 25, 4),
    (26, "Vĩnh Phúc", 25, 3), (27, "Bắc Ninh", 24, 3), (30, "Hải Dương", 31, 5),
    (31, "Hải Phòng", 31, 2), (33, "Hưng Yên", 33, 4), (34, "Thái Bình", 33, 6),
    (35, "Hà Nam", 37, 3), (36, "Nam Định", 37, 6), (37, "Ninh Bình", 37, 3),
    (38, "Thanh Hóa", 38, 7), (40, "Nghệ An", 40, 7), (42, "Hà Tĩnh", 42, 4),
    (44, "Quảng Bình", 44, 1), (45, "Quảng Trị", 44, 0.5), (46, "Thừa Thiên Huế", 46, 0.5),
    (48, "Đà Nẵng", 48, 0.3), (49, "Quảng Nam", 48, 0.3), (51, "Quảng Ngãi", 51, 0.3),
    (52, "Bình Định", 52, 0.3), (54, "Phú Yên", 66, 0.2), (56, "Khánh Hòa", 56, 0.2),
    (58, "Ninh Thuận", 56, 0.1), (60, "Bình Thuận", 68, 0.1), (62, "Kon Tum", 51, 0.1),
    (64, "Gia Lai", 52, 0.2), (66, "Đắk Lắk", 66, 0.3), (67, "Đắk Nông", 68, 0.1),
    (68, "Lâm Đồng", 68, 0.2), (70, "Bình Phước", 75, 0.1), (72, "Tây Ninh", 80, 0.1),
    (74, "Bình Dương", 79, 0.1), (75, "Đồng Nai", 75, 0.2), (77, "Bà Rịa - Vũng Tàu", 79, 0.1),
    (79, "Hồ Chí Minh", 79, 0.5), (80, "Long An", 80, 0.1), (82, "Tiền Giang", 82, 0.1),
    (83, "Bến Tre", 86, 0.1), (84, "Trà Vinh", 86, 0.1), (86, "Vĩnh Long", 86, 0.1),
    (87, "Đồng Tháp", 82, 0.1), (89, "An Giang", 91, 0.1), (91, "Kiên Giang", 91, 0.1),
    (92, "Cần Thơ", 92, 0.1), (93, "Hậu Giang", 92, 0.1), (94, "Sóc Trăng", 92, 0.1),
    (95, "Bạc Liêu", 96, 0.1), (96, "Cà Mau", 96, 0.1),
]  # fmt: skip

#: (ethnicity, weight) among members; the rest are Kinh
MINORITY_ETHNICITIES: list[tuple[str, float]] = [
    ("Tày", 30), ("Mường", 25), ("Thái", 20), ("Nùng", 12), ("Dao", 6), ("Mông", 5),
    ("Sán Dìu", 3), ("Sán Chay", 3), ("Hoa", 3), ("Khmer", 1),
]  # fmt: skip

RELIGIONS: list[tuple[str, float]] = [("Không", 95), ("Phật giáo", 3), ("Công giáo", 2)]

PHONE_PREFIXES = [
    "090", "091", "093", "094", "096", "097", "098", "086", "088", "089", "081", "083", "084",
    "085", "032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078",
]  # fmt: skip

POLITICAL_THEORY_STAFF: list[tuple[str, float]] = [
    ("Sơ cấp", 30),
    ("Trung cấp", 40),
    ("Cao cấp", 20),
    ("Cử nhân", 10),
]
FOREIGN_LANGUAGES: list[tuple[str, float]] = [
    ("Tiếng Anh B1", 35), ("Tiếng Anh B2", 25), ("Tiếng Anh C1", 12), ("IELTS 6.5", 8),
    ("Tiếng Pháp B2", 5), ("Tiếng Nga C", 4), ("Tiếng Trung HSK 4", 3), ("Tiếng Nhật N3", 3),
    ("Tiếng Hàn TOPIK 4", 2), ("Tiếng Đức B1", 2),
]  # fmt: skip
IT_LEVELS: list[tuple[str, float]] = [
    ("Ứng dụng công nghệ thông tin cơ bản", 60), ("Ứng dụng công nghệ thông tin nâng cao", 25),
    ("Tin học văn phòng", 15),
]  # fmt: skip
STAFF_DEGREES: list[tuple[str, float]] = [
    ("Tiến sĩ", 35),
    ("Thạc sĩ", 40),
    ("Kỹ sư", 10),
    ("Cử nhân", 15),
]
LECTURER_POSITIONS = [
    "Trưởng bộ môn",
    "Phó Trưởng bộ môn",
    "Trưởng khoa",
    "Phó Trưởng khoa",
    "Giảng viên chính",
]
OFFICE_POSITIONS = ["Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính"]

# --- universities and colleges of the bloc -------------------------------------------------

#: the bloc's superior committee
ROOT_CODE = "DUK"
ROOT_NAME = "Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội"
ROOT_SHORT = "Đảng ủy Khối"

#: grassroots committees: (code suffix, institution name, member weight, theme, email domain,
#: course number of the 2021 intake or 0). "Đảng bộ " + name is the organization's name.
UNIVERSITIES: list[tuple[str, str, int, str, str, int]] = [
    ("BK", "Trường Đại học Bách khoa Hà Nội", 1300, "tech", "hust.edu.vn", 66),
    ("KTQD", "Trường Đại học Kinh tế Quốc dân", 900, "econ", "neu.edu.vn", 63),
    ("XD", "Trường Đại học Xây dựng Hà Nội", 500, "build", "huce.edu.vn", 66),
    ("SP", "Trường Đại học Sư phạm Hà Nội", 750, "edu", "hnue.edu.vn", 71),
    ("YHN", "Trường Đại học Y Hà Nội", 700, "med", "hmu.edu.vn", 0),
    ("HVNN", "Học viện Nông nghiệp Việt Nam", 750, "agri", "vnua.edu.vn", 66),
    ("GTVT", "Trường Đại học Giao thông vận tải", 600, "build", "utc.edu.vn", 62),
    ("TL", "Trường Đại học Thủy lợi", 550, "build", "tlu.edu.vn", 63),
    ("MDC", "Trường Đại học Mỏ - Địa chất", 500, "tech", "humg.edu.vn", 66),
    ("NT", "Trường Đại học Ngoại thương", 500, "econ", "ftu.edu.vn", 60),
    ("TM", "Trường Đại học Thương mại", 450, "econ", "tmu.edu.vn", 57),
    ("LHN", "Trường Đại học Luật Hà Nội", 350, "law", "hlu.edu.vn", 46),
    ("HVTC", "Học viện Tài chính", 480, "econ", "hvtc.edu.vn", 59),
    ("HVNH", "Học viện Ngân hàng", 400, "econ", "hvnh.edu.vn", 24),
    ("DL", "Trường Đại học Điện lực", 280, "tech", "epu.edu.vn", 16),
    ("CNHN", "Trường Đại học Công nghiệp Hà Nội", 650, "tech", "haui.edu.vn", 16),
    ("MO", "Trường Đại học Mở Hà Nội", 300, "mixed", "hou.edu.vn", 28),
    ("HANU", "Trường Đại học Hà Nội", 280, "lang", "hanu.edu.vn", 0),
    ("KTHN", "Trường Đại học Kiến trúc Hà Nội", 320, "build", "hau.edu.vn", 0),
    ("DHN", "Trường Đại học Dược Hà Nội", 260, "med", "hup.edu.vn", 76),
    ("LN", "Trường Đại học Lâm nghiệp", 320, "agri", "vnuf.edu.vn", 66),
    ("TNMT", "Trường Đại học Tài nguyên và Môi trường Hà Nội", 230, "tech", "hunre.edu.vn", 11),
    ("LDXH", "Trường Đại học Lao động - Xã hội", 260, "social", "ulsa.edu.vn", 0),
    ("NV", "Trường Đại học Nội vụ Hà Nội", 220, "social", "truongnoivu.edu.vn", 0),
    ("CD", "Trường Đại học Công đoàn", 220, "social", "dhcd.edu.vn", 0),
    ("VH", "Trường Đại học Văn hóa Hà Nội", 220, "arts", "huc.edu.vn", 0),
    ("BCVT", "Học viện Công nghệ Bưu chính Viễn thông", 420, "tech", "ptit.edu.vn", 0),
    ("KTKTCN", "Trường Đại học Kinh tế - Kỹ thuật Công nghiệp", 260, "tech", "uneti.edu.vn", 15),
    ("DM", "Trường Đại học Công nghiệp Dệt may Hà Nội", 160, "tech", "hict.edu.vn", 0),
    ("CNGTVT", "Trường Đại học Công nghệ Giao thông vận tải", 260, "build", "utt.edu.vn", 72),
    ("SPNTTW", "Trường Đại học Sư phạm Nghệ thuật Trung ương", 140, "arts", "spnttw.edu.vn", 0),
    ("YTCC", "Trường Đại học Y tế Công cộng", 110, "med", "huph.edu.vn", 0),
    ("SPTDTT", "Trường Đại học Sư phạm Thể dục Thể thao Hà Nội", 110, "edu", "hupes.edu.vn", 0),
    ("HVAN", "Học viện Âm nhạc Quốc gia Việt Nam", 130, "arts", "vnam.edu.vn", 0),
    ("SKDA", "Trường Đại học Sân khấu - Điện ảnh Hà Nội", 110, "arts", "skda.edu.vn", 0),
    ("MTVN", "Trường Đại học Mỹ thuật Việt Nam", 80, "arts", "vnfa.edu.vn", 0),
    ("MTCN", "Trường Đại học Mỹ thuật Công nghiệp", 90, "arts", "mythuatcongnghiep.edu.vn", 0),
    ("HVQLGD", "Học viện Quản lý Giáo dục", 110, "edu", "niem.edu.vn", 0),
    ("HVPN", "Học viện Phụ nữ Việt Nam", 90, "social", "vwa.edu.vn", 0),
    ("HVYDHCT", "Học viện Y Dược học cổ truyền Việt Nam", 160, "med", "vutm.edu.vn", 0),
    ("HVCSPT", "Học viện Chính sách và Phát triển", 90, "econ", "apd.edu.vn", 0),
    ("THUDO", "Trường Đại học Thủ đô Hà Nội", 200, "edu", "hnmu.edu.vn", 0),
    ("HVTTN", "Học viện Thanh thiếu niên Việt Nam", 90, "social", "vya.edu.vn", 0),
    ("HVDT", "Học viện Dân tộc", 80, "social", "hvdt.edu.vn", 0),
    ("HVNG", "Học viện Ngoại giao", 120, "social", "dav.edu.vn", 0),
    ("KTMM", "Học viện Kỹ thuật Mật mã", 120, "tech", "actvn.edu.vn", 0),
    ("TLU", "Trường Đại học Thăng Long", 120, "mixed", "thanglong.edu.vn", 0),
    ("PKA", "Trường Đại học Phenikaa", 150, "tech", "phenikaa-uni.edu.vn", 0),
    ("DNU", "Trường Đại học Đại Nam", 90, "mixed", "dainam.edu.vn", 0),
    ("HUBT", "Trường Đại học Kinh doanh và Công nghệ Hà Nội", 150, "econ", "hubt.edu.vn", 0),
    ("PDU", "Trường Đại học Phương Đông", 80, "mixed", "phuongdong.edu.vn", 0),
    ("VHU", "Trường Đại học Công nghiệp Việt - Hung", 100, "tech", "viu.edu.vn", 0),
    ("HVMUA", "Học viện Múa Việt Nam", 60, "arts", "vnad.edu.vn", 0),
    ("TCNH", "Trường Đại học Tài chính - Ngân hàng Hà Nội", 60, "econ", "fbu.edu.vn", 0),
    ("HBU", "Trường Đại học Hòa Bình", 60, "mixed", "daihochoabinh.edu.vn", 0),
    ("NTU", "Trường Đại học Nguyễn Trãi", 60, "mixed", "ntu.edu.vn", 0),
    ("DDU", "Trường Đại học Đông Đô", 50, "mixed", "hdiu.edu.vn", 0),
    ("TDU", "Trường Đại học Thành Đô", 60, "mixed", "thanhdo.edu.vn", 0),
    ("EAUT", "Trường Đại học Công nghệ Đông Á", 70, "tech", "eaut.edu.vn", 0),
]  # fmt: skip

#: grassroots cells (small colleges): (code suffix, institution name). Named "Chi bộ " + name.
COLLEGES: list[tuple[str, str]] = [
    ("CDDL", "Trường Cao đẳng Du lịch Hà Nội"),
    ("CDIN", "Trường Cao đẳng Công nghiệp In"),
    ("CDXD1", "Trường Cao đẳng Xây dựng số 1"),
    ("CDDTDL", "Trường Cao đẳng Điện tử - Điện lạnh Hà Nội"),
    ("CDTMDL", "Trường Cao đẳng Thương mại và Du lịch Hà Nội"),
    ("CDCNMT", "Trường Cao đẳng Công nghệ và Môi trường Hà Nội"),
    ("CDNT", "Trường Cao đẳng Nghệ thuật Hà Nội"),
    ("CDTH", "Trường Cao đẳng Truyền hình"),
    ("CDKTTM", "Trường Cao đẳng Kinh tế - Kỹ thuật Thương mại"),
    ("CDCD", "Trường Cao đẳng Cơ điện Hà Nội"),
    ("CDYBM", "Trường Cao đẳng Y tế Bạch Mai"),
    ("CDKTCN", "Trường Cao đẳng Kinh tế Công nghiệp Hà Nội"),
]

#: offices and services every school has: (code, unit name)
DEPARTMENTS: list[tuple[str, str]] = [
    ("PDT", "Phòng Đào tạo"),
    ("PTCCB", "Phòng Tổ chức cán bộ"),
    ("PHCTH", "Phòng Hành chính - Tổng hợp"),
    ("PKHTC", "Phòng Kế hoạch - Tài chính"),
    ("PCTSV", "Phòng Công tác sinh viên"),
    ("PKHCN", "Phòng Khoa học - Công nghệ"),
    ("PHTQT", "Phòng Hợp tác quốc tế"),
    ("PQTTB", "Phòng Quản trị - Thiết bị"),
    ("PTTPC", "Phòng Thanh tra - Pháp chế"),
    ("PKT", "Phòng Khảo thí và Đảm bảo chất lượng"),
    ("TV", "Thư viện"),
    ("VPDU", "Văn phòng Đảng ủy - Đoàn thể"),
    ("PSDH", "Phòng Đào tạo sau đại học"),
    ("TTTT", "Trung tâm Thông tin - Truyền thông"),
    ("TTNN", "Trung tâm Ngoại ngữ"),
    ("KTX", "Ban Quản lý Ký túc xá"),
    ("TYT", "Trạm Y tế"),
    ("TTDV", "Trung tâm Dịch vụ - Hỗ trợ"),
    ("NXB", "Nhà xuất bản"),
    ("TCKH", "Tạp chí Khoa học"),
    ("BBV", "Ban Bảo vệ"),
    ("TTDTTX", "Trung tâm Đào tạo thường xuyên"),
]

_COMMON_FACULTIES = [
    ("LLCT", "Khoa Lý luận chính trị"),
    ("NN", "Khoa Ngoại ngữ"),
    ("GDTC", "Khoa Giáo dục thể chất"),
    ("GDQP", "Trung tâm Giáo dục quốc phòng và an ninh"),
]

#: faculties by theme: (code, unit name)
FACULTIES: dict[str, list[tuple[str, str]]] = {
    "tech": [
        ("CNTT", "Khoa Công nghệ thông tin"), ("CK", "Khoa Cơ khí"), ("DIEN", "Khoa Điện"),
        ("DTVT", "Khoa Điện tử - Viễn thông"), ("HOA", "Khoa Hóa học"),
        ("VL", "Khoa Khoa học và Kỹ thuật vật liệu"), ("CKDL", "Khoa Cơ khí động lực"),
        ("NLN", "Khoa Năng lượng nhiệt"), ("MT", "Khoa Khoa học và Công nghệ môi trường"),
        ("TOAN", "Khoa Toán - Tin"), ("VLKT", "Khoa Vật lý kỹ thuật"),
        ("KTQL", "Khoa Kinh tế và Quản lý"), ("DMDG", "Khoa Dệt may - Da giày và Thời trang"),
        ("CNSH", "Khoa Công nghệ sinh học"), ("CNTP", "Khoa Công nghệ thực phẩm"),
        ("CDT", "Khoa Cơ điện tử"), ("TDH", "Khoa Tự động hóa"),
        ("KTMT", "Khoa Kỹ thuật máy tính"), ("ATTT", "Khoa An toàn thông tin"),
        ("TDDC", "Khoa Trắc địa - Bản đồ"), ("DC", "Khoa Địa chất"), ("MO", "Khoa Mỏ"),
        ("DK", "Khoa Dầu khí"), ("VLY", "Khoa Vật lý"), ("SPKT", "Khoa Sư phạm kỹ thuật"),
        *_COMMON_FACULTIES,
    ],
    "build": [
        ("XDDD", "Khoa Xây dựng dân dụng và công nghiệp"), ("CTT", "Khoa Công trình thủy"),
        ("CD", "Khoa Cầu đường"), ("KT", "Khoa Kiến trúc"), ("QH", "Khoa Quy hoạch đô thị"),
        ("MT", "Khoa Kỹ thuật môi trường"), ("VLXD", "Khoa Vật liệu xây dựng"),
        ("CKXD", "Khoa Cơ khí xây dựng"), ("KTXD", "Khoa Kinh tế và Quản lý xây dựng"),
        ("CNTT", "Khoa Công nghệ thông tin"), ("TDBD", "Khoa Trắc địa - Bản đồ"),
        ("DKT", "Khoa Địa kỹ thuật"), ("HTKT", "Khoa Hạ tầng kỹ thuật"),
        ("NT", "Khoa Nội thất và Mỹ thuật"), ("CT", "Khoa Công trình"),
        ("VTKT", "Khoa Vận tải - Kinh tế"), ("DDT", "Khoa Điện - Điện tử"),
        ("TV", "Khoa Thủy văn và Tài nguyên nước"), ("KTCS", "Khoa Kỹ thuật cơ sở"),
        ("KHCB", "Khoa Khoa học cơ bản"), ("QLXD", "Khoa Quản lý xây dựng"),
        *_COMMON_FACULTIES,
    ],
    "econ": [
        ("KTH", "Khoa Kinh tế học"), ("QTKD", "Khoa Quản trị kinh doanh"),
        ("KTKT", "Khoa Kế toán - Kiểm toán"), ("TCNH", "Khoa Tài chính - Ngân hàng"),
        ("MKT", "Khoa Marketing"), ("KTQT", "Khoa Kinh tế quốc tế"), ("LUAT", "Khoa Luật"),
        ("TKE", "Khoa Thống kê"), ("HTTT", "Khoa Hệ thống thông tin quản lý"),
        ("BH", "Khoa Bảo hiểm"), ("BDS", "Khoa Bất động sản và Kinh tế tài nguyên"),
        ("DLKS", "Khoa Du lịch và Khách sạn"), ("KHPT", "Khoa Kế hoạch và Phát triển"),
        ("MTDT", "Khoa Môi trường, Biến đổi khí hậu và Đô thị"),
        ("TOANKT", "Khoa Toán kinh tế"), ("KHQL", "Khoa Khoa học quản lý"),
        ("QTNL", "Khoa Quản trị nhân lực"), ("DT", "Khoa Đầu tư"),
        ("TMQT", "Khoa Thương mại quốc tế"), ("TMDT", "Khoa Thương mại điện tử"),
        ("KTCT", "Khoa Kinh tế chính trị"), ("TCC", "Khoa Tài chính công"),
        ("THUE", "Khoa Thuế và Hải quan"), ("NHANG", "Khoa Ngân hàng"),
        *_COMMON_FACULTIES,
    ],
    "edu": [
        ("TOAN", "Khoa Toán - Tin"), ("VL", "Khoa Vật lý"), ("HOA", "Khoa Hóa học"),
        ("SINH", "Khoa Sinh học"), ("VAN", "Khoa Ngữ văn"), ("SU", "Khoa Lịch sử"),
        ("DIA", "Khoa Địa lý"), ("TLGD", "Khoa Tâm lý - Giáo dục học"),
        ("GDTH", "Khoa Giáo dục Tiểu học"), ("GDMN", "Khoa Giáo dục Mầm non"),
        ("GDDB", "Khoa Giáo dục đặc biệt"), ("TA", "Khoa Tiếng Anh"), ("TP", "Khoa Tiếng Pháp"),
        ("CNTT", "Khoa Công nghệ thông tin"), ("GDCT", "Khoa Giáo dục chính trị"),
        ("GDCD", "Khoa Giáo dục công dân"), ("TH", "Khoa Triết học"),
        ("VNH", "Khoa Việt Nam học"), ("CTXH", "Khoa Công tác xã hội"),
        ("NTH", "Khoa Nghệ thuật"), ("QLGD", "Khoa Quản lý giáo dục"),
        ("SPKT", "Khoa Sư phạm Kỹ thuật"), ("TLH", "Khoa Tâm lý học"),
        ("GDTC", "Khoa Giáo dục thể chất"), ("GDQP", "Trung tâm Giáo dục quốc phòng và an ninh"),
    ],
    "med": [
        ("NOI", "Bộ môn Nội tổng hợp"), ("NGOAI", "Bộ môn Ngoại"), ("SAN", "Bộ môn Phụ sản"),
        ("NHI", "Bộ môn Nhi"), ("RHM", "Viện Đào tạo Răng Hàm Mặt"),
        ("YTCC", "Viện Đào tạo Y học dự phòng và Y tế công cộng"),
        ("DDHS", "Khoa Điều dưỡng - Hộ sinh"), ("KTYH", "Khoa Kỹ thuật y học"),
        ("YHCT", "Khoa Y học cổ truyền"), ("DUOC", "Khoa Dược"), ("GP", "Bộ môn Giải phẫu"),
        ("SL", "Bộ môn Sinh lý học"), ("HS", "Bộ môn Hóa sinh"), ("VS", "Bộ môn Vi sinh"),
        ("GPB", "Bộ môn Giải phẫu bệnh"), ("DLY", "Bộ môn Dược lý"), ("MAT", "Bộ môn Mắt"),
        ("TMH", "Bộ môn Tai Mũi Họng"), ("TK", "Bộ môn Thần kinh"), ("TT", "Bộ môn Tâm thần"),
        ("DALI", "Bộ môn Da liễu"), ("UB", "Bộ môn Ung thư"), ("GMHS", "Bộ môn Gây mê hồi sức"),
        ("CDHA", "Bộ môn Chẩn đoán hình ảnh"), ("PHCN", "Bộ môn Phục hồi chức năng"),
        ("BV", "Bệnh viện Trường"), ("BC", "Bộ môn Bào chế"), ("HD", "Bộ môn Hóa dược"),
        ("DLC", "Bộ môn Dược liệu"), *_COMMON_FACULTIES,
    ],
    "agri": [
        ("NH", "Khoa Nông học"), ("CN", "Khoa Chăn nuôi"), ("TY", "Khoa Thú y"),
        ("CNSH", "Khoa Công nghệ sinh học"), ("CNTP", "Khoa Công nghệ thực phẩm"),
        ("CDI", "Khoa Cơ - Điện"), ("KTPT", "Khoa Kinh tế và Phát triển nông thôn"),
        ("KTQT", "Khoa Kế toán và Quản trị kinh doanh"), ("TNMT", "Khoa Tài nguyên và Môi trường"),
        ("TS", "Khoa Thủy sản"), ("QLDD", "Khoa Quản lý đất đai"), ("LH", "Khoa Lâm học"),
        ("QLR", "Khoa Quản lý tài nguyên rừng"), ("CBLS", "Khoa Chế biến lâm sản"),
        ("CNTT", "Khoa Công nghệ thông tin"), ("SPNN", "Khoa Sư phạm và Ngoại ngữ"),
        ("KHXH", "Khoa Khoa học xã hội"), ("CNCT", "Khoa Công nghệ cây trồng"),
        ("CTCK", "Khoa Cơ khí và Công trình"), ("KTT", "Khoa Kinh tế tài nguyên"),
        *_COMMON_FACULTIES,
    ],
    "law": [
        ("HS", "Khoa Pháp luật hình sự"), ("DS", "Khoa Pháp luật dân sự"),
        ("HC", "Khoa Pháp luật hành chính - nhà nước"), ("QT", "Khoa Pháp luật quốc tế"),
        ("KTE", "Khoa Pháp luật kinh tế"), ("TM", "Khoa Pháp luật thương mại quốc tế"),
        ("NNPL", "Khoa Ngoại ngữ pháp lý"), ("LSNN", "Khoa Lý luận và Lịch sử nhà nước"),
        ("CLC", "Khoa Đào tạo chất lượng cao"), ("TCLH", "Tạp chí Luật học"),
        ("BDCH", "Trung tâm Bồi dưỡng chức danh tư pháp"), *_COMMON_FACULTIES,
    ],
    "lang": [
        ("TA", "Khoa Tiếng Anh"), ("TP", "Khoa Tiếng Pháp"), ("TN", "Khoa Tiếng Nga"),
        ("TD", "Khoa Tiếng Đức"), ("TTQ", "Khoa Tiếng Trung Quốc"), ("TNB", "Khoa Tiếng Nhật"),
        ("THQ", "Khoa Tiếng Hàn Quốc"), ("TTBN", "Khoa Tiếng Tây Ban Nha"),
        ("TI", "Khoa Tiếng Italia"), ("TBDN", "Khoa Tiếng Bồ Đào Nha"),
        ("CNTT", "Khoa Công nghệ thông tin"), ("QTKD", "Khoa Quản trị kinh doanh và Du lịch"),
        ("VNH", "Khoa Việt Nam học"), ("QTH", "Khoa Quốc tế học"), ("TCKT", "Khoa Tài chính - Kế toán"),
        ("GDCT", "Khoa Giáo dục chính trị"), ("GDTC", "Khoa Giáo dục thể chất"),
    ],
    "arts": [
        ("TN", "Khoa Thanh nhạc"), ("PIANO", "Khoa Piano"), ("DAN", "Khoa Nhạc cụ dây"),
        ("KG", "Khoa Kèn - Gõ"), ("ANTT", "Khoa Âm nhạc truyền thống"),
        ("SK", "Khoa Sân khấu"), ("DA", "Khoa Điện ảnh"), ("MT", "Khoa Mỹ thuật"),
        ("DH", "Khoa Đồ họa"), ("TKTT", "Khoa Thiết kế thời trang"), ("MUA", "Khoa Múa"),
        ("LLPB", "Khoa Lý luận - Phê bình"), ("VHDL", "Khoa Văn hóa du lịch"),
        ("SPAN", "Khoa Sư phạm Âm nhạc"), ("SPMT", "Khoa Sư phạm Mỹ thuật"),
        ("DK", "Khoa Điêu khắc"), ("TKNT", "Khoa Thiết kế nội thất"),
        ("TKCN", "Khoa Thiết kế công nghiệp"), ("QLVH", "Khoa Quản lý văn hóa"),
        ("BT", "Khoa Bảo tàng học"), ("TTTV", "Khoa Thông tin - Thư viện"),
        ("VHH", "Khoa Văn hóa học"), ("VHDT", "Khoa Văn hóa các dân tộc thiểu số"),
        *_COMMON_FACULTIES,
    ],
    "social": [
        ("CTXH", "Khoa Công tác xã hội"), ("LUAT", "Khoa Luật"),
        ("QLNN", "Khoa Quản lý nhà nước"), ("VTLT", "Khoa Văn thư - Lưu trữ"),
        ("QTNL", "Khoa Quản trị nhân lực"), ("XHH", "Khoa Xã hội học"), ("TLH", "Khoa Tâm lý học"),
        ("GIOI", "Khoa Giới và Phát triển"), ("TTDP", "Khoa Truyền thông đa phương tiện"),
        ("KTLD", "Khoa Kinh tế lao động"), ("BHXH", "Khoa Bảo hiểm"),
        ("QHLD", "Khoa Quan hệ lao động và Công đoàn"), ("QHQT", "Khoa Quan hệ quốc tế"),
        ("CTH", "Khoa Chính trị học"), ("DTH", "Khoa Dân tộc học"),
        ("KTKT", "Khoa Kế toán"), ("TCNH", "Khoa Tài chính - Ngân hàng"),
        ("HCH", "Khoa Hành chính học"), ("KTPL", "Khoa Kinh tế pháp luật"),
        *_COMMON_FACULTIES,
    ],
}  # fmt: skip
FACULTIES["mixed"] = (
    FACULTIES["econ"][:8] + FACULTIES["tech"][:6] + FACULTIES["lang"][:4] + _COMMON_FACULTIES
)

#: teaching departments (bộ môn) for faculties that become sub-committees: (code, name)
SECTIONS: dict[str, list[tuple[str, str]]] = {
    "CK": [("CTM", "Bộ môn Công nghệ chế tạo máy"), ("MCX", "Bộ môn Máy và Ma sát học"),
           ("CHVL", "Bộ môn Cơ học vật liệu"), ("HCG", "Bộ môn Hàn và Công nghệ kim loại"),
           ("CKCX", "Bộ môn Cơ khí chính xác và Quang học")],
    "DIEN": [("HTD", "Bộ môn Hệ thống điện"), ("TBD", "Bộ môn Thiết bị điện - Điện tử"),
             ("DKT", "Bộ môn Điều khiển tự động"), ("KTD", "Bộ môn Kỹ thuật đo và Tin học công nghiệp")],
    "DTVT": [("DTHK", "Bộ môn Điện tử hàng không vũ trụ"), ("KTTT", "Bộ môn Kỹ thuật thông tin"),
             ("MDT", "Bộ môn Mạch và Xử lý tín hiệu"), ("VDT", "Bộ môn Vi điện tử")],
    "HOA": [("HHC", "Bộ môn Hóa hữu cơ"), ("HVC", "Bộ môn Hóa vô cơ"), ("HPT", "Bộ môn Hóa phân tích"),
            ("HL", "Bộ môn Hóa lý"), ("QTTB", "Bộ môn Quá trình - Thiết bị")],
    "VL": [("KLH", "Bộ môn Kim loại học"), ("VLPK", "Bộ môn Vật liệu polyme và compozit"),
           ("VLSL", "Bộ môn Vật liệu silicat"), ("CNDC", "Bộ môn Công nghệ đúc")],
    "CKDL": [("OTO", "Bộ môn Ô tô và Xe chuyên dụng"), ("DCDT", "Bộ môn Động cơ đốt trong"),
             ("MTT", "Bộ môn Máy và Tự động thủy khí")],
    "KTQL": [("QTKD", "Bộ môn Quản trị kinh doanh"), ("KTH", "Bộ môn Kinh tế học"),
             ("TCKT", "Bộ môn Tài chính - Kế toán")],
    "KTH": [("KTVM", "Bộ môn Kinh tế vi mô"), ("KTVI", "Bộ môn Kinh tế vĩ mô"),
            ("KTPT", "Bộ môn Kinh tế phát triển")],
    "QTKD": [("QTDN", "Bộ môn Quản trị doanh nghiệp"), ("QTCL", "Bộ môn Quản trị chiến lược"),
             ("QTCN", "Bộ môn Quản trị công nghệ")],
    "KTKT": [("KTTC", "Bộ môn Kế toán tài chính"), ("KTQT", "Bộ môn Kế toán quản trị"),
             ("KIT", "Bộ môn Kiểm toán")],
    "TCNH": [("TCDN", "Bộ môn Tài chính doanh nghiệp"), ("NHTM", "Bộ môn Ngân hàng thương mại"),
             ("TCQT", "Bộ môn Tài chính quốc tế")],
    "XDDD": [("KCBT", "Bộ môn Kết cấu bê tông cốt thép"), ("KCT", "Bộ môn Kết cấu thép - gỗ"),
             ("CNXD", "Bộ môn Công nghệ và Quản lý xây dựng"), ("SBVL", "Bộ môn Sức bền vật liệu")],
    "CD": [("DB", "Bộ môn Đường bộ"), ("CH", "Bộ môn Cầu hầm"), ("DS", "Bộ môn Đường sắt")],
    "NOI": [("TM", "Bộ môn Tim mạch"), ("TH", "Bộ môn Tiêu hóa"), ("HH", "Bộ môn Hô hấp"),
            ("TN", "Bộ môn Thận - Tiết niệu")],
    "NGOAI": [("CT", "Bộ môn Chấn thương chỉnh hình"), ("TKN", "Bộ môn Ngoại thần kinh"),
              ("NTH", "Bộ môn Ngoại tiêu hóa")],
    "TOAN": [("DS", "Bộ môn Đại số"), ("GT", "Bộ môn Giải tích"), ("HH", "Bộ môn Hình học"),
             ("XSTK", "Bộ môn Xác suất thống kê")],
    "VAN": [("VHVN", "Bộ môn Văn học Việt Nam"), ("NNH", "Bộ môn Ngôn ngữ học"),
            ("VHNN", "Bộ môn Văn học nước ngoài"), ("LLVH", "Bộ môn Lý luận văn học")],
    "NH": [("CT", "Bộ môn Cây trồng"), ("BVTV", "Bộ môn Bảo vệ thực vật"),
           ("DT", "Bộ môn Di truyền và Chọn giống")],
    "CN": [("DD", "Bộ môn Dinh dưỡng - Thức ăn"), ("DTG", "Bộ môn Di truyền - Giống vật nuôi"),
           ("CNCT", "Bộ môn Chăn nuôi chuyên khoa")],
    "TY": [("GPTH", "Bộ môn Giải phẫu - Tổ chức"), ("NKTY", "Bộ môn Nội - Chẩn - Dược"),
           ("VSTN", "Bộ môn Vi sinh - Truyền nhiễm")],
}  # fmt: skip
#: cells of a sub-committee whose faculty has no list of teaching departments
GENERIC_SECTIONS: list[tuple[str, str]] = [
    ("GV1", "Giảng viên 1"), ("GV2", "Giảng viên 2"), ("GV3", "Giảng viên 3"),
    ("PTN", "Cán bộ - Phòng thí nghiệm"), ("NCV", "Nghiên cứu viên"), ("GV4", "Giảng viên 4"),
]  # fmt: skip

# --- city scale ------------------------------------------------------------------------------

CITY_ROOT_CODE = "HN"
CITY_ROOT_NAME = "Đảng bộ Thành phố Hà Nội"
#: agency grassroots of each ward or commune: (code, name prefix, kind, profile of its members)
WARD_AGENCIES: list[tuple[str, str, str, str]] = [
    ("UB", "Đảng bộ Cơ quan Ủy ban nhân dân", "grassroots_committee", "civil"),
    ("CA", "Đảng bộ Công an", "grassroots_committee", "police"),
    ("QS", "Chi bộ Quân sự", "grassroots_cell", "military"),
    ("THCS", "Chi bộ Trường Trung học cơ sở", "grassroots_cell", "teacher"),
    ("TH", "Chi bộ Trường Tiểu học", "grassroots_cell", "teacher"),
    ("MN", "Chi bộ Trường Mầm non", "grassroots_cell", "teacher"),
]
WARD_OFFICE_CELLS: list[tuple[str, str]] = [
    ("VP", "Văn phòng HĐND - UBND"), ("KT", "Phòng Kinh tế"), ("VHXH", "Phòng Văn hóa - Xã hội"),
    ("TTHCC", "Trung tâm Phục vụ hành chính công"), ("DT", "Phòng Đô thị"),
    ("TCKT", "Bộ phận Tài chính - Kế toán"), ("MTTQ", "Cơ quan Mặt trận Tổ quốc"),
    ("DT2", "Đoàn thể"),
]  # fmt: skip
POLICE_CELLS: list[tuple[str, str]] = [
    ("TH", "Tổng hợp"), ("CSKV", "Cảnh sát khu vực"), ("ANTT", "An ninh trật tự"),
    ("CSGT", "Cảnh sát giao thông - Trật tự"), ("HS", "Cảnh sát hình sự"),
    ("PCCC", "Phòng cháy chữa cháy"),
]  # fmt: skip
