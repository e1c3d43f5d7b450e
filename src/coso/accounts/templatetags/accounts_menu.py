"""`{% may_manage_users user as manage_users %}`: whether the menu shows "Users and roles"
(no query beyond the user's cached scope)."""

from django import template

from ..services.users import may_manage_users as _may_manage_users

register = template.Library()


@register.simple_tag
def may_manage_users(user) -> bool:
    return _may_manage_users(user)
