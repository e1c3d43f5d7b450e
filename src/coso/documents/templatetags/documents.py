"""`{% load documents %}{% documents_panel subject "kind,kind" %}`: on a record's page, the
documents issued about it (with their files) and the buttons that issue the given kinds.

Lower apps' templates load it by name (a template library, not a Python import): a record's
page lists what the documents app issued about it without the app below knowing the app above.
"""

from django import template
from django.contrib.contenttypes.models import ContentType

from coso.documents.issuing import TITLES
from coso.documents.models import IssuedDocument

register = template.Library()


@register.inclusion_tag("documents/_panel.html", takes_context=True)
def documents_panel(context, subject, kinds: str = ""):
    user = context["request"].user
    issued = (
        IssuedDocument.objects.visible_to(user)
        .filter(
            entry__subject_type=ContentType.objects.get_for_model(subject),
            entry__subject_id=subject.pk,
        )
        .select_related("entry")
        .order_by("entry__issued_on", "entry__number")
    )
    buttons = [(k, TITLES[k]) for k in kinds.split(",") if k in TITLES]
    return {"issued": [(d, TITLES.get(d.kind, d.kind)) for d in issued], "buttons": buttons,
            "subject": subject}  # fmt: skip
