from django.urls import path

from coso.documents.views import bodies, register

urlpatterns = [
    path("documents/register/", register.register, name="document_register"),
    path("documents/register/export/", register.register_export, name="document_register_export"),
    path(
        "documents/register/<int:pk>/cancel/",
        register.register_cancel,
        name="document_register_cancel",
    ),
    path("documents/bodies/<str:code>/", bodies.body, name="document_body"),
]
