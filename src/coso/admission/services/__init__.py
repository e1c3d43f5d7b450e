"""Admission, probation and recognition workflows: each step one service, one transaction.

Every step checks the rules in force on its own date (`coso.core.rules`), refuses with a
message that names the rule and its legal basis, and changes nothing when it refuses. A step
writes its `AdmissionStep` row with who entered it; the ceremony registers the probationary
member through `coso.members.services.register_member`, recognition and strike-off write the
member's events. Deadlines that pass are flags on the row (``late``), never refusals.

``actor`` is the user acting. When it is given, the service checks that the user holds an
editing role on the organization concerned (the cell; for the decision, the deciding
organization). ``actor=None`` is the system itself (demo data, imports) and is not checked.
"""

from coso.core.audit import ConcurrentEditError

from ..choices import Step
from ..models import next_step_after
from .authority import set_admission_authority
from .candidates import (
    CANDIDATE_FIELDS,
    create_candidate,
    reject_candidate,
    update_candidate,
    withdraw_candidate,
)
from .ceremony import (
    hold_ceremony,
    record_cell_resolution,
    record_decision,
)
from .eligibility import check_eligibility, official_members_on
from .parts import may_edit
from .probation import (
    probation_start,
    recognize,
    record_member_record,
    record_new_member_course,
    record_recognition_vote,
    strike_off_probationary,
)
from .steps import (
    record_application,
    record_awareness_course,
    record_background_check,
    record_comments,
    record_introduction,
    record_personal_history,
)

#: each step's service, for views, API actions and the demo (the ceremony returns the member)
STEP_SERVICES = {
    Step.AWARENESS_COURSE: record_awareness_course,
    Step.APPLICATION: record_application,
    Step.PERSONAL_HISTORY: record_personal_history,
    Step.BACKGROUND_CHECK: record_background_check,
    Step.INTRODUCTION: record_introduction,
    Step.COMMENTS: record_comments,
    Step.CELL_RESOLUTION: record_cell_resolution,
    Step.DECISION: record_decision,
    Step.CEREMONY: hold_ceremony,
}

__all__ = [
    "CANDIDATE_FIELDS",
    "STEP_SERVICES",
    "ConcurrentEditError",
    "check_eligibility",
    "create_candidate",
    "hold_ceremony",
    "may_edit",
    "next_step_after",
    "official_members_on",
    "probation_start",
    "recognize",
    "record_application",
    "record_awareness_course",
    "record_background_check",
    "record_cell_resolution",
    "record_comments",
    "record_decision",
    "record_introduction",
    "record_member_record",
    "record_new_member_course",
    "record_personal_history",
    "record_recognition_vote",
    "reject_candidate",
    "set_admission_authority",
    "strike_off_probationary",
    "update_candidate",
    "withdraw_candidate",
]
