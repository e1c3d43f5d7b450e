"""The rules of inspection, supervision and feedback (DOMAIN.md §6, §15)."""

from .rule import Rule

RULES: list[Rule] = []
