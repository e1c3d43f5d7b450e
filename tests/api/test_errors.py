"""API errors: JSON in Vietnamese, never a 500 (issue 9, findings 3 and 11).

Clients send no language cookie here: the API answers in Vietnamese like the pages.
"""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coso.core.api.parsers import json_depth
from tests.helpers import snapshot

NOT_FOUND = {"detail": "Không tìm thấy."}


@pytest.fixture
def token_client(office):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=office).key}")
    return client


def _detail_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in sorted(schema["paths"].items()):
        if "{" in path:
            for method in sorted(item):
                yield path, method


DETAIL_OPERATIONS = list(_detail_operations())


def test_every_detail_and_action_route_is_walked():
    paths = {p for p, _m in DETAIL_OPERATIONS}
    assert "/api/v1/transfers/{id}/receive/" in paths
    assert {"/api/v1/transfers/{id}/cancel/", "/api/v1/transfers/{id}/confirm/"} <= paths
    assert "/api/v1/transfers/{id}/end/" in paths
    assert len(DETAIL_OPERATIONS) >= 30


@pytest.mark.parametrize("bad_id", ["abc", "999999", "1.5", "null,null"])
@pytest.mark.parametrize(("path", "method"), DETAIL_OPERATIONS)
def test_unknown_or_non_numeric_id_is_a_vietnamese_404(members, token_client, path, method, bad_id):
    url = path.replace("{id}", bad_id).replace("{code}", bad_id)
    before = snapshot()
    response = getattr(token_client, method)(url, {}, format="json")
    assert response.status_code == 404, (url, response.content)
    assert response.json() == NOT_FOUND
    assert snapshot() == before


def test_unknown_api_path_is_a_json_404(token_client):
    response = token_client.get("/api/v1/khong-co/")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == NOT_FOUND


def test_json_nested_ten_thousand_deep_is_a_400(members, token_client):
    before = snapshot()
    body = "[" * 10_000 + "]" * 10_000
    response = token_client.post(
        "/api/v1/transfers/incoming/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Dữ liệu JSON lồng nhau quá 32 cấp."}
    assert snapshot() == before
    nested = '{"a":' * 5_000 + "1" + "}" * 5_000
    response = token_client.patch(
        f"/api/v1/members/{members['an'].pk}/", nested, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Dữ liệu JSON lồng nhau quá 32 cấp."}
    assert snapshot() == before


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth(b'{"a": "[[[[{{{{", "b": [1, [2]]}') == 3
    assert json_depth(b'"\\"[[[["') == 0
    assert json_depth(json.dumps([[[["x"]]]]).encode()) == 4


def test_malformed_json_is_a_vietnamese_400(members, token_client):
    response = token_client.post(
        "/api/v1/transfers/incoming/", '{"organization": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Nội dung gửi lên không phải JSON hợp lệ (dòng 1, cột 18)."
    }


def test_an_oversized_json_body_is_a_vietnamese_413(members, token_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = snapshot()
    body = json.dumps({"organization": "DUK-KT", "note": "x" * 2000})
    response = token_client.post(
        "/api/v1/transfers/incoming/", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "Dữ liệu gửi lên lớn hơn mức hệ thống cho phép."}
    assert snapshot() == before


def test_an_oversized_form_on_the_api_is_a_vietnamese_413_in_json(members, office, settings):
    """A session client's form body is read by the CSRF check, before any parser."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(office)
    client.cookies["csrftoken"] = "a" * 32  # the check reads the form for the token
    before = snapshot()
    response = client.post(
        "/api/v1/transfers/incoming/", {"organization": "DUK-KT", "note": "x" * 2000}
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Dữ liệu gửi lên lớn hơn mức hệ thống cho phép."}
    assert snapshot() == before


def test_invalid_page_is_vietnamese(members, token_client):
    response = token_client.get("/api/v1/members/", {"page": 999})
    assert response.status_code == 404
    assert response.json() == {"detail": "Trang không hợp lệ."}


def test_not_logged_in_is_vietnamese(db):
    response = APIClient().get("/api/v1/members/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Chưa đăng nhập: yêu cầu không kèm thông tin xác thực."}
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token 0000")
    assert bad.get("/api/v1/members/").json() == {"detail": "Mã truy cập (token) không hợp lệ."}


def test_invalid_pk_is_vietnamese(members, token_client):
    before = snapshot()
    response = token_client.post(
        "/api/v1/candidates/",
        {"cell": "DUK-BK-CNTT", "follower": 999999, "kind": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["follower"] == [
        'Mã số (id) "999999" không hợp lệ: không có đối tượng này.'
    ]
    assert snapshot() == before


def test_a_bad_choice_and_a_missing_field_are_vietnamese(members, token_client):
    before = snapshot()
    response = token_client.post(
        f"/api/v1/members/{members['an'].pk}/transfer/",
        {"kind": "sideways", "letter_number": "1"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "kind": ['"sideways" không phải là một lựa chọn hợp lệ.'],
        "issued_on": ["Trường này là bắt buộc."],
    }
    assert snapshot() == before


@pytest.mark.parametrize("year", ["-2332440398461763485057509490688", "0", "99999"])
def test_admission_statistics_refuses_years_out_of_range(members, token_client, year):
    response = token_client.get("/api/v1/admission-statistics/", {"year": [2024, year]})
    assert response.status_code == 400
    assert response.json() == {"year": ["Năm phải nằm trong khoảng từ 1900 đến 2100."]}
