"""`coso reset_otp USERNAME`: remove a user's second-factor devices (a lost or changed phone)."""

from django.utils.translation import ngettext

from coso.accounts.commands import UserCommand
from coso.accounts.services import reset_otp


class Command(UserCommand):
    help = (
        "Gỡ xác thực hai bước (ứng dụng và mã dự phòng) của một người dùng, khi họ mất hoặc "
        "đổi điện thoại; lần đăng nhập sau họ thiết lập lại."
    )

    def handle_user(self, user, opts):
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
