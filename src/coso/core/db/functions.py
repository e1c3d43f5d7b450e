"""Database functions the ORM writes more slowly than it could."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import ExtractYear


class YearOf(ExtractYear):
    """`ExtractYear` of a date. On SQLite, Django extracts it by calling back into Python for
    every row (`django_date_extract`: a dashboard's counts over years of meetings and events
    made 110,000 such calls, an eighth of its time); a date is stored there as 'YYYY-MM-DD',
    so its first four characters are the year. Other databases and datetimes (whose year
    depends on the time zone) keep Django's extraction."""

    def as_sqlite(self, compiler, connection, **extra_context):
        field = self.lhs.output_field
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            sql, params = compiler.compile(self.lhs)
            return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params
        return super().as_sql(compiler, connection, **extra_context)
