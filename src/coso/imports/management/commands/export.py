"""`coso export members|organizations [--org CODE] -o FILE` (.xlsx or .csv by the suffix)."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from coso.members.exports import export_to_path
from coso.members.models import Member
from coso.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "Xuất đảng viên hoặc tổ chức ra tệp .xlsx hoặc .csv (theo đuôi tệp), mọi trường hồ sơ. "
        "Ví dụ: coso export members --org DUK-BK -o bk.xlsx"
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["members", "organizations"])
        parser.add_argument("-o", "--output", required=True, help="tệp ra: .xlsx hoặc .csv")
        parser.add_argument("--org", help="chỉ cây của tổ chức này (mã)")
        parser.add_argument(
            "--user", help="chỉ phần cây người dùng này được xem (mặc định: toàn bộ)"
        )

    def handle(self, *args, **opts):
        path = opts["output"]
        if not path.lower().endswith((".xlsx", ".csv")):
            raise CommandError("Tệp ra phải có đuôi .xlsx hoặc .csv.")
        model = Member if opts["what"] == "members" else Organization
        queryset = model.objects.all()
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"Không có người dùng {opts['user']}.")
            queryset = queryset.visible_to(user)
        if opts["org"]:
            org = Organization.objects.filter(code=opts["org"]).first()
            if org is None:
                raise CommandError(f"Không có tổ chức mã {opts['org']}.")
            lookup = "organization__path__startswith" if model is Member else "path__startswith"
            queryset = queryset.filter(**{lookup: org.path})
        if model is Member:
            queryset = queryset.order_by("organization__path", "sort_key", "id")
        started = time.monotonic()
        count = export_to_path(opts["what"], queryset, path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã ghi {count:,} dòng vào {path} ({time.monotonic() - started:.1f} giây).".replace(
                    ",", "."
                )
            )
        )
