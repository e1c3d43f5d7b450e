"""The rules in templates: a page that states a rule's number reads it from `coso.core.rules`
(the value in force today).

    {% load coso_rules %}
    {% rule_value "probation_months" as months %}
    {% blocktranslate %}… the {{ months }} months of probation …{% endblocktranslate %}
"""

from __future__ import annotations

from django import template

from coso.core.rules import value_today

register = template.Library()
register.simple_tag(value_today, name="rule_value")
