"""The read side of the evaluation: the grading pages' rows (`grading`) and the results and
statistics by organization and year (`results`)."""

from .grading import evaluations_of, records_scope
from .results import GradeTally, ResultLine, Results, year_results

__all__ = [
    "GradeTally",
    "ResultLine",
    "Results",
    "evaluations_of",
    "records_scope",
    "year_results",
]
