import datetime as dt

import pytest
from django.utils import translation

from coso.members.models import MembershipEvent
from tests.helpers import make_member


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids (the Vietnamese catalog has them all)."""
    with translation.override("en"):
        yield


@pytest.fixture
def veteran(tree):
    """Admitted 12/03/1990, struck off 01/05/2000, re-admitted 01/05/2003 (1,095 days out)."""
    return old_member(tree["DUK-BK-CNTT"], "Lâm", dt.date(1990, 3, 12), gap=True)


def old_member(org, given, admitted_on, *, gap=False, family="Trần", **extra):
    """A member admitted on `admitted_on`; with `gap`, out of the party from 01/05/2000 to
    01/05/2003 (a removal and a re-admission in the registry's events)."""
    extra.setdefault("birth_date", dt.date(1960, 1, 1))
    m = make_member(org, given, family=family, admitted_on=admitted_on, recognized_on=None,
                    **extra)  # fmt: skip
    if gap:
        MembershipEvent.objects.create(member=m, kind="struck_off", date=dt.date(2000, 5, 1))
        MembershipEvent.objects.create(member=m, kind="readmitted", date=dt.date(2003, 5, 1))
    return m
