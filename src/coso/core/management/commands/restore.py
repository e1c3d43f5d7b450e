"""`coso restore FILE [--force]`: put back a backup made by `coso backup` (see core/backup.py).

Refused, with nothing changed: a file that is not a backup or whose checksums fail, a backup of
a newer schema (a migration this install does not know), and a database that already holds
data unless --force.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from coso.core.backup import Refused, missing_migrations, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và các tệp đã tải lên từ một tệp sao lưu."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu do `coso backup` ghi")
        parser.add_argument(
            "--force",
            action="store_true",
            help="thay cả khi cơ sở dữ liệu đang có dữ liệu (dữ liệu hiện có bị thay thế)",
        )

    def handle(self, *args, file: str, force: bool, **options):
        with translation.override("vi"):
            start = time.perf_counter()
            try:
                manifest = restore(file, force=force, progress=self.stdout.write)
            except Refused as e:
                raise CommandError(str(e)) from e
            self.stdout.write(
                _("Restored the backup of %(created)s (coso %(version)s) in %(seconds).1f s.")
                % {
                    "created": manifest.get("created", "?"),
                    "version": manifest.get("coso_version", "?"),
                    "seconds": time.perf_counter() - start,
                }
            )
            if missing_migrations(manifest):
                self.stdout.write(
                    _("The backup is of an older version: run coso migrate to bring it up to date.")
                )
