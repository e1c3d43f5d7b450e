"""The rules of inspection, supervision and feedback (DOMAIN.md §6, §15; KH 74-KH/ĐUK §III.5–6).

No party text coso holds sets these numbers: each is coso's own setting (`COSO_SETTING`),
marked [open], to be replaced by a `Rule` citing the text when the office names one. The
procedure they serve is QĐ 22-QĐ/TW (28/7/2021) and HD 02-HD/TW (9/12/2021) on inspection,
supervision and discipline, and QĐ 296-QĐ/TW (2025) after it.
"""

from .rule import COSO_SETTING, D, Rule

START = D(2015, 1, 1)

RULES: list[Rule] = [
    Rule(
        "feedback_answer_days",
        30,
        START,
        None,
        COSO_SETTING,
        "Calendar days from the receipt of a letter or comment (góp ý, phản ánh) to the "
        "competent committee's answer; past it the item is late on the to-do list. [open]",
    ),
    Rule(
        "inspection_follow_up_days",
        30,
        START,
        None,
        COSO_SETTING,
        "Calendar days after an inspection's conclusion by which a follow-up action falls due "
        "when the conclusion names no date. [open]",
    ),
    Rule(
        "inspection_team_min",
        2,
        START,
        None,
        COSO_SETTING,
        "Fewest people on an inspection team (a leader and at least one member) before the "
        "inspection can be concluded. [open]",
    ),
]
