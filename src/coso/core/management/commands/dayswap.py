"""`coso dayswap add|list|delete`: the day swaps from the command line (the system actor)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coso.core.choices import DaySwapKind
from coso.core.dayswaps import delete_day_swap, save_day_swap
from coso.core.models import DaySwap


def _date(text: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise CommandError(f"Ngày không hợp lệ: {text} (viết dd/mm/yyyy).")


class Command(BaseCommand):
    help = "Hoán đổi ngày làm việc: thêm, liệt kê, xóa (hạn tính theo ngày làm việc đi theo)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="thêm hoặc sửa một ngày")
        add.add_argument("date", help="ngày, dd/mm/yyyy")
        add.add_argument(
            "--kind",
            required=True,
            choices=DaySwapKind.values,
            help="off: ngày thường được nghỉ; working: ngày nghỉ phải làm bù",
        )
        add.add_argument(
            "--basis", required=True, help="số, ngày văn bản của cơ quan có thẩm quyền"
        )
        add.add_argument("--note", default="")
        listing = sub.add_parser("list", help="các ngày hoán đổi của một năm")
        listing.add_argument("--year", type=int, default=None)
        delete = sub.add_parser("delete", help="xóa một ngày nhập nhầm")
        delete.add_argument("date", help="ngày, dd/mm/yyyy")

    def handle(self, *args, **opts):
        action = opts["action"]
        if action == "list":
            year = opts["year"] or timezone.localdate().year
            for s in DaySwap.objects.filter(date__year=year):
                line = f"{s.date:%d/%m/%Y}\t{s.get_kind_display()}\t{s.legal_basis}"
                self.stdout.write(line + (f"\t{s.note}" if s.note else ""))
            return
        day = _date(opts["date"])
        existing = DaySwap.objects.filter(date=day).first()
        try:
            if action == "delete":
                if existing is None:
                    raise CommandError(f"Ngày {day:%d/%m/%Y} không có hoán đổi nào.")
                delete_day_swap(existing)
                self.stdout.write(f"Đã xóa hoán đổi ngày {day:%d/%m/%Y}.")
                return
            swap = save_day_swap(
                date=day, kind=opts["kind"], legal_basis=opts["basis"], note=opts["note"],
                swap=existing,
            )  # fmt: skip
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        self.stdout.write(f"Đã lưu: {swap.date:%d/%m/%Y} — {swap.get_kind_display()}.")
