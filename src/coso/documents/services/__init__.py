"""The documents' workflow steps (one transaction each): `issue_document` (a document of a
record, numbered, rendered and kept), `issue_number`, `cancel_number`, `set_body_code`.
``actor`` is the user acting; the service checks that they may edit the issuing organization
(out of scope: `OutOfScope`, a 404). ``actor=None`` is the system."""

from .issue import issue_document
from .register import cancel_number, issue_number, set_body_code

__all__ = ["cancel_number", "issue_document", "issue_number", "set_body_code"]
