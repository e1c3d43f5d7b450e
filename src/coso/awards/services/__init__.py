"""Commendations and party badges: each step one service, one transaction.

Every step locks its subject within the actor's editing scope (out of scope: a 404), checks
the rules in force on its date (`coso.core.rules`, core/rule_table/awards.py), refuses with a
Vietnamese message naming the rule and its legal basis, and writes nothing when it refuses.
"""

from .badges import (
    decide_badge,
    family_keeps_badge,
    present_badge,
    propose_badge,
    propose_due,
    reissue_badge,
    return_badge,
    withdraw_badge,
)
from .commendations import correct_commendation, record_commendation, revoke_commendation
from .parts import may_edit

#: each step on a badge, by name (the pages, the API)
BADGE_STEPS = {
    "decide": decide_badge,
    "present": present_badge,
    "withdraw": withdraw_badge,
    "return": return_badge,
    "reissue": reissue_badge,
    "family": family_keeps_badge,
}

__all__ = [
    "BADGE_STEPS",
    "correct_commendation",
    "decide_badge",
    "family_keeps_badge",
    "may_edit",
    "present_badge",
    "propose_badge",
    "propose_due",
    "record_commendation",
    "reissue_badge",
    "return_badge",
    "revoke_commendation",
    "withdraw_badge",
]
