from .plan import Plan, Target, TargetShare

__all__ = ["Plan", "Target", "TargetShare"]
