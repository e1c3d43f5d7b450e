"""`coso backup FILE`: the database and the uploaded files in one archive (see core/backup.py).

FILE ending in .gz or .tgz is gzip-compressed. Safe while the server runs (SQLite's online
backup API; pg_dump's snapshot). A daily cron line and retention: docs/deployment.md.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from coso.core.backup import Refused, backup
from coso.core.text import format_count


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã tải lên vào một tệp lưu trữ."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu sẽ ghi (.tar, hoặc .tar.gz để nén)")

    def handle(self, *args, file: str, **options):
        with translation.override("vi"):
            start = time.perf_counter()
            try:
                manifest = backup(file, progress=self.stdout.write)
            except Refused as e:
                raise CommandError(str(e)) from e
            rows = sum(manifest["tables"].values())
            self.stdout.write(
                _(
                    "Backed up %(tables)s tables (%(rows)s rows) and %(files)s files to %(file)s in %(seconds).1f s."
                )
                % {
                    "tables": len(manifest["tables"]),
                    "rows": format_count(rows),
                    "files": len(manifest["parts"]) - 1,
                    "file": file,
                    "seconds": time.perf_counter() - start,
                }
            )
