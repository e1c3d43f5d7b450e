"""Plan 74-KH/ĐUK as data: the plan of the bloc's committee implementing Resolution 21-NQ/TW
(2022–2030) and its targets with the plan's own words (../shared/seed/plan-74-KH-DUK.txt, part
II.2), plus the targets the plan implies and the data supports, kept for information (no goal).

One step, `seed_plan_74`, called by the demo and by `coso plans seed --org CODE`: a plan is the
bloc's own data (another bloc has another plan), so a migration, which runs on every database,
is not the place for it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.rules import value as rule_value
from coso.core.scope import require_edit
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from ..choices import Measure, Unit
from ..models import Plan, Target

NUMBER = "74-KH/ĐUK"
ISSUED_ON = dt.date(2022, 10, 27)
FIRST_YEAR, LAST_YEAR = 2022, 2030
TITLE = (
    "Kế hoạch thực hiện Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Ban Chấp hành Trung ương "
    "Đảng khóa XIII về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng "
    "đội ngũ đảng viên trong giai đoạn mới"
)
BASIS = "Nghị quyết số 21-NQ/TW, ngày 16/6/2022; Kế hoạch số 105-KH/TU, ngày 23/9/2022"

GOOD = (
    "Hằng năm có trên 90% tổ chức đảng, đảng viên được đánh giá, xếp loại từ hoàn thành tốt "
    "nhiệm vụ trở lên."
)
ADMISSIONS = (
    "Phấn đấu hoàn thành chỉ tiêu kết nạp Đảng hằng năm theo Nghị quyết Đại hội lần thứ III "
    "Đảng bộ Khối đề ra 2000 đảng viên/năm."
)
RATE = (
    "Phấn đấu trong giai đoạn 2025-2030, số lượng phát triển đảng viên mới hằng năm đạt từ 8% "
    "đến 10% tổng số đảng viên."
)
STUDY = (
    "100% các tổ chức cơ sở và đảng viên thực hiện tốt việc học tập và làm theo tư tưởng, đạo "
    "đức, phong cách Hồ Chí Minh, xây dựng kế hoạch, biện pháp thực hiện theo chủ đề hàng năm "
    "thực chất."
)
THEMATIC = (
    "Nâng cao chất lượng, đổi mới nội dung sinh hoạt chi bộ, 100% chi bộ sinh hoạt chuyên đề "
    "4 lần/năm trở lên."
)
REMOVALS = (
    "Thực hiện nghiêm túc việc rà soát, sàng lọc đảng viên, kiên quyết, kịp thời đưa ra khỏi "
    "Đảng những đảng viên không còn đủ tư cách. (theo dõi, không giao chỉ tiêu)"
)
FOUR_GOOD = (
    'Chỉ đạo cấp ủy cơ sở xây dựng kế hoạch và triển khai thực hiện hiệu quả mô hình "chi bộ '
    'bốn tốt", "đảng bộ cơ sở bốn tốt". (theo dõi, không giao chỉ tiêu)'
)
DISCIPLINE = (
    "Tăng cường công tác kiểm tra, giám sát, xử lý nghiêm cán bộ, đảng viên không chấp hành "
    "quy định của Đảng. (theo dõi, không giao chỉ tiêu)"
)
DUES = "Quản lý đảng viên, thu nộp đảng phí theo quy định. (theo dõi, không giao chỉ tiêu)"

HUNDRED = Decimal(100)


def _targets() -> list[dict]:
    """The targets in the plan's order: (measure, unit, goals, years, wording)."""
    share = rule_value("good_or_better_target", ISSUED_ON) * 100
    good = Decimal(share.numerator) / Decimal(share.denominator)
    years = {"first_year": FIRST_YEAR, "last_year": LAST_YEAR}
    percent, count = Unit.PERCENT, Unit.COUNT
    rows = [
        (Measure.ORGANIZATIONS_GOOD, percent, good, True, None, years, GOOD),
        (Measure.MEMBERS_GOOD, percent, good, True, None, years, GOOD),
        (Measure.ADMISSIONS, count, Decimal(2000), False, None, years, ADMISSIONS),
        (
            Measure.ADMISSION_RATE, percent, Decimal(8), False, Decimal(10),
            {"first_year": 2025, "last_year": LAST_YEAR}, RATE,
        ),
        (Measure.THEMATIC_MEETINGS, percent, HUNDRED, False, None, years, THEMATIC),
        (Measure.STUDY_PLANS, percent, HUNDRED, False, None, years, STUDY),
        (Measure.COMMITMENTS, percent, HUNDRED, False, None, years, STUDY),
        (Measure.REMOVALS, count, None, False, None, years, REMOVALS),
        (Measure.FOUR_GOOD, percent, None, False, None, years, FOUR_GOOD),
        (Measure.DISCIPLINE, count, None, False, None, years, DISCIPLINE),
        (Measure.DUES_COLLECTED, percent, None, False, None, years, DUES),
    ]  # fmt: skip
    return [
        {
            "measure": measure,
            "unit": unit,
            "goal_min": low,
            "goal_min_exclusive": above,
            "goal_max": high,
            "wording": wording,
            "position": n,
            **span,
        }  # fmt: skip
        for n, (measure, unit, low, above, high, span, wording) in enumerate(rows, start=1)
    ]


@transaction.atomic
def seed_plan_74(issuer: Organization, *, actor=None) -> Plan:
    """Plan 74-KH/ĐUK issued by `issuer` (the bloc's committee) with its targets. Once: a second
    call finds the plan and leaves it as it is (its targets may have been edited since)."""
    issuer = Organization.objects.select_for_update().get(pk=issuer.pk)
    require_edit(actor, issuer)
    if issuer.kind != OrgKind.SUPERIOR:
        raise ValidationError(
            {"organization": _("A plan of the bloc is issued by a superior committee.")}
        )
    plan = Plan.objects.filter(organization=issuer, number=NUMBER).first()
    if plan is not None:
        return plan
    plan = Plan.objects.create(
        organization=issuer,
        number=NUMBER,
        title=TITLE,
        issued_on=ISSUED_ON,
        basis=BASIS,
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
        actor=actor,
    )
    Target.objects.bulk_create(Target(plan=plan, **row) for row in _targets())
    return plan
