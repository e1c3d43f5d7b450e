"""A conclusion proposing discipline opens the discipline case of the inspection's subject
(issue 12): exact stored values and the link, each refusal with nothing written (not
proposed, opened already, discipline's own rules, out of scope), the inspection page and the
API's action calling the same service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coso.core.scope import OutOfScope
from coso.discipline.models import DisciplineCase
from coso.inspection import services
from coso.inspection.models import Inspection
from tests.helpers import client_for, refused

from .conftest import concluded

D = dt.date

CASE = dict(breach="Thu đảng phí không đúng quy định", breach_on=D(2026, 3, 10),
            offence="art9", proposed_penalty="reprimand", opened_on=D(2026, 4, 10))  # fmt: skip


def _case_row(case):
    return DisciplineCase.objects.values_list(
        "organization__code", "subject_kind", "member", "subject_organization__code",
        "subject_name", "breach", "breach_on", "offence", "proposed_penalty", "opened_on",
        "step", "holds_office",
    ).get(pk=case.pk)  # fmt: skip


def test_opens_the_case_of_an_organization_inspected(inspection, members, ubkt, bk_secretary):
    concluded(inspection, members, ubkt, proposes_discipline=True)
    case = services.open_discipline_case(inspection, **CASE, actor=bk_secretary)
    assert _case_row(case) == (
        "DUK-BK", "organization", None, "DUK-BK-CNTT", "Chi bộ Khoa Công nghệ thông tin",
        "Thu đảng phí không đúng quy định", D(2026, 3, 10), "art9", "reprimand",
        D(2026, 4, 10), "opened", False,
    )  # fmt: skip
    assert set(case.history.values_list("history_user_id", flat=True)) == {bk_secretary.pk}
    assert Inspection.objects.get(pk=inspection.pk).discipline_case_id == case.pk
    assert inspection.history.latest().history_user_id == bk_secretary.pk
    # once only
    refused(lambda: services.open_discipline_case(inspection, **CASE, actor=bk_secretary),
            "already opened from this inspection")  # fmt: skip


def test_opens_the_case_of_a_member_supervised(supervision, members, ubkt, bk_secretary):
    services.set_team(supervision, leader=members["binh"], members=[members["anh"]], actor=ubkt)
    services.conclude(supervision, conclusion="Không giữ mối liên hệ.", concluded_on=D(2026, 5, 4),
                      violation=True, proposes_discipline=True, actor=ubkt)  # fmt: skip
    case = services.open_discipline_case(
        supervision, **{**CASE, "opened_on": D(2026, 5, 6)}, holds_office=True, actor=None
    )
    assert _case_row(case)[:5] == (
        "DUK-BK-CNTT", "member", members["duc"].pk, None, "Trần Minh Đức"
    )  # fmt: skip
    assert (_case_row(case)[-1], Inspection.objects.get(pk=supervision.pk).discipline_case_id) == (
        True, case.pk)  # fmt: skip


def test_refusals_write_nothing(inspection, plan, members, ubkt, bk_secretary, cell_secretary):
    def open_(actor=bk_secretary, **over):
        return lambda: services.open_discipline_case(inspection, **{**CASE, **over}, actor=actor)

    refused(open_(), "opened from a conclusion that proposes discipline")  # not concluded
    concluded(inspection, members, ubkt)  # violation found, discipline not proposed
    refused(open_(), "opened from a conclusion that proposes discipline")
    Inspection.objects.filter(pk=inspection.pk).update(proposes_discipline=True)
    refused(open_(opened_on=D(2026, 4, 1)), "on or after the conclusion (02/04/2026)",
            field="opened_on")  # fmt: skip
    refused(
        open_(proposed_penalty="expulsion"),
        "the penalties for party organization",
        field="proposed_penalty",
    )  # fmt: skip (discipline's own rule)
    refused(open_(breach=" "), "Describe the breach.", field="breach")
    # out of scope: the inspection committee cannot change DUK-BK's records (discipline's
    # scope); a cell secretary does not handle DUK-BK's inspections
    refused(open_(actor=ubkt), raises=OutOfScope)
    refused(open_(actor=cell_secretary), raises=OutOfScope)
    assert not DisciplineCase.objects.exists()


def test_the_page_opens_and_shows_the_case(login, inspection, members, ubkt, bk_secretary,
                                           cell_secretary):  # fmt: skip
    concluded(inspection, members, ubkt, proposes_discipline=True)
    detail = reverse("inspection_detail", args=[inspection.pk])
    url = reverse("inspection_action", args=[inspection.pk, "discipline"])
    page = login(ubkt).get(detail).content.decode()  # handles, may not open the case
    assert "Discipline case" in page and url not in page and "No discipline case opened" in page
    client = login(cell_secretary)
    refused(lambda: client.post(url, {"breach": "x"}), status=404)
    assert client.get(detail).status_code == 404
    client = login(bk_secretary)
    assert url in client.get(detail).content.decode()
    assert 'name="offence"' in client.get(url).content.decode()
    form = {"breach": "Thu đảng phí sai", "breach_on": "10/03/2026", "offence": "art9",
            "proposed_penalty": "reprimand", "opened_on": "10/04/2026"}  # fmt: skip
    refusal = refused(lambda: client.post(url, {**form, "opened_on": "01/04/2026"}),
                      "on or after the conclusion", status=400)  # fmt: skip
    assert 'id="step-form"' in refusal.text
    assert client.post(url, form).status_code == 302
    case = DisciplineCase.objects.get()
    assert (case.breach, case.subject_name, case.opened_on) == (
        "Thu đảng phí sai",
        "Chi bộ Khoa Công nghệ thông tin",
        D(2026, 4, 10),
    )
    page = client.get(detail).content.decode()
    assert reverse("discipline_case", args=[case.pk]) in page and url not in page


@pytest.mark.django_db(transaction=True)
def test_opening_outside_a_wrapping_transaction(tree, members, bk_secretary):
    plan = services.adopt_plan(tree["DUK-BK"], body="committee", year=2026, title="KH 2026",
                               adopted_on=D(2026, 1, 5), actor=bk_secretary)  # fmt: skip
    inspection = services.schedule(
        plan, activity="inspection", kind="regular", topic="Đảng phí", starts_on=D(2026, 3, 2),
        ends_on=D(2026, 3, 31), subject_organization=tree["DUK-BK-CK"], actor=bk_secretary,
    )  # fmt: skip
    concluded(inspection, members, bk_secretary, proposes_discipline=True)
    case = services.open_discipline_case(inspection, **CASE, actor=bk_secretary)
    assert (case.organization.code, case.subject_organization.code) == ("DUK-BK", "DUK-BK-CK")
    assert Inspection.objects.get(pk=inspection.pk).discipline_case_id == case.pk
    refused(lambda: services.open_discipline_case(inspection, **CASE, actor=bk_secretary),
            "already opened")  # fmt: skip


API_CASE = {"breach": "Thu đảng phí sai", "breach_on": "2026-03-10", "offence": "art9",
            "proposed_penalty": "reprimand", "opened_on": "2026-04-10"}  # fmt: skip


def test_the_api_opens_the_case(inspection, members, ubkt, bk_secretary, cell_secretary):
    url = f"/api/v1/inspections/{inspection.pk}/discipline/"
    api = client_for(bk_secretary, language="vi")
    # not concluded: a 400 naming the rule in Vietnamese, nothing written
    refusal = refused(lambda: api.post(url, API_CASE, format="json"), status=400)
    assert refusal.response.json() == {
        "non_field_errors": ["Chỉ mở vụ việc kỷ luật từ kết luận có đề nghị xem xét kỷ luật."]
    }
    concluded(inspection, members, ubkt, proposes_discipline=True)
    refusal = refused(lambda: api.post(url, {**API_CASE, "opened_on": "2026-04-01"},
                                       format="json"), status=400)  # fmt: skip
    assert refusal.response.json() == {
        "opened_on": ["Ngày mở vụ việc phải từ ngày kết luận (02/04/2026) trở đi."]
    }
    refused(lambda: api.post(url, {**API_CASE, "proposed_penalty": "x"}, format="json"),
            status=400)  # fmt: skip
    # out of scope: a cell secretary does not see it; the inspection committee handles the
    # inspection but may not change DUK-BK's discipline records
    refused(lambda: client_for(cell_secretary).post(url, API_CASE, format="json"), status=404)
    refused(lambda: client_for(ubkt).post(url, API_CASE, format="json"), status=404)
    made = api.post(url, API_CASE, format="json")
    assert made.status_code == 201, made.content
    case = DisciplineCase.objects.get()
    body = made.json()
    assert (body["id"], body["organization"], body["subject_kind"], body["subject_name"],
            body["step"]) == (case.pk, "DUK-BK", "organization",
                              "Chi bộ Khoa Công nghệ thông tin", "opened")  # fmt: skip
    assert _case_row(case)[5:10] == (
        "Thu đảng phí sai",
        D(2026, 3, 10),
        "art9",
        "reprimand",
        D(2026, 4, 10),
    )
    shown = api.get(f"/api/v1/inspections/{inspection.pk}/").json()
    assert shown["discipline_case"] == case.pk
    refusal = refused(lambda: api.post(url, API_CASE, format="json"), status=400)
    assert refusal.response.json() == {
        "non_field_errors": ["Đã mở vụ việc kỷ luật từ cuộc kiểm tra này."]
    }


@pytest.mark.django_db(transaction=True)
def test_the_api_opens_outside_a_wrapping_transaction(tree, members, bk_secretary):
    plan = services.adopt_plan(tree["DUK-BK"], body="committee", year=2026, title="KH 2026",
                               adopted_on=D(2026, 1, 5), actor=bk_secretary)  # fmt: skip
    inspection = services.schedule(
        plan, activity="inspection", kind="regular", topic="Đảng phí", starts_on=D(2026, 3, 2),
        ends_on=D(2026, 3, 31), subject_organization=tree["DUK-BK-CK"], actor=bk_secretary,
    )  # fmt: skip
    concluded(inspection, members, bk_secretary, proposes_discipline=True)
    url = f"/api/v1/inspections/{inspection.pk}/discipline/"
    api = client_for(bk_secretary)
    refused(lambda: api.post(url, {**API_CASE, "opened_on": "2026-04-01"}, format="json"),
            status=400)  # fmt: skip
    made = api.post(url, API_CASE, format="json")
    assert made.status_code == 201, made.content
    case = DisciplineCase.objects.get()
    assert (case.subject_organization.code, case.history.latest().history_user_id) == (
        "DUK-BK-CK", bk_secretary.pk)  # fmt: skip
    assert Inspection.objects.get(pk=inspection.pk).discipline_case_id == case.pk
