"""`coso demo`: fill an empty database with deterministic demo data and demo accounts."""

import argparse
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from coso.core.sqlite_objects import refresh_statistics
from coso.core.text import format_count
from coso.demo.common import SIZES
from coso.demo.generator import DemoGenerator, accounts_table, ensure_demo_accounts
from coso.members.choices import MemberStatus
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: cây tổ chức, đảng viên và lịch sử sinh hoạt từ 2015, "
        "cùng ba tài khoản thử (small: vài trăm đảng viên; bloc: Đảng bộ Khối ~18.000; "
        "city: cả thành phố ~500.000, nên dùng PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size", choices=list(SIZES), default="bloc", help="quy mô (mặc định bloc)"
        )
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
        parser.add_argument("--orgs-only", action="store_true", help="chỉ tạo cây tổ chức")
        parser.add_argument(
            "--if-empty", action="store_true", help="không làm gì nếu đã có tổ chức nào"
        )
        # quick checks of the big sizes: e.g. --size city --scale 0.02
        parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)

    def handle(self, *args, **opts):
        existing = Organization.objects.count()
        if existing:
            if opts["if_empty"]:
                self.stdout.write(
                    f"Cơ sở dữ liệu đã có {format_count(existing)} tổ chức: bỏ qua, không tạo dữ liệu mẫu."
                )
                return
            raise CommandError(
                f"Cơ sở dữ liệu đã có {format_count(existing)} tổ chức. Dữ liệu mẫu chỉ tạo vào cơ sở "
                "dữ liệu trống (dùng --if-empty để bỏ qua mà không báo lỗi)."
            )
        if not 0 < opts["scale"] <= 1:
            raise CommandError("--scale phải trong khoảng (0, 1].")
        started = time.monotonic()
        size = opts["size"]
        if size == "city" and opts["scale"] == 1 and connection.vendor == "sqlite":
            self.stderr.write(
                "Cảnh báo: cỡ city (~500.000 đảng viên) nên chạy trên PostgreSQL; "
                "trên SQLite sẽ mất nhiều thời gian."
            )
        self.stdout.write(f"Tạo dữ liệu mẫu cỡ {size}, hạt giống {opts['seed']}.")
        gen = DemoGenerator(size, opts["seed"], scale=opts["scale"], log=self.stdout.write)
        result = gen.run(orgs_only=opts["orgs_only"])
        refresh_statistics(connection)

        self.stdout.write("Tổ chức theo loại:")
        for kind in OrgKind:
            if result.organizations.get(kind.value):
                self.stdout.write(
                    f"  {kind.value:<22}{format_count(result.organizations[kind.value]):>10}"
                )
        if result.members:
            self.stdout.write("Đảng viên theo tình trạng:")
            for status in MemberStatus:
                if result.members.get(status.value):
                    self.stdout.write(
                        f"  {status.value:<22}{format_count(result.members[status.value]):>10}"
                    )
            self.stdout.write(f"  {'tổng':<22}{format_count(sum(result.members.values())):>10}")
        self.stdout.write("Tài khoản dùng thử:")
        self.stdout.write(accounts_table(ensure_demo_accounts()))
        self.stdout.write(self.style.SUCCESS(f"Xong sau {time.monotonic() - started:.1f} giây."))
