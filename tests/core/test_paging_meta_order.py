"""A list ordered only by its model's Meta.ordering pages on PostgreSQL too (the one-pass sort
once wrote "ORDER BY LIMIT" for it: the API list of issued documents failed there)."""

import datetime as dt

import pytest

from coso.core.models import DaySwap
from coso.core.paging import CappedPaginator

pytestmark = pytest.mark.django_db


def test_a_meta_ordered_list_pages():
    page = CappedPaginator(DaySwap.objects.filter(date__year=2026), 2).get_page(1)
    assert [s.date for s in page.object_list] == [dt.date(2026, 1, 2), dt.date(2026, 1, 10)]
    assert page.paginator.count == 3
