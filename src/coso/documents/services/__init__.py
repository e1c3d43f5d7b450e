"""The documents' workflow steps (one transaction each): `issue_document` (a document of a
record, numbered, rendered and kept); the register's `issue_number`, `cancel_number`,
`set_body_code`; the body templates' `save_body_template`, `restore_body_template`,
`reset_to_default`; `start_letter_batch` (the letters of many transfers, issued by
`coso.documents.batches`). ``actor`` is the user acting; the service checks that they may edit the
organization (out of scope: `OutOfScope`, a 404). ``actor=None`` is the system."""

from .batches import MAX_LETTERS, start_letter_batch
from .body_templates import reset_to_default, restore_body_template, save_body_template
from .issue import issue_document
from .register import cancel_number, issue_number, set_body_code

__all__ = [
    "MAX_LETTERS",
    "cancel_number",
    "issue_document",
    "issue_number",
    "reset_to_default",
    "restore_body_template",
    "save_body_template",
    "set_body_code",
    "start_letter_batch",
]
