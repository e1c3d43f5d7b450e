"""The base of the apps' list filters (pages, exports and API lists): a search, an
organization subtree given by its code, and a named ordering with a default."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from coso.core.forms import OrganizationCodeField


class OrganizationFilter(django_filters.CharFilter):
    """An organization's subtree by its code (`core.forms.OrganizationCodeField`: case and
    spaces do not matter, an unknown code is a form error); the tree is the model the
    filter set's `organization_field` points to."""

    field_class = OrganizationCodeField

    @property
    def field(self):
        if not hasattr(self, "_field"):
            tree = self.model._meta.get_field(self.parent.organization_field).related_model
            self.extra["organizations"] = tree
        return super().field


def ordering_filter(orderings: dict[str, tuple[str, ...]]) -> django_filters.ChoiceFilter:
    """The `ordering` filter of a list that sorts by the keys of `orderings`."""
    return django_filters.ChoiceFilter(
        choices=[(k, k) for k in orderings], method="filter_ordering", label=_("Sort")
    )


class ListFilter(django_filters.FilterSet):
    """`search` through the queryset's `search(text)`, `organization` (a code, letter case and
    spaces aside: the rows of its subtree, by the organization the row's `organization_field`
    points to; an unknown code is an error on the form and lists nothing) and `ordering` (one
    of `ORDERINGS`, "name" when none is given). A subclass declares
    `ordering = ordering_filter(ORDERINGS)` last."""

    #: ordering key -> the fields it sorts by; "name" is the default
    ORDERINGS: dict[str, tuple[str, ...]] = {}
    #: the row's organization (a foreign key to the organization tree, which has `code` and
    #: `path`; read from the model, so core imports no app)
    organization_field = "organization"

    search = django_filters.CharFilter(method="filter_search", label=_("Search"))
    organization = OrganizationFilter(method="filter_organization", label=_("Organization (code)"))

    def filter_search(self, qs, name, value):
        return qs.search(value) if value else qs

    def filter_organization(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.organization_field}__path__startswith": value.path})

    def filter_queryset(self, queryset):
        # an unknown organization code lists nothing (the form says the code is unknown),
        # rather than the whole scope with the filter left out
        if "organization" in self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_ordering(self, qs, name, value):
        return qs.order_by(*self.ORDERINGS.get(value, self.ORDERINGS["name"]))

    @property
    def qs(self):
        qs = super().qs
        if not self.form.cleaned_data.get("ordering"):
            qs = qs.order_by(*self.ORDERINGS["name"])
        return qs
