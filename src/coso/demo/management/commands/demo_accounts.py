"""`coso demo_accounts`: (re)create the demo users and print them with their passwords."""

from django.core.management.base import BaseCommand, CommandError

from coso.demo.common import PERSONAS
from coso.demo.generator import accounts_table, ensure_demo_accounts
from coso.orgs.models import Organization


class Command(BaseCommand):
    help = "In lại các tài khoản dùng thử và đặt lại mật khẩu của chúng về giá trị in ra."

    def handle(self, *args, **opts):
        codes = [code for _u, _r, code, _p, _t in PERSONAS]
        found = set(Organization.objects.filter(code__in=codes).values_list("code", flat=True))
        missing = [c for c in codes if c not in found]
        if missing:
            raise CommandError(f"Chưa có tổ chức {', '.join(missing)}: chạy `coso demo` trước.")
        self.stdout.write("Tài khoản dùng thử (mật khẩu đã được đặt lại):")
        self.stdout.write(accounts_table(ensure_demo_accounts()))
