"""Inspection and supervision (kiểm tra, giám sát): yearly plans, inspections with their team,
findings, conclusion and follow-up; and feedback (góp ý) on organizations and members."""
