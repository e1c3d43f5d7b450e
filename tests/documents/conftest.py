import pytest
from django.utils import translation

from coso.committees import services as committee_services
from coso.committees.models import Term
from tests.documents.batch_helpers import NAMES, transfer_of
from tests.helpers import D, make_member


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


@pytest.fixture
def secretary(tree):
    """Trần Văn Bảo, secretary of DUK-BK's committee in the 2020–2025 term (the letter batch
    tests; test_issue.py has its own)."""
    boss = make_member(tree["DUK-BK-CNTT"], "Bảo", family="Trần")
    term = committee_services.open_term(
        tree["DUK-BK"], start_year=2020, end_year=2025, congress_date=D(2020, 7, 1)
    )
    committee_services.appoint(term, boss, post="secretary", started_on=D(2020, 7, 1))
    return boss


@pytest.fixture
def letters(tree, secretary):
    """The transfer letters of Lê Văn Cường, Đinh Văn An and Phạm Văn Bình (`NAMES`), in that
    order, from DUK-BK-CNTT to DUK-KT (the letter batch tests)."""
    return [
        transfer_of(tree["DUK-BK-CNTT"], name.split()[-1], name.split()[0], to=tree["DUK-KT"], n=n)
        for n, name in enumerate(NAMES, 1)
    ]
