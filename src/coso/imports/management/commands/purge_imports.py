"""`coso purge_imports [--days 30]`: delete uploaded member files once their job is old.

Uploaded spreadsheets hold members' personal data (CCCD, addresses); they are kept only as
long as the preview, the import and the errors download need them. Run it daily (cron or a
systemd timer, see docs/deployment.md).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from coso.imports.services import KEEP_UPLOADS, purge_uploads


class Command(BaseCommand):
    help = "Xóa các tệp nhập đảng viên đã tải lên của những lần nhập cũ hơn số ngày cho trước."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=KEEP_UPLOADS.days,
            help=f"giữ tệp của những lần nhập trong chừng ấy ngày gần nhất (mặc định {KEEP_UPLOADS.days})",
        )

    def handle(self, *args, days: int, **options):
        n = purge_uploads(dt.timedelta(days=max(days, 0)))
        self.stdout.write(f"Đã xóa tệp của {n} lần nhập.")
