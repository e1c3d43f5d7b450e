"""The rules in templates: a page that states a rule's number reads it from `coso.core.rules`.

{% load coso_rules %}
{% rule_value "probation_months" as months %}
{% blocktranslate %}… the {{ months }} months of probation …{% endblocktranslate %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from coso.core.rules import value

register = template.Library()


@register.simple_tag
def rule_value(key: str) -> Any:
    """The value of the rule `key` in force today."""
    return value(key, timezone.localdate())
