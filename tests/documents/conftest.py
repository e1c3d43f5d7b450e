import pytest
from django.utils import translation

from coso.committees.models import Term
from tests.helpers import D


@pytest.fixture
def terms(tree):
    """The grassroots committee DUK-BK's terms 2020–2025 and 2025–2030 (the congress of
    1/7/2025 ends the first). DUK-KT has none recorded: it numbers per calendar year."""
    bk = tree["DUK-BK"]
    return {
        "2020": Term.objects.create(
            organization=bk,
            start_year=2020,
            end_year=2025,
            congress_date=D(2020, 7, 1),
            ended_on=D(2025, 7, 1),
        ),
        "2025": Term.objects.create(
            organization=bk, start_year=2025, end_year=2030, congress_date=D(2025, 7, 1)
        ),
    }


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids, whatever translations exist."""
    with translation.override("en"):
        yield
