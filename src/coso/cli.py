"""The `coso` console script: Django's manage.py with coso's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    # `coso move-to-postgres` is the command move_to_postgres (a module name has no hyphen)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["coso", *args])


if __name__ == "__main__":
    main()
