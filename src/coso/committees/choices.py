from django.db import models

from coso.accounts.choices import Role

#: the seats on a committee or on its inspection committee (cấp ủy, ủy ban kiểm tra), in the
#: roster's order; each is the coso role of the same name, which holding it grants
#: (`services.grant_roles_from_roster`)
_SEATS = (
    Role.SECRETARY,
    Role.DEPUTY_SECRETARY,
    Role.STANDING_MEMBER,
    Role.COMMITTEE_MEMBER,
    Role.INSPECTION_CHAIR,
    Role.INSPECTION_MEMBER,
)

#: a seat on a committee or on its inspection committee: the value and label of its `Role`
Post = models.TextChoices("Post", [(role.name, (role.value, role.label)) for role in _SEATS])

#: posts that are seats on the committee itself (counted against the committee's size)
COMMITTEE_POSTS = {
    Post.SECRETARY,
    Post.DEPUTY_SECRETARY,
    Post.STANDING_MEMBER,
    Post.COMMITTEE_MEMBER,
}
