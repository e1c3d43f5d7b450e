"""The members app's workflow steps: one public function a step, each atomic, and the tables
that map an action's name to its step (`MEMBER_ACTIONS`, `TRANSFER_ACTIONS`).

Views, the API, the import and the demo call these and nothing below them. Every step writes
its `MembershipEvent` through `record_event` (the bulk loaders through `record_events`).
"""

from coso.members.services.bulk import (
    RECORD_FIELDS,
    BulkLoadError,
    ChangedMember,
    Departure,
    MemberRow,
    NewMember,
    bulk_load_members,
    check_rows,
    copy_load_members,
    copy_register_members,
    copy_update_members,
)
from coso.members.services.events import event_row, record_event, record_events
from coso.members.services.incoming import transfer_in_from_outside
from coso.members.services.locks import lock_active
from coso.members.services.registry import (
    EDITABLE_FIELDS,
    check_record,
    link_account,
    move_member,
    readmit_member,
    recognize_official,
    register_member,
    reinstate_member,
    remove_member,
    rule_errors,
    timeline,
    update_member,
)
from coso.members.services.statuses import (
    end_residence_liaison,
    end_status,
    exempt_member,
    graduate_hold_dates,
    introduce_to_residence,
    record_abroad,
    record_death,
    record_residence_feedback,
    record_retirement,
    residence_feedback_due,
    set_exemption,
    start_graduate_hold,
    voting_members,
)
from coso.members.services.transfers import (
    cancel_transfer,
    confirm_transfer,
    end_temporary_transfer,
    hand_in_deadline,
    issue_transfer,
    receive_transfer,
    start_deadline,
)

from coso.members.services.actions import (  # isort: skip (the tables call the steps above)
    MEMBER_ACTIONS,
    MEMBER_DATA_FIELDS,
    TRANSFER_ACTIONS,
    receive_from_outside,
)

__all__ = [
    "EDITABLE_FIELDS",
    "RECORD_FIELDS",
    "BulkLoadError",
    "ChangedMember",
    "Departure",
    "MemberRow",
    "NewMember",
    "bulk_load_members",
    "check_rows",
    "copy_load_members",
    "copy_register_members",
    "copy_update_members",
    "MEMBER_ACTIONS",
    "MEMBER_DATA_FIELDS",
    "TRANSFER_ACTIONS",
    "cancel_transfer",
    "check_record",
    "rule_errors",
    "confirm_transfer",
    "end_residence_liaison",
    "end_status",
    "end_temporary_transfer",
    "event_row",
    "exempt_member",
    "graduate_hold_dates",
    "hand_in_deadline",
    "introduce_to_residence",
    "issue_transfer",
    "link_account",
    "lock_active",
    "move_member",
    "readmit_member",
    "reinstate_member",
    "recognize_official",
    "receive_from_outside",
    "receive_transfer",
    "record_abroad",
    "record_death",
    "record_event",
    "record_events",
    "record_residence_feedback",
    "record_retirement",
    "register_member",
    "remove_member",
    "residence_feedback_due",
    "set_exemption",
    "start_deadline",
    "start_graduate_hold",
    "timeline",
    "transfer_in_from_outside",
    "update_member",
    "voting_members",
]
