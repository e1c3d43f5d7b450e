"""The base of the management commands about one user, named by their first argument."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _


class UserCommand(BaseCommand):
    """`coso COMMAND USERNAME …`: finds the user (or refuses, naming them) and hands them to
    `handle_user`, with the messages in Vietnamese, as the office reads them."""

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **opts):
        with translation.override("vi"):
            user = get_user_model().objects.filter(username=opts["username"]).first()
            if user is None:
                raise CommandError(
                    _("No user named %(username)s.") % {"username": opts["username"]}
                )
            self.handle_user(user, opts)

    def handle_user(self, user, opts: dict) -> None:
        raise NotImplementedError
