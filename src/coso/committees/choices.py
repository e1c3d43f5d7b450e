from django.db import models
from django.utils.translation import gettext_lazy as _


class Post(models.TextChoices):
    """A seat on a committee or on its inspection committee (cấp ủy, ủy ban kiểm tra)."""

    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    INSPECTION_CHAIR = "inspection_chair", _("Inspection committee chair")
    INSPECTION_MEMBER = "inspection_member", _("Inspection committee member")


#: posts that are seats on the committee itself (counted against the committee's size)
COMMITTEE_POSTS = {
    Post.SECRETARY,
    Post.DEPUTY_SECRETARY,
    Post.STANDING_MEMBER,
    Post.COMMITTEE_MEMBER,
}
