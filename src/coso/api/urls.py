"""/api/: the v1 router that mounts each app's api module, the OpenAPI schema and its docs.

The v1 routes live in the `api-v1` URL namespace (e.g. `api-v1:member-list`) so their names
never collide with the HTML pages' names.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from coso.members.api import MemberViewSet
from coso.orgs.api import OrganizationViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("members", MemberViewSet, basename="member")

urlpatterns = [
    path("v1/", include((router.urls, "api-v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
