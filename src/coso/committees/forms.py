"""Forms of the committee page: they validate input and hand it to `coso.committees.services`."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.forms import FastSelect, StyledForm, date_field
from coso.members.models import Member
from coso.orgs.models import Organization

from .choices import Post


class OpenTermForm(StyledForm):
    start_year = forms.IntegerField(label=_("First year"), min_value=1930, max_value=2200)
    end_year = forms.IntegerField(label=_("Last year"), min_value=1930, max_value=2200)
    congress_date = date_field(label=_("Congress date"))


def member_label(member: Member) -> str:
    return f"{member.full_name} ({member.birth_date:%d/%m/%Y})"


class MemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return member_label(obj)


class AppointForm(StyledForm):
    member = MemberField(label=_("Member"), queryset=Member.objects.none(), widget=FastSelect)
    post = forms.ChoiceField(label=_("Post"), choices=Post.choices)
    started_on = date_field(label=_("From"))
    decision = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    decision_date = date_field(label=_("Decision date"), required=False)

    def __init__(self, *args, org: Organization, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        field.queryset = Member.objects.visible_to(user).active().in_subtree(org)
        # the select offers only the member chosen (if any): the search box beside it fills it
        # with the matches (`member_options`), never the thousands of a grassroots organization
        chosen = field.queryset.filter(pk=self["member"].value() or 0) if self.is_bound else []
        field.widget.choices = [("", "—")] + [(m.pk, member_label(m)) for m in chosen]
        field.widget.attrs["id"] = "appoint-member"


#: the members a search in the appoint form offers at most
MEMBER_OPTIONS = 30


def member_options(org: Organization, user, text: str) -> list[tuple[int, str]]:
    """The active members of `org`'s subtree visible to `user` matching `text` (name, CCCD or
    card number, accents ignored), in Vietnamese order; at most `MEMBER_OPTIONS`."""
    if not text.strip():
        return []
    qs = Member.objects.visible_to(user).active().in_subtree(org).search(text).vn_ordered()
    return [(m.pk, member_label(m)) for m in qs[:MEMBER_OPTIONS]]


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
