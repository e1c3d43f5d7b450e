from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.core.forms import OrganizationPicker
from coso.core.sheets.reader import FileRefused, check_upload
from coso.orgs.models import Organization


class UploadForm(forms.Form):
    """The member file to import, and optionally the organization whose subtree it fills."""

    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    organization = forms.CharField(
        label=_("Organization (code)"),
        required=False,
        help_text=_(
            "Every row must belong to this organization or below it. Empty: anywhere you may edit."
        ),
        widget=OrganizationPicker(scope="editable"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": ".xlsx,.csv,.xls"}
        )
        self.fields["organization"].widget.attrs.update({"class": "form-control"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        # too large as it is, or once unpacked: refused here, before the file is stored or
        # anything parses it (the zip's directory alone is read)
        try:
            check_upload(upload.file, upload.size)
        except FileRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload

    def clean_organization(self):
        code = (self.cleaned_data.get("organization") or "").strip()
        if not code:
            return None
        # case and spaces aside, as every organization box reads a code
        org = Organization.objects.editable_by(self.user).by_code(code)
        if org is None:
            raise forms.ValidationError(
                _("No organization with the code %(code)s in the part of the tree you may edit.")
                % {"code": code}
            )
        return org
