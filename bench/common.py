"""What the in-process benches share: their start (options, Django, the database they need)
and the percentile they report."""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")


def start(needs_postgresql: str = "", **defaults) -> argparse.Namespace:
    """Parse the options (`--name`, typed like its default), set Django up and, given
    `needs_postgresql`, exit with that message unless the database is PostgreSQL."""
    parser = argparse.ArgumentParser()
    for name, default in defaults.items():
        parser.add_argument(f"--{name}", type=type(default), default=default)
    args = parser.parse_args()
    import django  # after the options: `--help` needs no settings

    django.setup()
    from django.db import connection  # after `django.setup()`

    if needs_postgresql and connection.vendor != "postgresql":
        sys.exit(needs_postgresql)
    return args


def percentile(samples: list[float], q: float) -> float:
    """The `q` quantile (0 to 1) of `samples`, nearest rank; NaN when there are none."""
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else float("nan")


def verified_client(user):
    """A Django test client logged in as `user` past the second factor when they must have one
    or have one (the office): their confirmed app device is recorded as the session's verifying device, as the code
    page does after a right code."""
    import django_otp
    from django.test import Client, RequestFactory
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from coso.accounts.otp import otp_required

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and not otp_required(user):
        return client  # no second factor to pass: none is made (it would ask for one at login)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    request = RequestFactory().get("/")
    request.user = user
    request.session = client.session
    django_otp.login(request, device)
    request.session.save()
    return client


def issued_document():
    """A document of the register: the first one, or when there is none a transfer letter issued
    now, so that the register has a row and a document's page can be read (None without a
    transfer to issue a letter for)."""
    from coso.documents.models import IssuedDocument
    from coso.documents.services import issue_document
    from coso.members.models import Transfer

    letter = Transfer.objects.filter(status="issued", from_organization__isnull=False).first()
    return IssuedDocument.objects.first() or (
        issue_document("transfer_letter", letter, signer_name="Nguyễn Văn An") if letter else None
    )
