"""The demo's dues: every active member has a basis and a ledger row for each of the 25 months
(two years and this one), most months paid, a few members in arrears flagged; the same seed
gives the same ledger."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from coso.core.dates import add_months
from coso.dues.models import DuesBasis, DuesMonth, DuesRelief
from coso.dues.queries import members_in_arrears
from coso.dues.todo import last_month
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member
from tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def _demo(seed=1):
    call_command("demo", "--size", "small", "--seed", str(seed), stdout=StringIO())


def test_two_years_of_dues_with_some_arrears():
    _demo()
    today = timezone.localdate()
    active = Member.objects.filter(status__in=ACTIVE_STATUSES)
    # every member active when the dues were filled has a basis: those active now, and the
    # one the discipline demo (after the dues) expelled
    expelled = Member.objects.filter(status="expelled")
    assert expelled.count() == 1
    assert DuesBasis.objects.count() == active.count() + 1 > 250
    assert DuesBasis.objects.filter(member__in=expelled).count() == 1
    first = add_months(today.replace(day=1), -24)
    months = sorted(set(DuesMonth.objects.values_list("month", flat=True)))
    assert months == [add_months(first, n) for n in range(25)]
    # members who joined during the two years have fewer months: none has more than 25
    assert DuesMonth.objects.count() <= 25 * (active.count() + 1)
    past = DuesMonth.objects.filter(month__lt=today.replace(day=1)).aggregate(
        d=Sum("due"), p=Sum("paid")
    )
    assert 0.95 * past["d"] < past["p"] < past["d"]
    assert DuesMonth.objects.filter(channel="portal").exclude(reference="").exists()
    assert DuesRelief.objects.filter(kind="reduction").exists()
    month = last_month(today)
    assert 0 < members_in_arrears(month.year, month).count() < 10


@pytest.mark.django_db(transaction=True)  # the flush between the two demos (PostgreSQL)
def test_the_same_seed_gives_the_same_ledger():
    _demo(seed=3)
    fields = ("member__cccd", "month", "due", "paid", "paid_on", "channel")
    first = snapshot(ledger=(DuesMonth, fields))
    call_command("flush", "--noinput", stdout=StringIO())
    _demo(seed=3)
    assert snapshot(ledger=(DuesMonth, fields)) == first
