from django.urls import path

from coso.documents.views import batches, bodies, body_templates, issue, register

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
    # a batch of transfer letters (the letters ticked on the transfers page)
    path("documents/letter-batches/", batches.letter_batch_start, name="letter_batch_start"),
    path("documents/letter-batches/<int:pk>/", batches.letter_batch, name="letter_batch"),
    path(
        "documents/letter-batches/<int:pk>/progress/",
        batches.letter_batch_progress,
        name="letter_batch_progress",
    ),
    path(
        "documents/letter-batches/<int:pk>/pdf/", batches.letter_batch_pdf, name="letter_batch_pdf"
    ),
    path(
        "documents/letter-batches/<int:pk>/zip/", batches.letter_batch_zip, name="letter_batch_zip"
    ),
    # the body texts of an organization's documents, and their versions
    path(
        "documents/texts/<str:code>/", body_templates.body_templates, name="document_body_templates"
    ),
    path(
        "documents/texts/<str:code>/<str:kind>/",
        body_templates.body_template_edit,
        name="document_body_template_edit",
    ),
    path(
        "documents/texts/<str:code>/<str:kind>/preview/",
        body_templates.body_template_preview,
        name="document_body_template_preview",
    ),
    path(
        "documents/texts/<str:code>/<str:kind>/versions/",
        body_templates.body_template_versions,
        name="document_body_template_versions",
    ),
    path(
        "documents/texts/<str:code>/<str:kind>/reset/",
        body_templates.body_template_reset,
        name="document_body_template_reset",
    ),
    path(
        "documents/text-versions/<int:pk>/restore/",
        body_templates.body_template_restore,
        name="document_body_template_restore",
    ),
]
