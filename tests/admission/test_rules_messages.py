"""Messages that state a rule's number take it from the rule (coso.core.rules), in both
languages: the probation page, the exemption reason and the admission-age refusal."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from coso.members.choices import ExemptionReason
from tests.helpers import D, probationary_member

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_probation_page_states_the_rule_months(login, personas, cntt):
    probationary_member(cntt, "Lan", admitted_on=D(2025, 6, 1))
    client = login(personas["cell_secretary"])
    page = text(client.get(reverse("probation_list")))
    assert "once the 12 months of probation have ended" in page
    client.cookies["django_language"] = "vi"
    page = text(client.get(reverse("probation_list")))
    assert "khi đảng viên đã hết 12 tháng dự bị" in page


def test_the_exemption_reason_states_the_rule_months():
    with translation.override("en"):
        assert str(ExemptionReason.ILL.label) == "Ill (at least 3 months of treatment)"
    with translation.override("vi"):
        assert str(ExemptionReason.ILL.label) == "Ốm đau (điều trị từ 3 tháng trở lên)"


def test_the_admission_age_refusal_states_the_rule_years(cntt):
    member = probationary_member(cntt, "Lan", admitted_on=D(2025, 6, 1))
    member.birth_date, member.admitted_on = D(2008, 1, 10), D(2025, 6, 1)
    with translation.override("en"), pytest.raises(ValidationError) as info:
        member.full_clean()
    assert (
        "The admission date cannot be before the member's 18th birthday."
        in (info.value.message_dict["admitted_on"])
    )
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        member.full_clean()
    assert (
        "Ngày vào Đảng không được trước ngày đảng viên đủ 18 tuổi."
        in (info.value.message_dict["admitted_on"])
    )
