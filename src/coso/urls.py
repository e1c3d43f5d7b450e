from django.contrib import admin
from django.urls import include, path

from coso.orgs.views import organization_search

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("coso.api.urls")),
    path("organization-search/", organization_search, name="organization_search"),
    path("", include("coso.core.urls")),
    path("", include("coso.accounts.urls")),
    path("", include("coso.members.urls")),
    path("", include("coso.imports.urls")),
    path("", include("coso.admission.urls")),
    path("", include("coso.documents.urls")),
    path("", include("coso.committees.urls")),
    path("", include("coso.meetings.urls")),
    path("", include("coso.dues.urls")),
    path("", include("coso.discipline.urls")),
    path("", include("coso.inspection.urls")),
    path("", include("coso.awards.urls")),
    path("", include("coso.evaluation.urls")),
    path("", include("coso.plans.urls")),
]

# Vietnamese error pages in the site's layout, JSON under /api/ (coso/core/errors.py)
handler400 = "coso.core.errors.bad_request"
handler403 = "coso.core.errors.permission_denied"
handler404 = "coso.core.errors.page_not_found"
handler500 = "coso.core.errors.server_error"
