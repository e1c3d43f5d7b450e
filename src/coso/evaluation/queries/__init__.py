"""The read side of the evaluation: results and statistics by organization and year."""

from .results import GradeTally, ResultLine, Results, year_results

__all__ = ["GradeTally", "ResultLine", "Results", "year_results"]
