"""The pieces members and candidates share: the person model, the list filter base, the end of
an action view, and the member list's table written by templates."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from coso.admission import services as admission_services
from coso.admission.filters import CandidateFilter
from coso.admission.models import Candidate
from coso.core.person import Person, add_contact_errors, birth_date_problem
from coso.core.views import form_action
from coso.members import tables
from coso.members.filters import MemberFilter
from coso.members.models import Member
from tests.conftest import make_member


def test_members_and_candidates_share_the_person_fields():
    for field in Person._meta.get_fields():
        member_field = Member._meta.get_field(field.name)
        candidate_field = Candidate._meta.get_field(field.name)
        # inherited, not declared again: the same definition on both records
        assert member_field.deconstruct()[1:] == field.deconstruct()[1:]
        assert candidate_field.deconstruct()[1:] == field.deconstruct()[1:]
    assert issubclass(Member, Person) and issubclass(Candidate, Person)


def test_what_differs_stays_on_each_record():
    assert Member._meta.get_field("cccd").unique
    assert not Candidate._meta.get_field("cccd").unique
    assert Candidate._meta.get_field("education_general").choices
    assert not Member._meta.get_field("education_general").choices


def test_shared_checks():
    today = dt.date(2026, 1, 1)
    assert birth_date_problem(None, today) is None
    assert birth_date_problem(dt.date(2000, 1, 1), today) is None
    assert birth_date_problem(dt.date(2026, 1, 2), today)
    assert birth_date_problem(dt.date(1800, 1, 1), today)

    class Row:
        phone = "12345"
        cccd = "٠٠١٢٣٤٥٦٧٨٩٠"  # Arabic-Indic digits: twelve \d, not ASCII

    errors: dict[str, list] = {}
    add_contact_errors(Row(), errors)
    assert set(errors) == {"phone", "cccd"}


@pytest.mark.django_db
def test_names_derived_alike(tree):
    member = make_member(tree["DUK-BK-CNTT"], " Hoa ", middle="  Thị ", sex="female")
    candidate = admission_services.create_candidate(
        {
            "family_name": "Nguyễn",
            "middle_name": "  Thị ",
            "given_name": " Hoa ",
            "sex": "female",
            "birth_date": dt.date(2000, 3, 15),
            "cccd": "",
            "education_general": "upper_secondary",
            "source": "staff",
        },
        cell=tree["DUK-BK-CNTT"],
    )
    assert member.full_name == candidate.full_name == "Nguyễn Thị Hoa"
    assert member.sort_key == candidate.sort_key
    assert str(member) == str(candidate) == "Nguyễn Thị Hoa"
    assert candidate.cccd is None


@pytest.mark.django_db
def test_both_filters_take_an_organization_subtree_by_code(tree, members):
    candidate = admission_services.create_candidate(
        {
            "family_name": "Lê",
            "given_name": "Mai",
            "sex": "female",
            "birth_date": dt.date(2000, 3, 15),
            "education_general": "upper_secondary",
            "source": "staff",
        },
        cell=tree["DUK-BK-CNTT"],
    )
    for code, expected in (("DUK-BK", [candidate]), ("DUK-KT", []), ("NONE", [])):
        found = CandidateFilter({"organization": code}, queryset=Candidate.objects.all()).qs
        assert list(found) == expected
    in_bk = MemberFilter({"organization": "DUK-BK"}, queryset=Member.objects.all()).qs
    assert {m.organization.code for m in in_bk} == {"DUK-BK-CNTT", "DUK-BK-CK"}
    assert not MemberFilter({"organization": "NONE"}, queryset=Member.objects.all()).qs.exists()


class _Form(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _run(data, perform):
    request = _request()
    shown = []

    def show_again(form):
        shown.append(form)
        return HttpResponse("again", status=200)

    response = form_action(
        request,
        _Form(data),
        perform,
        success=lambda result: f"done {result}",
        done_url="/done/",
        show_again=show_again,
    )
    return request, response, shown


def test_form_action_done_refused_invalid():
    request, response, shown = _run({"name": "x"}, lambda data: data["name"].upper())
    assert (response.status_code, response["Location"]) == (302, "/done/")
    assert [str(m) for m in get_messages(request)] == ["done X"]
    assert not shown

    def refuse(data):
        raise ValidationError({"name": "taken"})

    request, response, shown = _run({"name": "x"}, refuse)
    assert response.content == b"again"
    assert shown[0].errors == {"name": ["taken"]}
    assert not list(get_messages(request))

    request, response, shown = _run({}, lambda data: pytest.fail("not called"))
    assert response.content == b"again" and "name" in shown[0].errors


def test_the_table_module_writes_no_markup():
    source = inspect.getsource(tables)
    assert "<tr" not in source and "<td" not in source and "mark_safe" not in source


@pytest.mark.django_db
def test_list_rows_written_by_the_template_are_escaped(tree, office, login):
    make_member(tree["DUK-BK-CNTT"], "<b>Hoa</b>")
    page = login(office).get(reverse("member_list"), {"search": "hoa"}).content.decode()
    assert "&lt;b&gt;Hoa&lt;/b&gt;" in page and "<b>Hoa</b>" not in page
