"""Party dues: each step one service, one transaction.

``actor`` is the user acting (an editing role reaching the member's or the organization's
place; out of scope: 404); ``actor=None`` is the system itself (demo, import, command line)."""

from .basis import set_basis
from .bulk import BasisRow, PaymentRow, load_bases, load_payments
from .ledger import collect_month, excuse_month, open_month, record_payment
from .parts import may_collect, require_edit
from .relief import grant_relief

#: the steps on a member: name -> step
MEMBER_ACTIONS = {
    "basis": set_basis,
    "relief": grant_relief,
    "payment": record_payment,
    "excuse": excuse_month,
}

__all__ = [
    "BasisRow",
    "MEMBER_ACTIONS",
    "PaymentRow",
    "collect_month",
    "excuse_month",
    "grant_relief",
    "load_bases",
    "load_payments",
    "may_collect",
    "open_month",
    "record_payment",
    "require_edit",
    "set_basis",
]
