"""The rules of discipline (DOMAIN.md §6, §15)."""

from fractions import Fraction

from .rule import (
    CHARTER_2021,
    CHARTER_2021_FROM,
    CHARTER_2021_TO,
    CHARTER_2025,
    CHARTER_2025_FROM,
    D,
    Rule,
    frozen,
)

RULES: list[Rule] = [
    # --- discipline (DOMAIN §6, §15) ---
    Rule(
        "discipline_vote_ratio",
        Fraction(1, 2),
        D(2022, 7, 6),
        None,
        "QĐ 69-QĐ/TW (6/7/2022), Điều 15",
        "Reprimand, warning or dismissal needs MORE THAN this share of all official members "
        "(not only those present).",
    ),
    Rule(
        "expulsion_vote_ratio",
        Fraction(2, 3),
        D(2022, 7, 6),
        None,
        "QĐ 69-QĐ/TW (6/7/2022), Điều 15",
        "Proposing expulsion needs at least 2/3 of all official members.",
    ),
    Rule(
        "discipline_limitation_years",
        frozen({"reprimand": 5, "warning": 10, "dismissal": 10}),
        D(2022, 7, 6),
        None,
        "QĐ 69-QĐ/TW (6/7/2022), Điều 4",
        "Limitation period in years by penalty level; expulsion-level offences have none.",
    ),
    Rule(
        "discipline_appeal_days",
        30,
        CHARTER_2021_FROM,
        CHARTER_2021_TO,
        CHARTER_2021,
        "An appeal against a discipline decision is lodged within 30 days of receiving it. [check]",
    ),
    Rule(
        "discipline_appeal_days",
        30,
        CHARTER_2025_FROM,
        None,
        CHARTER_2025 + "; QĐ 296-QĐ/TW (30/5/2025)",
        "An appeal against a discipline decision is lodged within 30 days of receiving it. [check]",
    ),
]

# --- penalties, competence, offences, deferral, notices (DOMAIN §6, §15) -----------------------
QD69 = "QĐ 69-QĐ/TW (6/7/2022)"
QD69_FROM = D(2022, 7, 6)
QD296 = "QĐ 296-QĐ/TW (30/5/2025)"
QD296_FROM = D(2025, 5, 30)

RULES += [
    Rule(
        "discipline_penalties",
        frozen(
            {
                "member": ("reprimand", "warning", "dismissal", "expulsion"),
                "probationary": ("reprimand", "warning"),
                "organization": ("reprimand", "warning", "dissolution"),
            }
        ),
        QD69_FROM,
        None,
        QD69 + ", Điều 7; Điều lệ Đảng, Điều 35",
        "The penalties by kind of subject, lightest first: an official member (dismissal only "
        "for one who holds an office), a probationary member, an organization.",
    ),
    Rule(
        "discipline_office_only_penalties",
        frozenset({"dismissal"}),
        QD69_FROM,
        None,
        QD69 + ", Điều 7",
        "Penalties that only a member holding an office (party, state or mass organization) "
        "can be given.",
    ),
    Rule(
        "discipline_expulsion_level",
        frozenset({"expulsion", "dissolution"}),
        QD69_FROM,
        None,
        QD69 + ", Điều 4, Điều 15",
        "The expulsion-level penalties: no limitation period; a cell's vote proposing them "
        "needs the expulsion share.",
    ),
    Rule(
        "discipline_competence",
        frozen(
            {
                # [check] Điều lệ Đảng Điều 36 and QĐ 296: a cell reprimands or warns its own
                # members; the grassroots committee also dismisses and (when delegated)
                # expels; the superior committee decides every penalty, organizations included
                "cell": frozen(
                    {"member": ("reprimand", "warning"), "probationary": ("reprimand", "warning")}
                ),
                "grassroots_cell": frozen(
                    {"member": ("reprimand", "warning"), "probationary": ("reprimand", "warning")}
                ),
                "sub_committee": frozen(
                    {"member": ("reprimand", "warning"), "probationary": ("reprimand", "warning")}
                ),
                "grassroots_committee": frozen(
                    {
                        "member": ("reprimand", "warning", "dismissal", "expulsion"),
                        "probationary": ("reprimand", "warning"),
                        "organization": ("reprimand", "warning"),
                    }
                ),
                "superior": frozen(
                    {
                        "member": ("reprimand", "warning", "dismissal", "expulsion"),
                        "probationary": ("reprimand", "warning"),
                        "organization": ("reprimand", "warning", "dissolution"),
                    }
                ),
            }
        ),
        QD69_FROM,
        None,
        "Điều lệ Đảng, Điều 36; " + QD296,
        "Which penalties each kind of organization may decide, by kind of subject; a heavier "
        "penalty is proposed upward. A cell decides only for its own members. [check]",
    ),
    Rule(
        "discipline_offences",
        frozen(
            {
                "art8": "Điều 8 — Vi phạm về quan điểm chính trị và chính trị nội bộ",
                "art9": "Điều 9 — Vi phạm về nguyên tắc tổ chức và hoạt động của Đảng",
                "art10": "Điều 10 — Vi phạm về bầu cử",
                "art11": "Điều 11 — Vi phạm về tuyển dụng, quản lý, sử dụng cán bộ",
                "art12": "Điều 12 — Vi phạm về khiếu nại, tố cáo",
                "art13": "Điều 13 — Vi phạm quy định về kiểm tra, giám sát, kỷ luật",
                "art19": "Điều 19 — Vi phạm về sử dụng văn bằng, chứng chỉ",
                "art20": "Điều 20 — Vi phạm về tham nhũng, lãng phí",
                "art32": "Điều 32 — Vi phạm về quy định những điều đảng viên không được làm",
                "art34": "Điều 34 — Vi phạm về đạo đức, lối sống",
                "art38": "Điều 38 — Vi phạm về phòng, chống tệ nạn xã hội",
                "art39": "Điều 39 — Vi phạm chính sách dân số",
                "other": "Vi phạm khác (ghi rõ trong nội dung)",
            }
        ),
        QD69_FROM,
        None,
        QD69 + ", Chương II",
        "The offences a case is recorded under (the articles of QĐ 69); the list is data. [check]",
    ),
    Rule(
        "discipline_unlimited_offences",
        frozenset({"art8", "art19"}),
        QD69_FROM,
        None,
        QD69 + ", Điều 4 khoản 1",
        "Offences with no limitation period whatever the penalty (internal politics, national "
        "security and foreign affairs; forged diplomas). [check]",
    ),
    Rule(
        "discipline_deferral_reasons",
        frozen(
            {
                "pregnancy": "Đang mang thai",
                "nursing": "Đang nuôi con dưới 12 tháng tuổi",
                "illness": "Đang điều trị bệnh hiểm nghèo hoặc ốm nặng",
            }
        ),
        QD69_FROM,
        None,
        QD69 + ", Điều 3",
        "The grounds on which the handling of a case is deferred. [check]",
    ),
    Rule(
        "discipline_nursing_months",
        12,
        QD69_FROM,
        None,
        QD69 + ", Điều 3",
        "Nursing a child younger than this many months defers the handling. [check]",
    ),
    Rule(
        "discipline_state_notice_days",
        5,
        QD296_FROM,
        None,
        QD296,
        "Days (calendar) for the state body to tell the party organization of a member's "
        "discipline by the state after the party's decision. [check]",
    ),
]
