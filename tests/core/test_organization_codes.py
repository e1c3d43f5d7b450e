"""Organization codes are read in one place (`OrganizationQuerySet.by_code`, through
`core.forms.OrganizationCodeField`): letter case and spaces around a code do not matter on any
filter, form or URL, and an unknown code says so by name (issue 16, finding 2)."""

from __future__ import annotations

import pytest
from django.utils import translation

from coso.members.forms.lifecycle import TransferForm
from coso.orgs.models import Organization
from tests.helpers import client_for, listed_names, queries

pytestmark = pytest.mark.django_db

UNKNOWN = "There is no organization with the code NO-SUCH."


def test_by_code_ignores_case_and_spaces_and_reads_the_index_first(tree):
    assert Organization.objects.by_code("DUK-BK-CNTT") == tree["DUK-BK-CNTT"]
    assert Organization.objects.by_code("  duk-bk-cntt ") == tree["DUK-BK-CNTT"]
    assert Organization.objects.by_code("Duk-Bk-Cntt") == tree["DUK-BK-CNTT"]
    assert Organization.objects.by_code("NO-SUCH") is None
    assert Organization.objects.by_code("   ") is None
    # a code typed as stored: one query; lower case: a second, on the upper-cased code
    assert queries(lambda: Organization.objects.by_code("DUK-BK")) == 1
    assert queries(lambda: Organization.objects.by_code("duk-bk")) == 2


def test_by_code_keeps_the_scope_it_is_given(tree, cell_secretary):
    mine = Organization.objects.editable_by(cell_secretary)
    assert mine.by_code("duk-bk-cntt") == tree["DUK-BK-CNTT"]
    assert mine.by_code("duk-kt") is None


@pytest.mark.parametrize("typed", ["duk-bk-cntt", " DUK-BK-CNTT  ", "Duk-Bk-Cntt"])
def test_member_list_and_to_do_read_any_spelling(members, office, login, typed):
    page = login(office)
    assert listed_names(page.get("/members/", {"organization": typed})) == listed_names(
        page.get("/members/", {"organization": "DUK-BK-CNTT"})
    )
    todo = page.get("/todo/", {"organization": typed})
    assert todo.status_code == 200
    assert todo.context["organization"] == members["an"].organization
    assert client_for(office).get("/api/v1/members/", {"organization": typed}).json()["count"] == 3


@pytest.mark.parametrize(
    "url",
    [
        "/members/",
        "/todo/",
        "/admission/",
        "/admission/candidates/",
        "/admission/probation/",
        "/documents/register/",
    ],
)
def test_an_unknown_code_says_so_and_lists_nothing(members, office, login, url):
    response = login(office).get(url, {"organization": "no-such "})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="organization-error"' in body
    # the code as typed, without the spaces around it
    assert "There is no organization with the code no-such." in body


def test_the_member_list_lists_nobody_for_an_unknown_code(members, office, login):
    response = login(office).get("/members/", {"organization": "NO-SUCH"})
    assert listed_names(response) == []
    assert response.context["page"].paginator.count == 0


def test_pages_of_an_organization_take_its_code_in_any_case(members, office, login):
    page = login(office)
    assert page.get("/organizations/duk-bk-cntt/").context["org"].code == "DUK-BK-CNTT"
    assert page.get("/organizations/duk-bk/transfers/").status_code == 200
    assert page.get("/admission/cells/duk-bk-cntt/").context["cell"].code == "DUK-BK-CNTT"
    assert page.get("/organizations/no-such/").status_code == 404


@pytest.fixture
def english():
    with translation.override("en"):  # messages are checked as their msgids
        yield


def test_forms_take_a_code_in_any_case(tree, english):
    form = TransferForm(
        {"kind": "permanent", "to": " duk-kt ", "letter_number": "1-GT", "issued_on": "01/02/2025"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["to"] == tree["DUK-KT"]
    unknown = TransferForm(
        {"kind": "permanent", "to": "NO-SUCH", "letter_number": "1-GT", "issued_on": "01/02/2025"}
    )
    assert not unknown.is_valid()
    assert unknown.errors["to"] == [UNKNOWN]


def test_a_new_code_may_not_differ_from_one_in_use_by_letter_case_only(tree, english):
    from django.core.exceptions import ValidationError

    from coso.orgs.services import create_organization

    with pytest.raises(ValidationError) as refused:
        create_organization(tree["DUK-BK"], code="duk-bk-cntt", name="Chi bộ khác", kind="cell")
    assert refused.value.message_dict == {"code": ["The code duk-bk-cntt is already in use."]}
    assert Organization.objects.filter(name="Chi bộ khác").count() == 0


def test_apis_and_commands_take_a_code_in_any_case(members, office):
    from django.core.management import call_command

    api = client_for(office)
    assert api.get("/api/v1/organizations/duk-bk/children/").status_code == 200
    assert api.get("/api/v1/committees/duk-bk/").status_code == 200
    call_command("adduser", "bithu_kt", "--org", "duk-kt", "--role", "secretary")
    from coso.accounts.models import RoleAssignment

    assert (
        RoleAssignment.objects.get(user__username="bithu_kt").organization
        == members["dung"].organization
    )
