"""Shared by the letter batch tests (their fixtures `secretary`, `letters`: conftest.py)."""

from __future__ import annotations

from coso.members import services as member_services
from tests.helpers import D, make_member

NAMES = ["Lê Văn Cường", "Đinh Văn An", "Phạm Văn Bình"]


def transfer_of(org, given, family, *, to, n):
    member = make_member(org, given, family=family)
    return member_services.issue_transfer(
        member, kind="permanent", letter_number=f"{n}-GGT", issued_on=D(2025, 3, 3), to=to
    )
