import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from coso.orgs import services as org_services
from tests.helpers import client_for, results

URL = "/api/v1/organizations/"


def codes(response) -> list[str]:
    return [o["code"] for o in results(response)]


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("office", ["DUK", "DUK-BK", "DUK-BK-CNTT", "DUK-BK-CK", "DUK-KT"]),
        ("bk_secretary", ["DUK-BK", "DUK-BK-CNTT", "DUK-BK-CK"]),
        ("cell_secretary", ["DUK-BK-CNTT"]),
    ],
)
def test_list_is_the_personas_subtree_in_tree_order(personas, persona, expected):
    response = client_for(personas[persona]).get(URL)
    assert codes(response) == expected
    assert response.json()["count"] == len(expected)


def test_anonymous_is_refused(tree):
    assert APIClient().get(URL).status_code in (401, 403)
    assert APIClient().get(f"{URL}DUK/").status_code in (401, 403)


def test_fields(personas):
    client = client_for(personas["office"])
    by_code = {o["code"]: o for o in results(client.get(URL))}
    cntt = by_code["DUK-BK-CNTT"]
    assert cntt == {
        "code": "DUK-BK-CNTT",
        "name": "Chi bộ Khoa Công nghệ thông tin",
        "short_name": "",
        "kind": "cell",
        "kind_display": "Cell",
        "parent": "DUK-BK",
        "depth": 3,
        "established_on": "2015-01-01",
        "dissolved_on": None,
    }
    assert by_code["DUK"]["parent"] is None
    assert by_code["DUK-KT"]["parent"] == "DUK"


def test_list_runs_a_fixed_number_of_queries(personas, tree):
    client = client_for(personas["office"])
    client.get(URL)  # warm up whatever is cached per process
    with CaptureQueriesContext(connection) as before:
        assert client.get(URL).status_code == 200
    for i in range(5):
        org_services.create_organization(
            tree["DUK-BK"], code=f"DUK-BK-X{i}", name=f"Chi bộ {i}", kind="cell"
        )
    with CaptureQueriesContext(connection) as after:
        assert len(results(client.get(URL))) == 10
    assert len(after) == len(before)


def test_detail_by_code_with_hyphens(personas):
    response = client_for(personas["cell_secretary"]).get(f"{URL}DUK-BK-CNTT/")
    assert response.status_code == 200
    assert response.json()["code"] == "DUK-BK-CNTT"
    assert response.json()["parent"] == "DUK-BK"


@pytest.mark.parametrize("code", ["DUK-BK-CK", "DUK-BK", "DUK", "DUK-KT", "NO-SUCH-CODE"])
def test_detail_outside_scope_is_404(personas, code):
    assert client_for(personas["cell_secretary"]).get(f"{URL}{code}/").status_code == 404


def test_read_only(personas):
    client = client_for(personas["office"])
    assert client.post(URL, {"code": "X", "name": "X", "kind": "cell"}).status_code == 405
    assert client.patch(f"{URL}DUK/", {"name": "X"}).status_code == 405
    assert client.delete(f"{URL}DUK-KT/").status_code == 405


@pytest.mark.parametrize(
    "persona, code, expected",
    [
        ("office", "DUK-BK", ["DUK-BK", "DUK-BK-CNTT", "DUK-BK-CK"]),
        ("office", "DUK-KT", ["DUK-KT"]),
        ("bk_secretary", "DUK", ["DUK-BK", "DUK-BK-CNTT", "DUK-BK-CK"]),
        ("cell_secretary", "DUK-BK", ["DUK-BK-CNTT"]),
        ("cell_secretary", "DUK-BK-CK", []),
        ("office", "NO-SUCH-CODE", []),
    ],
)
def test_organization_filter_is_the_subtree_within_scope(personas, persona, code, expected):
    response = client_for(personas[persona]).get(URL, {"organization": code})
    assert codes(response) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("cntt", ["DUK-BK-CNTT"]),
        ("khoa", ["DUK-BK", "DUK-BK-CNTT", "DUK-BK-CK"]),
        ("Kinh tế", ["DUK-KT"]),
        ("chi khoa", ["DUK-BK-CNTT", "DUK-BK-CK"]),
        ("nothing-like-this", []),
    ],
)
def test_search_on_name_and_code(personas, text, expected):
    response = client_for(personas["office"]).get(URL, {"search": text})
    assert codes(response) == expected


def test_search_stays_in_scope(personas):
    response = client_for(personas["cell_secretary"]).get(URL, {"search": "khoa"})
    assert codes(response) == ["DUK-BK-CNTT"]


def counts(response) -> dict[str, int]:
    return {o["code"]: o["member_count"] for o in results(response)}


def test_children_with_member_counts(personas, members):
    client = client_for(personas["office"])
    assert counts(client.get(f"{URL}DUK/children/")) == {"DUK-BK": 5, "DUK-KT": 2}
    response = client.get(f"{URL}DUK-BK/children/")
    assert counts(response) == {"DUK-BK-CNTT": 3, "DUK-BK-CK": 2}
    first = results(response)[0]
    assert first["parent"] == "DUK-BK" and first["kind"] == "cell"
    assert counts(client.get(f"{URL}DUK-BK-CNTT/children/")) == {}


def test_children_on_a_date(personas, members):
    client = client_for(personas["office"])
    # placements of the fixture start on 1 January 2015
    assert counts(client.get(f"{URL}DUK/children/", {"date": "2014-12-31"})) == {
        "DUK-BK": 0,
        "DUK-KT": 0,
    }
    assert counts(client.get(f"{URL}DUK/children/", {"date": "2015-01-01"})) == {
        "DUK-BK": 5,
        "DUK-KT": 2,
    }
    assert client.get(f"{URL}DUK/children/", {"date": "not-a-date"}).status_code == 400


def test_children_outside_scope_is_404(personas, members):
    assert client_for(personas["cell_secretary"]).get(f"{URL}DUK-BK/children/").status_code == 404
    assert client_for(personas["bk_secretary"]).get(f"{URL}DUK/children/").status_code == 404
    response = client_for(personas["bk_secretary"]).get(f"{URL}DUK-BK/children/")
    assert counts(response) == {"DUK-BK-CNTT": 3, "DUK-BK-CK": 2}


def test_children_run_a_fixed_number_of_queries(personas, members, tree):
    client = client_for(personas["office"])
    url = f"{URL}DUK-BK/children/"
    client.get(url)
    caches["local"].clear()  # measure the counting query, not a cached answer, both times
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for i in range(6):
        org_services.create_organization(
            tree["DUK-BK"],
            code=f"DUK-BK-Y{i}",
            name=f"Chi bộ {i}",
            kind="cell",
            established_on=dt.date(2015, 1, 1),
        )
    caches["local"].clear()
    with CaptureQueriesContext(connection) as after:
        assert len(counts(client.get(url))) == 8
    assert len(after) == len(before)
