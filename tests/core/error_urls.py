"""coso's URLs plus two views that fail, to see the 500 page (tests/core/test_errors.py)."""

from django.urls import path

from coso.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test-boom/", _boom),
    path("api/v1/test-boom/", _boom),
    *urlpatterns,
]
