"""Counting a vote against its base: the one place the "at least" and "more than" of a rule's
share are turned into a number of votes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction


def votes_needed(share: Fraction, base: int, *, more_than: bool) -> int:
    """The fewest votes that pass: at least `share` of `base`, or more than it."""
    if more_than:
        return math.floor(share * base) + 1
    return math.ceil(share * base)


def passes(votes: int, share: Fraction, base: int, *, more_than: bool) -> bool:
    return votes >= votes_needed(share, base, more_than=more_than)


@dataclass(frozen=True)
class Tally:
    """The hands counted in a vote: for, against, and those who took part without voting."""

    votes_for: int
    votes_against: int
    abstaining: int = 0

    @property
    def counted(self) -> int:
        """Everyone counted: no more than the voters present."""
        return self.votes_for + self.votes_against + self.abstaining
