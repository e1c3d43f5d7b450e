"""`coso import members FILE [--org CODE] [--dry-run] [--skip-invalid] [--user USERNAME]`."""

from __future__ import annotations

import sys
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from coso.core.scope import can_edit
from coso.core.sheets.reader import FileRefused
from coso.core.text import format_count
from coso.imports.services import ImportBlocked, import_members
from coso.orgs.models import Organization

#: rows of errors and changes printed (the counts are always complete)
SHOW = 30
PHASES = {"read": "Đọc tệp", "check": "Kiểm tra", "write": "Ghi"}


class _Bar:
    """A one-line progress bar on stderr (only when it is a terminal, or when forced)."""

    def __init__(self, stream, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.last = 0.0
        self.phase = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if phase == self.phase and now - self.last < 0.2 and not (total and done >= total):
            return
        if self.phase and phase != self.phase:
            self.stream.write("\n")
        self.phase, self.last = phase, now
        label = PHASES.get(phase, phase)
        if total:
            width = 30
            filled = width * min(done, total) // total
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(
                f"\r{label:<9} [{bar}] {format_count(done)}/{format_count(total)} dòng"
            )
        else:
            self.stream.write(f"\r{label:<9} {format_count(done)} dòng")
        self.stream.flush()

    def end(self) -> None:
        if self.enabled and self.phase:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Nhập đảng viên từ tệp .xlsx hoặc .csv (mẫu: tệp xuất của coso). Kiểm tra toàn bộ tệp "
        "trước khi ghi; ghi tất cả trong một giao dịch. Ví dụ: "
        "coso import members ds.xlsx --org DUK-BK --dry-run"
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["members"], help="loại dữ liệu (members)")
        parser.add_argument("file", help="tệp .xlsx hoặc .csv")
        parser.add_argument("--org", help="mã tổ chức: mọi dòng phải thuộc cây của tổ chức này")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra và xem trước, không ghi"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="nhập các dòng hợp lệ, bỏ qua các dòng lỗi (mặc định: có lỗi thì không nhập gì)",
        )
        parser.add_argument(
            "--user",
            help="nhập với quyền của người dùng này (mặc định: hệ thống, toàn quyền)",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="luôn hiện thanh tiến độ (mặc định: chỉ khi chạy trong terminal)",
        )

    def handle(self, *args, **opts):
        organization = None
        if opts["org"]:
            organization = Organization.objects.filter(code=opts["org"]).first()
            if organization is None:
                raise CommandError(f"Không có tổ chức mã {opts['org']}.")
        user = None
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"Không có người dùng {opts['user']}.")
            if organization is not None and not can_edit(user, organization):
                raise CommandError(
                    f"Người dùng {user.username} không có quyền sửa {organization.code}."
                )
        bar = _Bar(self.stderr._out, opts["progress"] or sys.stderr.isatty())
        try:
            result = import_members(
                opts["file"],
                filename=opts["file"],
                user=user,
                organization=organization,
                dry_run=opts["dry_run"],
                skip_invalid=opts["skip_invalid"],
                progress=bar,
            )
        except FileNotFoundError:
            bar.end()
            raise CommandError(f"Không tìm thấy tệp {opts['file']}.") from None
        except FileRefused as refused:
            bar.end()
            raise CommandError(refused.message) from None
        except ImportBlocked as blocked:
            bar.end()
            # the plan is not returned on refusal: run the check again to show the errors
            result = import_members(
                opts["file"],
                filename=opts["file"],
                user=user,
                organization=organization,
                dry_run=True,
            )
            self._report(result.plan)
            raise CommandError(" ".join(blocked.messages)) from None
        except ValidationError as problem:
            bar.end()
            raise CommandError(" ".join(problem.messages)) from None
        bar.end()
        self._report(result.plan)
        rate = result.plan.total / result.seconds if result.seconds else 0
        if result.applied:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã nhập: thêm {format_count(result.created)}, cập nhật {format_count(result.updated)} "
                    f"đảng viên ({result.seconds:.1f} giây, {format_count(round(rate))} dòng/giây)."
                )
            )
        else:
            self.stdout.write(f"Chạy thử: không ghi gì ({result.seconds:.1f} giây).")

    def _report(self, plan) -> None:
        c = plan.counts()
        where = f" (trang tính “{plan.sheet_name}”)" if plan.sheet_name else ""
        self.stdout.write(
            f"Tệp {plan.filename}{where}: {format_count(c['total'])} dòng — mới {format_count(c['new'])}, "
            f"cập nhật {format_count(c['updated'])}, không đổi {format_count(c['unchanged'])}, "
            f"lỗi {format_count(c['invalid'])}."
        )
        if plan.ignored_headers:
            self.stdout.write("Bỏ qua các cột: " + ", ".join(plan.ignored_headers))
        for change in plan.changes[:SHOW]:
            details = "; ".join(
                f"{f}: {old or '∅'} → {new or '∅'}" for f, old, new in change.changes
            )
            self.stdout.write(f"  dòng {change.row} ({change.full_name}): {details}")
        if len(plan.changes) > SHOW:
            self.stdout.write(f"  … và {format_count(len(plan.changes) - SHOW)} dòng thay đổi khác")
        for error in plan.errors[:SHOW]:
            self.stdout.write(self.style.ERROR(f"  dòng {error.row}: " + " ".join(error.messages)))
        if len(plan.errors) > SHOW:
            self.stdout.write(f"  … và {format_count(len(plan.errors) - SHOW)} dòng lỗi khác")
