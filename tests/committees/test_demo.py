"""The demo gives its organizations a 2025–2030 term and a secretary, through the services."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from coso.committees import queries
from coso.committees.models import PostHolding, Term
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_small_demo_fills_the_committees():
    out = StringIO()
    call_command("demo", "--size", "small", "--seed", "1", stdout=out)
    assert "nhiệm kỳ" in out.getvalue()
    orgs = Organization.objects.exclude(kind=OrgKind.GROUP)
    assert Term.objects.count() == orgs.count()
    assert set(Term.objects.values_list("start_year", "end_year", "ended_on")) == {
        (2025, 2030, None)
    }
    today = timezone.localdate()
    for org in orgs:
        secretary = queries.holder_on(org, "secretary", today)
        assert secretary is not None, org.code
        assert secretary.member.organization.path.startswith(org.path)
    cntt = Organization.objects.get(code="DUK-BK-CNTT")
    assert queries.holder_on(cntt, "secretary", dt.date(2025, 5, 14)) is None
    assert queries.holder_on(cntt, "secretary", dt.date(2025, 5, 15)) is not None
    deputies = PostHolding.objects.filter(post="deputy_secretary")
    assert deputies.filter(term__organization__kind=OrgKind.GRASSROOTS_COMMITTEE).exists()
