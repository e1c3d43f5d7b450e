"""`coso move-to-postgres URL`: copy this SQLite install into an empty PostgreSQL database,
verified table by table (counts and checksums; see core/pgmove.py). Stop the server first.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from coso.core.backup import Refused
from coso.core.pgmove import move_to_postgres
from coso.core.text import format_count


class Command(BaseCommand):
    help = "Chuyển dữ liệu từ SQLite sang một cơ sở dữ liệu PostgreSQL trống."

    def add_arguments(self, parser):
        parser.add_argument("url", help="postgres://người_dùng:mật_khẩu@máy:5432/tên_csdl")

    def handle(self, *args, url: str, **options):
        with translation.override("vi"):
            start = time.perf_counter()
            try:
                tables = move_to_postgres(url, progress=self.stdout.write)
            except Refused as e:
                raise CommandError(str(e)) from e
            self.stdout.write(
                _(
                    "Moved and checked %(tables)s tables (%(rows)s rows, counts and checksums "
                    "identical) in %(seconds).1f s. Set COSO_DATABASE_URL to the new database "
                    "and restart coso."
                )
                % {
                    "tables": len(tables),
                    "rows": format_count(sum(t.rows for t in tables)),
                    "seconds": time.perf_counter() - start,
                }
            )
