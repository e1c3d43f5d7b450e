"""The tables of the annual evaluation: periods, evaluations (members' and organizations'), the
changes of a decided result, and the four-good checklist with its monthly self-assessments."""

from .evaluation import Evaluation, EvaluationQuerySet, GradeChange, GradeDecision
from .four_good import FourGoodCheck, FourGoodCriterion
from .period import EvaluationPeriod, PeriodQuerySet
from .totals import GradeTotal

__all__ = [
    "Evaluation",
    "EvaluationPeriod",
    "EvaluationQuerySet",
    "FourGoodCheck",
    "FourGoodCriterion",
    "GradeChange",
    "GradeDecision",
    "GradeTotal",
    "PeriodQuerySet",
]
