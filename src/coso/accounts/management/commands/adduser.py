import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp import user_has_device

from coso.accounts.choices import Role
from coso.accounts.otp import otp_required
from coso.accounts.services import add_user
from coso.orgs.models import Organization


class Command(BaseCommand):
    help = "Tạo người dùng và giao vai trò trên một tổ chức (theo mã)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="mã tổ chức, ví dụ DUK")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")
        parser.add_argument("--full-name", default="")

    def handle(self, *args, **opts):
        # the validators' messages come from Django's own Vietnamese catalogue
        with translation.override("vi"):
            self._handle(opts)

    def _handle(self, opts):
        org = Organization.objects.by_code(opts["org"])
        if org is None:
            raise CommandError(f"Không có tổ chức mã {opts['org']}.")
        password = None
        if opts["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError("Mật khẩu rỗng.")
        try:
            user = add_user(
                opts["username"],
                organization=org,
                role=opts["role"],
                password=password,
                full_name=opts["full_name"],
            )
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        self.stdout.write(f"Đã giao vai trò {opts['role']} trên {org.code} cho {user.username}.")
        if otp_required(user) and not user_has_device(user):
            self.stdout.write(
                _(
                    "This role requires two-step verification: at the first login the user "
                    "sets up an authenticator app."
                )
            )
