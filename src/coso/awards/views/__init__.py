"""The awards pages: party badges (the due list of an occasion, an organization's badges, a
badge's page with its steps) and commendations (an organization's list, one commendation)."""

from .badges import awards_home, badge_detail, badge_list_page, badge_step, due_list, member_awards
from .commendations import commendation_action, commendation_detail, commendation_list_page

__all__ = [
    "awards_home",
    "badge_detail",
    "badge_list_page",
    "badge_step",
    "commendation_action",
    "commendation_detail",
    "commendation_list_page",
    "due_list",
    "member_awards",
]
