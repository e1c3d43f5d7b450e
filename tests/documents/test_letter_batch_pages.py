"""The batch of transfer letters from the office's transfers page and the API: tick the
letters, start the batch, follow "x / y" (htmx polls), download the merged PDF and the zip, read
the refused letters with their reasons. Large batches go to the background worker; out of scope
is a 404 with nothing written."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from coso.documents import tasks
from coso.documents.models import LetterBatch, RegisterEntry
from coso.members import services as member_services
from tests.documents.batch_helpers import NAMES
from tests.helpers import D, client_for, snapshot

pytestmark = pytest.mark.django_db


def test_the_transfers_page_offers_the_letters_to_tick(login, letters, office):
    outbox = reverse("org_transfers", args=["DUK-BK"]) + "?box=outbox"
    html = login(office).get(outbox).content.decode()
    assert f'action="{reverse("letter_batch_start")}"' in html
    for t in letters:
        assert f'name="transfers" value="{t.pk}"' in html
    assert "Print the selected letters" in html and 'data-check-all="transfers"' in html


def test_the_page_issues_a_small_batch_at_once(login, letters, office):
    client = login(office)
    back = reverse("org_transfers", args=["DUK-BK"])
    response = client.post(
        reverse("letter_batch_start"),
        {"transfers": [letters[2].pk, letters[0].pk], "next": back},
    )
    batch = LetterBatch.objects.get()
    assert response["Location"] == reverse("letter_batch", args=[batch.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Issued: 2 · refused: 0" in html and "batch-progress" not in html
    pdf = b"".join(client.get(reverse("letter_batch_pdf", args=[batch.pk])).streaming_content)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    got = client.get(reverse("letter_batch_zip", args=[batch.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(got.streaming_content))) as archive:
        assert len(archive.namelist()) == 2


def test_nothing_ticked_goes_back_with_a_message(login, letters, office):
    client = login(office)
    back = reverse("org_transfers", args=["DUK-BK"])
    response = client.post(reverse("letter_batch_start"), {"next": back}, follow=True)
    assert response.redirect_chain == [(back, 302)]
    assert "Choose at least one letter." in response.content.decode()
    assert not LetterBatch.objects.exists()


def test_a_large_batch_runs_in_the_background_with_progress(
    login, letters, office, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(tasks, "INLINE_LETTERS", 2)
    member_services.cancel_transfer(letters[1], date=D(2025, 3, 10), actor=office)
    client = login(office)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("letter_batch_start"), {"transfers": [t.pk for t in letters]}
        )
    assert len(callbacks) == 1
    batch = LetterBatch.objects.get()
    assert (batch.status, batch.done, RegisterEntry.objects.count()) == ("queued", 0, 0)
    assert batch.task_id
    page = client.get(response["Location"]).content.decode()
    assert "0 / 3" in page and 'hx-trigger="every 1s"' in page
    bar = client.get(reverse("letter_batch_progress", args=[batch.pk]))
    assert "0 / 3" in bar.content.decode() and "HX-Refresh" not in bar
    with translation.override("en"):
        assert tasks.issue_letter_batch.call(batch.pk) == "done"
    bar = client.get(reverse("letter_batch_progress", args=[batch.pk]))
    assert bar["HX-Refresh"] == "true" and "3 / 3" in bar.content.decode()
    html = client.get(response["Location"]).content.decode()
    assert "Issued: 2 · refused: 1" in html
    assert NAMES[1] in html and "Việc chuyển sinh hoạt đã kết thúc" in html


def test_out_of_scope_the_page_and_the_api_answer_404(login, tree, letters, cell_secretary):
    before = snapshot()
    client = login(cell_secretary)  # sees the cell's letters, may not issue the committee's
    ids = [t.pk for t in letters]
    assert client.post(reverse("letter_batch_start"), {"transfers": ids}).status_code == 404
    assert client_for(cell_secretary).post(
        "/api/v1/letter-batches/", {"transfers": ids}, format="json"
    ).status_code == 404  # fmt: skip
    assert client.post(reverse("letter_batch_start"), {"transfers": ["x"]}).status_code == 404
    assert snapshot() == before


def test_a_batch_is_its_askers(login, letters, office, bk_secretary):
    client = login(office)
    client.post(reverse("letter_batch_start"), {"transfers": [letters[0].pk]})
    batch = LetterBatch.objects.get()
    other = login(bk_secretary)  # may issue the same letters, but did not ask
    for name in ("letter_batch", "letter_batch_progress", "letter_batch_pdf", "letter_batch_zip"):
        assert other.get(reverse(name, args=[batch.pk])).status_code == 404, name
    api = client_for(bk_secretary).get(f"/api/v1/letter-batches/{batch.pk}/")
    assert api.status_code == 404


def test_the_api_starts_a_batch_and_reports_it(letters, office):
    api = client_for(office)
    response = api.post(
        "/api/v1/letter-batches/",
        {"transfers": [t.pk for t in letters], "issued_on": "2025-04-01"},
        format="json",
    )
    assert response.status_code == 202
    pk = response.json()["id"]
    got = api.get(f"/api/v1/letter-batches/{pk}/").json()
    assert {k: got[k] for k in ("status", "total", "done", "issued", "refused", "issued_on")} == {
        "status": "done", "total": 3, "done": 3, "issued": 3, "refused": 0,
        "issued_on": "2025-04-01",
    }  # fmt: skip
    assert got["pdf_url"] == reverse("letter_batch_pdf", args=[pk])
    assert got["refused_letters"] == []
    empty = api.post("/api/v1/letter-batches/", {"transfers": []}, format="json")
    assert empty.status_code == 400
    assert empty.json()["transfers"] == ["Choose at least one letter."]


@pytest.mark.django_db(transaction=True)
def test_the_batch_outside_a_wrapping_transaction(letters, office, settings):
    """Each letter its own transaction: a refused one rolls back alone (PostgreSQL in CI)."""
    member_services.cancel_transfer(letters[0], date=D(2025, 3, 10), actor=office)
    api = client_for(office)
    response = api.post(
        "/api/v1/letter-batches/", {"transfers": [t.pk for t in letters]}, format="json"
    )
    assert response.status_code == 202
    batch = LetterBatch.objects.get()
    assert (batch.status, batch.issued, batch.refused) == ("done", 2, 1)
    assert list(RegisterEntry.objects.order_by("number").values_list("symbol", flat=True)) == [
        "01-GGT/ĐU", "02-GGT/ĐU"
    ]  # fmt: skip
    refusal = response.json()["refused_letters"]
    assert refusal == [
        {"transfer": letters[0].pk,
         "error": "The transfer is no longer open: its letter cannot be issued."}
    ]  # fmt: skip
