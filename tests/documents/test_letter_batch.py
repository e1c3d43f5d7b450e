"""A batch of transfer letters (issue 10, item 4, bulk): each letter numbered in turn by the
register, refused letters recorded with their message while the others are issued, one merged
PDF in the order chosen and a zip of the .docx files; out of scope a 404 with nothing written."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.db.models.signals import post_save
from django.utils import timezone
from pypdf import PdfReader

from coso.accounts.services import end_role
from coso.core.scope import OutOfScope
from coso.documents import batches, tasks
from coso.documents.models import IssuedDocument, LetterBatch, LetterBatchItem, RegisterEntry
from coso.documents.services import batches as batch_services
from coso.documents.services import issue_document, start_letter_batch
from coso.members import services as member_services
from tests.documents.batch_helpers import NAMES, transfer_of
from tests.helpers import D, pdf_text, refused, snapshot

pytestmark = pytest.mark.django_db


def symbols(batch):
    return [
        item.document.entry.symbol if item.document_id else item.error
        for item in batch.items.select_related("document__entry").order_by("position")
    ]


def test_three_letters_are_numbered_in_turn_and_merged_in_the_order_chosen(letters, office):
    batch = start_letter_batch(letters, actor=office)
    assert (batch.status, batch.total, batch.done, batch.organization.code) == (
        "queued", 3, 0, "DUK-BK"
    )  # fmt: skip
    batch = tasks.launch(batch)  # three letters: issued at once
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.issued, batch.refused) == ("done", 3, 3, 0)
    assert symbols(batch) == ["01-GGT/ĐU", "02-GGT/ĐU", "03-GGT/ĐU"]
    assert batch.started_at <= batch.finished_at
    merged = batch.pdf.read()
    one = IssuedDocument.objects.get(entry__symbol="01-GGT/ĐU").pdf.read()
    pages = len(PdfReader(io.BytesIO(one)).pages)
    assert len(PdfReader(io.BytesIO(merged)).pages) == 3 * pages
    text = pdf_text(merged)
    where = [text.index(name) for name in NAMES]
    assert where == sorted(where)
    assert text.count("GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG") == 3
    with zipfile.ZipFile(io.BytesIO(batch.docx_zip.read())) as archive:
        assert archive.namelist() == [
            "0001-01-GGT-ĐU.docx", "0002-02-GGT-ĐU.docx", "0003-03-GGT-ĐU.docx"
        ]  # fmt: skip


def test_a_refused_letter_is_recorded_and_the_others_are_issued(letters, office):
    batch = start_letter_batch(letters, actor=office)
    member_services.cancel_transfer(letters[1], date=D(2025, 3, 10), actor=office)
    # the worker's call: its messages in the site's language
    assert tasks.issue_letter_batch.call(batch.pk) == "done"
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.issued, batch.refused) == ("done", 3, 2, 1)
    assert symbols(batch) == [
        "01-GGT/ĐU",
        "Việc chuyển sinh hoạt đã kết thúc: không thể ban hành giấy giới thiệu.",
        "02-GGT/ĐU",
    ]
    text = pdf_text(batch.pdf.read())
    assert NAMES[0] in text and NAMES[2] in text and NAMES[1] not in text
    # a batch runs once: a second call leaves it as it is
    assert tasks.issue_letter_batch.call(batch.pk) == "done"
    assert RegisterEntry.objects.count() == 2


def test_a_batch_with_every_letter_refused_has_no_files(letters, office):
    for t in letters:
        member_services.cancel_transfer(t, date=D(2025, 3, 10), actor=office)
    batch = batches.run_letter_batch(start_letter_batch(letters, actor=office).pk)
    assert (batch.status, batch.issued, batch.refused) == ("done", 0, 3)
    assert not batch.pdf and not batch.docx_zip
    assert set(symbols(batch)) == {"The transfer is no longer open: its letter cannot be issued."}


def test_progress_is_written_every_few_letters(tree, secretary, office, monkeypatch):
    transfers = [
        transfer_of(tree["DUK-BK-CNTT"], f"Em{n}", "Ngô", to=tree["DUK-KT"], n=n)
        for n in range(1, 6)
    ]
    monkeypatch.setattr(batches, "PROGRESS_EVERY", 2)
    batch = start_letter_batch(transfers, actor=office)
    seen = []

    def note(sender, instance, created, **kwargs):  # the progress as the page reads it
        if created:
            seen.append(LetterBatch.objects.values_list("done", flat=True).get(pk=batch.pk))

    post_save.connect(note, sender=IssuedDocument)
    try:
        batches.run_letter_batch(batch.pk)
    finally:
        post_save.disconnect(note, sender=IssuedDocument)
    assert seen == [0, 0, 2, 2, 4]
    batch.refresh_from_db()
    assert (batch.done, batch.issued, batch.percent) == (5, 5, 100)


def test_out_of_scope_is_a_404_with_nothing_written(tree, letters, cell_secretary, bk_secretary):
    before = snapshot()
    # the cell's secretary may not issue the grassroots committee's letters
    with pytest.raises(OutOfScope):
        start_letter_batch(letters, actor=cell_secretary)
    # one letter of another grassroots organization spoils the whole selection
    other = transfer_of(tree["DUK-KT"], "Hoa", "Vũ", to=tree["DUK-BK-CK"], n=9)
    before = snapshot()
    with pytest.raises(OutOfScope):
        start_letter_batch([*letters, other], actor=bk_secretary)
    with pytest.raises(OutOfScope):  # an unknown transfer
        start_letter_batch([letters[0].pk, 999_999], actor=bk_secretary)
    assert snapshot() == before
    assert not LetterBatch.objects.exists() and not LetterBatchItem.objects.exists()


def test_an_empty_or_too_large_selection_is_refused(letters, office, monkeypatch):
    refused(lambda: start_letter_batch([], actor=office), "Choose at least one letter.",
            field="transfers")  # fmt: skip
    monkeypatch.setattr(batch_services, "MAX_LETTERS", 2)
    refused(lambda: start_letter_batch(letters, actor=office),
            "At most 2 letters at once: 3 were chosen.", field="transfers")  # fmt: skip
    assert not LetterBatch.objects.exists()


def test_a_repeated_letter_counts_once_and_the_date_is_the_one_given(letters, office):
    batch = start_letter_batch(
        [letters[2], letters[2].pk, letters[0]], actor=office, issued_on=D(2025, 4, 1)
    )
    assert list(batch.items.values_list("transfer_id", flat=True)) == [
        letters[2].pk, letters[0].pk
    ]  # fmt: skip
    batch = batches.run_letter_batch(batch.pk)
    issued = IssuedDocument.objects.order_by("entry__number")
    assert [(d.entry.issued_on, d.entry.subject) for d in issued] == [
        (D(2025, 4, 1), letters[2]), (D(2025, 4, 1), letters[0])
    ]  # fmt: skip


def test_a_role_ended_before_the_worker_runs_refuses_each_letter(letters, bk_secretary):
    batch = start_letter_batch(letters[:1], actor=bk_secretary)
    end_role(bk_secretary.role_assignments.get(), valid_to=timezone.localdate())
    batch = batches.run_letter_batch(batch.pk)
    assert (batch.issued, batch.refused) == (0, 1)
    assert symbols(batch) == ["You may no longer issue this letter."]


def test_the_same_letter_issued_alone_takes_the_next_number(letters, office):
    batches.run_letter_batch(start_letter_batch(letters[:2], actor=office).pk)
    alone = issue_document("transfer_letter", letters[2], actor=office)
    assert alone.entry.symbol == "03-GGT/ĐU"
