from .plan import Plan, Target, TargetShare
from .report import Period, Report, ReportSchedule

__all__ = ["Period", "Plan", "Report", "ReportSchedule", "Target", "TargetShare"]
