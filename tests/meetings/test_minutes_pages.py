"""Materials and corrections on the meeting page: upload, download, late marked; a correction
shows the original beside the new value; refusals on the page write nothing."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coso.meetings import services
from coso.meetings.models import Material
from tests.helpers import refused

T = dt.time


def test_publish_and_download_a_material(login, tree, cell, cell_secretary, meeting):
    client = login(cell_secretary)
    response = client.post(
        reverse("meeting_material", args=[meeting.pk]),
        {
            "kind": "draft_resolution",
            "title": "Dự thảo nghị quyết",
            "published_on": "10/11/2026",
            "file": SimpleUploadedFile("du-thao.txt", "Nội dung dự thảo".encode()),
        },
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.on_time, material.published_on) == (False, dt.date(2026, 11, 10))
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Dự thảo nghị quyết" in page and "(late)" in page
    download = client.get(reverse("meeting_material_file", args=[material.pk]))
    assert b"".join(download.streaming_content) == "Nội dung dự thảo".encode()
    refused(
        lambda: client.post(
            reverse("meeting_material", args=[meeting.pk]),
            {"kind": "thematic_paper", "title": "Chuyên đề"},
        ),
        "A thematic paper names its authors and the date the committee approved it.",
        status=400,
    )


def test_correct_adopted_minutes_on_the_page(login, tree, cell, cell_secretary, meeting):
    meeting = services.record_attendance(meeting)
    services.adopt_minutes(meeting, starts_at=T(14, 0), ends_at=T(15, 30), conclusion="Một.")
    client = login(cell_secretary)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="correct-form"' in page
    data = {"starts_at": "14:00", "ends_at": "15:30", "place": "", "conclusion": "Hai."}
    refused(
        lambda: client.post(reverse("meeting_correct", args=[meeting.pk]), data),
        "This field is required.",
        status=400,
    )
    response = client.post(
        reverse("meeting_correct", args=[meeting.pk]), {**data, "reason": "Ghi sót"}
    )
    assert response.status_code == 302
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "conclusion: <del>Một.</del> → Hai.</div>" in page
    meeting.refresh_from_db()
    assert meeting.conclusion == "Hai."
