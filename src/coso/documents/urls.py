from django.urls import path

from coso.documents.views import bodies, issue, register

urlpatterns = [
    path("documents/register/", register.register, name="document_register"),
    path("documents/register/export/", register.register_export, name="document_register_export"),
    path(
        "documents/register/<int:pk>/cancel/",
        register.register_cancel,
        name="document_register_cancel",
    ),
    path("documents/bodies/<str:code>/", bodies.body, name="document_body"),
    path("documents/issue/<str:kind>/<int:pk>/", issue.issue, name="document_issue"),
    path("documents/<int:pk>/", issue.detail, name="document_detail"),
    path("documents/<int:pk>/pdf/", issue.download_pdf, name="document_pdf"),
    path("documents/<int:pk>/docx/", issue.download_docx, name="document_docx"),
]
