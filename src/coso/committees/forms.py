"""Forms of the committee page: they validate input and hand it to `coso.committees.services`."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.forms import FastSelect, date_field, style_fields
from coso.members.models import Member
from coso.orgs.models import Organization

from .choices import Post


class StyledForm(forms.Form):
    """Bootstrap classes on the widgets; a bound form gets them (and its error states) once
    cleaned, since reading its errors earlier would clean it before the subclass is ready."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            style_fields(self)

    def full_clean(self):
        super().full_clean()
        style_fields(self)


class OpenTermForm(StyledForm):
    start_year = forms.IntegerField(label=_("First year"), min_value=1930, max_value=2200)
    end_year = forms.IntegerField(label=_("Last year"), min_value=1930, max_value=2200)
    congress_date = date_field(label=_("Congress date"))


class MemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.full_name} ({obj.birth_date:%d/%m/%Y})"


class AppointForm(StyledForm):
    member = MemberField(label=_("Member"), queryset=Member.objects.none(), widget=FastSelect)
    post = forms.ChoiceField(label=_("Post"), choices=Post.choices)
    started_on = date_field(label=_("From"))
    decision = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    decision_date = date_field(label=_("Decision date"), required=False)

    def __init__(self, *args, org: Organization, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            Member.objects.visible_to(user).active().in_subtree(org).vn_ordered()
        )


class EndPostForm(StyledForm):
    ended_on = date_field(
        label=_("Ends on"), help_text=_("The first day the member no longer holds the post.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class GrantRolesForm(StyledForm):
    day = date_field(label=_("Posts held on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()
