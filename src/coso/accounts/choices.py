from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    INSPECTION_CHAIR = "inspection_chair", _("Inspection committee chair")
    INSPECTION_MEMBER = "inspection_member", _("Inspection committee member")
    GROUP_LEADER = "group_leader", _("Party group leader")
    STAFF = "staff", _("Office staff")
    MEMBER = "member", _("Member")


#: roles whose holders may change records in their subtree
EDITING_ROLES = {
    Role.SECRETARY,
    Role.DEPUTY_SECRETARY,
    Role.COMMITTEE_MEMBER,
    Role.STANDING_MEMBER,
    Role.STAFF,
}

#: roles whose holders see only the names and cells of the members in their subtree, not their
#: records (personal data: CCCD, card number, birth date, addresses, phone, ...); their own
#: record they see in full (docs/decisions.md, "A member sees names, not records")
NAMES_ONLY_ROLES = {Role.MEMBER}

#: roles whose holders manage the accounts and roles of their subtree in the browser (the
#: users-and-roles pages, `services.users`): the committee office's staff and the secretaries
USER_ADMIN_ROLES = {Role.STAFF, Role.SECRETARY}


class AccountChangeKind(models.TextChoices):
    CREATED = "created", _("Account created")
    ROLE_GRANTED = "role_granted", _("Role given")
    ROLE_ENDED = "role_ended", _("Role ended")
    PASSWORD_RESET = "password_reset", _("Password reset")
    DEACTIVATED = "deactivated", _("Account deactivated")
