"""Fixtures of the member tests: a member outside every persona's scope."""

import datetime as dt

import pytest

from coso.orgs import services as org_services
from tests.helpers import make_member


@pytest.fixture
def outsider(tree):
    """A member of another committee altogether (outside even the bloc office's scope)."""
    other = org_services.create_organization(
        None, code="KHAC", name="Đảng ủy Khối Doanh nghiệp", kind="superior",
        established_on=dt.date(2015, 1, 1),
    )  # fmt: skip
    cell = org_services.create_organization(
        other, code="KHAC-A", name="Chi bộ Công ty A", kind="grassroots_cell",
        established_on=dt.date(2015, 1, 1),
    )  # fmt: skip
    return make_member(cell, "Khách", family="Đỗ")


@pytest.fixture
def people(members, outsider):
    return {**members, "outsider": outsider}
