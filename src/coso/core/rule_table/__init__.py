"""The rules as data: every regulation-dependent number coso knows, each with its dates and
legal basis (see `coso.core.rules`, the one lookup, for the conventions). A change of
regulation is a new `Rule` here and an ``effective_to`` on the old one; nothing but
`coso.core.rules` reads this table.

One module per domain (`general`: admission, members, organizations, meetings, study;
`discipline`, `dues`, `inspection`, `evaluation`, `awards`), all built from `rule.Rule`.
"""

from .awards import RULES as AWARDS
from .discipline import RULES as DISCIPLINE
from .dues import RULES as DUES
from .evaluation import RULES as EVALUATION
from .general import RULES as GENERAL
from .inspection import RULES as INSPECTION
from .rule import Rule

TABLE: list[Rule] = [*GENERAL, *DISCIPLINE, *DUES, *INSPECTION, *EVALUATION, *AWARDS]

__all__ = ["TABLE", "Rule"]
