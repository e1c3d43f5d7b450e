"""The members app's models, one file a model family; import them from here."""

from coso.members.models.event import MembershipEvent
from coso.members.models.member import MISSING_FIELDS_Q, Member, MemberQuerySet
from coso.members.models.placement import (
    OfficialTally,
    Placement,
    PlacementQuerySet,
    member_count,
    member_counts_by_child,
)
from coso.members.models.status import (
    ResidenceFeedback,
    ResidenceLiaison,
    ResidenceLiaisonQuerySet,
    StatusPeriod,
    StatusPeriodQuerySet,
)
from coso.members.models.transfer import Transfer, TransferQuerySet

__all__ = [
    "MISSING_FIELDS_Q",
    "Member",
    "MemberQuerySet",
    "MembershipEvent",
    "OfficialTally",
    "Placement",
    "PlacementQuerySet",
    "ResidenceFeedback",
    "ResidenceLiaison",
    "ResidenceLiaisonQuerySet",
    "StatusPeriod",
    "StatusPeriodQuerySet",
    "Transfer",
    "TransferQuerySet",
    "member_count",
    "member_counts_by_child",
]
