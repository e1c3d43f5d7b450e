"""The documents register links a decision on grades to its page: the deciding organization's
grading page of the period (through `evaluation_decision`, which needs no organization read
per row of the register); out of the user's records scope the link is a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coso.accounts.services import add_user
from coso.evaluation.documents import issue_grade_decision
from coso.evaluation.models import GradeDecision
from tests.helpers import PASSWORD, refused

from .four_good_setup import evaluation, year_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(tree, members):
    period = year_period(tree["DUK"], 2025)
    found = GradeDecision.objects.create(
        period=period, organization=tree["DUK-BK"], subject_kind="member",
        decided_on=dt.date(2026, 1, 12),
    )  # fmt: skip
    for key, grade in {"an": "good", "binh": "complete"}.items():
        m = members[key]
        evaluation(period, m.organization, member=m, grade=grade, quota_unit=tree["DUK-BK"],
                   decision=found)  # fmt: skip
    issue_grade_decision(found, signer_name="Trần Văn Hùng")
    return found


def test_the_register_links_the_decision_to_its_grading_page(login, bk_secretary, decision):
    client = login(bk_secretary)
    link = reverse("evaluation_decision", args=[decision.pk])
    assert link == f"/evaluation/decisions/{decision.pk}/"
    register = client.get(reverse("document_register")).content.decode()
    assert f'href="{link}"' in register
    assert "01-QĐ/ĐU" in register
    response = client.get(link)
    assert response.status_code == 302
    assert response.url == f"/organizations/DUK-BK/evaluation/{decision.period_id}/"
    assert client.get(response.url).status_code == 200


def test_out_of_scope_the_decision_is_a_404(login, tree, decision):
    other = add_user("bithu_kt", organization=tree["DUK-KT"], role="secretary",
                     password=PASSWORD)  # fmt: skip
    client = login(other)
    link = reverse("evaluation_decision", args=[decision.pk])
    refused(lambda: client.get(link), status=404)
    refused(lambda: client.get(reverse("evaluation_decision", args=[decision.pk + 99])),
            status=404)  # fmt: skip
    refused(lambda: client.post(link), status=405)
