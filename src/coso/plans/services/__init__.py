"""The plans' steps: Plan 74-KH/ĐUK as data (`seed_plan_74`) and a target split down to an
organization (`set_target_share`)."""

from .seed import seed_plan_74
from .shares import set_target_share

__all__ = ["seed_plan_74", "set_target_share"]
