"""Descriptions of the first party documents, built from plain values (or models read only).

Each builder takes the signer (`render.description.Signature`: name, post, authority) from the
caller, who reads it from the roster on the document's date; the number from the register.
"""

from coso.documents.builders.admission import (
    Vote,
    admission_decision,
    cell_resolution,
    recognition_decision,
)
from coso.documents.builders.common import Person
from coso.documents.builders.member_list import member_list
from coso.documents.builders.transfer import transfer_letter, transfer_letter_of

__all__ = [
    "Person",
    "Vote",
    "admission_decision",
    "cell_resolution",
    "member_list",
    "recognition_decision",
    "transfer_letter",
    "transfer_letter_of",
]
