"""`{% has_own_record user as menu_own_record %}`: whether the user has a member record of
their own, so that the menu offers "My meetings" and "My study commitment" (pages that answer
404 without one) only to them. One small query, cached on the user object
(`privacy.own_record`): the home page and the members' pages that ask it too pay nothing
more. The variable's name is the menu's own: a page's `own` is left alone."""

from django import template

from ..privacy import own_record

register = template.Library()


@register.simple_tag
def has_own_record(user) -> bool:
    return own_record(user) is not None
