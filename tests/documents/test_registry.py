"""Kinds of document registered by the apps above documents (meetings registers its minutes
and resolution in AppConfig.ready()): the register, the form, the API and the titles see them."""

from __future__ import annotations

import dataclasses

import pytest

from coso.documents.api import IssueDocumentInput, IssueInput
from coso.documents.forms import IssueForm
from coso.documents.issuing import KINDS, TITLES, register_kind


def test_meetings_registered_its_two_kinds():
    assert {"meeting_minutes", "meeting_resolution"} <= set(KINDS)
    assert (TITLES["meeting_minutes"], TITLES["meeting_resolution"]) == (
        "Biên bản sinh hoạt", "Nghị quyết của hội nghị"
    )  # fmt: skip
    # the API's choices are read when a serializer is made, after every app is ready
    assert sorted(IssueDocumentInput().fields["kind"].choices) == sorted(KINDS)
    assert "meetings.meeting" in IssueInput().fields["subject_type"].choices


def test_a_name_is_registered_once():
    kind = KINDS["meeting_minutes"]
    register_kind("meeting_minutes", kind, title="Biên bản sinh hoạt")  # the same: harmless
    other = dataclasses.replace(kind, inputs=("signer_name",))
    with pytest.raises(ValueError, match="already registered"):
        register_kind("meeting_minutes", other, title="x")
    assert KINDS["meeting_minutes"] is kind


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("transfer_letter", ["issued_on", "signer_name"]),
        ("cell_resolution", ["issued_on", "signer_name", "present"]),
        ("meeting_minutes", ["issued_on", "signer_name", "second_signer_name"]),
        ("meeting_resolution", ["issued_on", "signer_name"]),
    ],
)
def test_the_issue_form_asks_what_the_kind_needs(kind, fields):
    form = IssueForm(kind=KINDS[kind])
    assert list(form.fields) == fields
    if kind == "meeting_minutes":
        assert (str(form.fields["signer_name"].label), str(form.fields["second_signer_name"].label)) == (
            "Chair", "Minute-taker"
        )  # fmt: skip
