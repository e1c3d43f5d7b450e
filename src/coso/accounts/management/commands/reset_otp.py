"""`coso reset_otp USERNAME`: remove a user's second-factor devices (a lost or changed phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coso.accounts.services import reset_otp


class Command(BaseCommand):
    help = (
        "Gỡ xác thực hai bước (ứng dụng và mã dự phòng) của một người dùng, khi họ mất hoặc "
        "đổi điện thoại; lần đăng nhập sau họ thiết lập lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **opts):
        with translation.override("vi"):
            user = get_user_model().objects.filter(username=opts["username"]).first()
            if user is None:
                raise CommandError(
                    _("No user named %(username)s.") % {"username": opts["username"]}
                )
            removed = reset_otp(user)
            self.stdout.write(
                ngettext(
                    "Removed %(count)d two-step verification device of %(username)s; "
                    "they will set it up again at their next login.",
                    "Removed %(count)d two-step verification devices of %(username)s; "
                    "they will set it up again at their next login.",
                    removed,
                )
                % {"count": removed, "username": user.username}
            )
