"""`YearOf` gives the year `ExtractYear` gives, in SQL alone on SQLite (no call back into
Python for each row)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models.functions import ExtractYear

from coso.core.db.functions import YearOf
from coso.orgs.models import Organization


def test_the_year_of_a_date_and_of_none(tree):
    Organization.objects.filter(code="DUK-KT").update(established_on=dt.date(1999, 12, 31))
    Organization.objects.filter(code="DUK-BK-CK").update(established_on=None)
    rows = Organization.objects.annotate(
        mine=YearOf("established_on"), django=ExtractYear("established_on")
    ).order_by("code")
    assert [(o.code, o.mine) for o in rows] == [
        ("DUK", 2015),
        ("DUK-BK", 2015),
        ("DUK-BK-CK", None),
        ("DUK-BK-CNTT", 2015),
        ("DUK-KT", 1999),
    ]
    assert all(o.mine == o.django for o in rows)
    sql = str(Organization.objects.annotate(y=YearOf("established_on")).values("y").query)
    if connection.vendor == "sqlite":
        assert "django_date_extract" not in sql and "SUBSTR" in sql
    else:
        assert "EXTRACT" in sql
