from django.urls import include, path

from coso.documents.views import batches, bodies, body_templates, issue, register

#: one issued document: `documents/<pk>/...`
document_patterns = [
    path("", issue.detail, name="document_detail"),
    path("pdf/", issue.download_pdf, name="document_pdf"),
    path("docx/", issue.download_docx, name="document_docx"),
]

#: one batch of transfer letters: `documents/letter-batches/<pk>/...`
letter_batch_patterns = [
    path("", batches.letter_batch, name="letter_batch"),
    path("progress/", batches.letter_batch_progress, name="letter_batch_progress"),
    path("pdf/", batches.letter_batch_pdf, name="letter_batch_pdf"),
    path("zip/", batches.letter_batch_zip, name="letter_batch_zip"),
]

#: the body text of one kind of an organization's documents:
#: `documents/texts/<code>/<kind>/...`
body_template_patterns = [
    path("", body_templates.body_template_edit, name="document_body_template_edit"),
    path("preview/", body_templates.body_template_preview, name="document_body_template_preview"),
    path(
        "versions/", body_templates.body_template_versions, name="document_body_template_versions"
    ),
    path("reset/", body_templates.body_template_reset, name="document_body_template_reset"),
]

#: the document pages: `documents/...`
documents_patterns = [
    path("register/", register.register, name="document_register"),
    path("register/export/", register.register_export, name="document_register_export"),
    path("register/<int:pk>/cancel/", register.register_cancel, name="document_register_cancel"),
    path("bodies/<str:code>/", bodies.body, name="document_body"),
    path("issue/<str:kind>/<int:pk>/", issue.issue, name="document_issue"),
    path("<int:pk>/", include(document_patterns)),
    # a batch of transfer letters (the letters ticked on the transfers page)
    path("letter-batches/", batches.letter_batch_start, name="letter_batch_start"),
    path("letter-batches/<int:pk>/", include(letter_batch_patterns)),
    # the body texts of an organization's documents, and their versions
    path("texts/<str:code>/", body_templates.body_templates, name="document_body_templates"),
    path("texts/<str:code>/<str:kind>/", include(body_template_patterns)),
    path(
        "text-versions/<int:pk>/restore/",
        body_templates.body_template_restore,
        name="document_body_template_restore",
    ),
]

urlpatterns = [path("documents/", include(documents_patterns))]
