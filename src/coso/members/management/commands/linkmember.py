from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from coso.accounts.commands import UserCommand
from coso.members.models import Member
from coso.members.services import link_account


class Command(UserCommand):
    help = (
        "Gắn tài khoản người dùng với hồ sơ đảng viên (theo số CCCD): người dùng xem đầy đủ "
        "hồ sơ của chính mình."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--cccd", required=True, help="số CCCD của đảng viên")

    def handle_user(self, user, opts):
        member = Member.objects.filter(cccd=opts["cccd"]).first()
        if member is None:
            raise CommandError(f"Không có đảng viên có số CCCD {opts['cccd']}.")
        try:
            link_account(member, user)
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        self.stdout.write(f"Đã gắn tài khoản {user.username} với hồ sơ của {member.full_name}.")
