"""Corrections of adopted minutes (the reason, the original kept) and the materials sent
beforehand (on time by the rule's lead time, in days)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from coso.meetings import services
from coso.meetings.models import Material, MinutesCorrection
from tests.helpers import refused

from .conftest import DAY

D = dt.date
T = dt.time


def _adopted(meeting, actor=None):
    meeting = services.record_attendance(meeting, actor=actor)
    return services.adopt_minutes(
        meeting, starts_at=T(14, 0), ends_at=T(15, 30), conclusion="Thống nhất.", actor=actor
    )


def test_a_correction_keeps_the_original(tree, cell, meeting, cell_secretary):
    meeting = _adopted(meeting)
    correction = services.correct_minutes(
        meeting,
        reason="Ghi nhầm giờ kết thúc",
        ends_at=T(16, 5),
        conclusion="Thống nhất.",
        actor=cell_secretary,
    )
    meeting.refresh_from_db()
    assert meeting.ends_at == T(16, 5)
    assert correction.changes == {"ends_at": ["15:30", "16:05"]}
    assert (correction.reason, correction.made_by) == ("Ghi nhầm giờ kết thúc", cell_secretary)
    assert meeting.history.latest().history_user == cell_secretary


def test_correction_refusals(tree, cell, meeting):
    refused(
        lambda: services.correct_minutes(meeting, reason="x", conclusion="y"),
        "The minutes are not adopted yet: change them directly.",
    )
    meeting = _adopted(meeting)
    refused(
        lambda: services.correct_minutes(meeting, reason="  ", conclusion="Khác"),
        "A correction of adopted minutes needs its reason.",
        field="reason",
    )
    refused(
        lambda: services.correct_minutes(meeting, reason="Sửa", conclusion="Thống nhất."),
        "The correction changes nothing.",
    )
    refused(
        lambda: services.correct_minutes(meeting, reason="Sửa", ends_at=T(13, 0)),
        "The meeting must end after it starts.",
        field="ends_at",
    )
    assert MinutesCorrection.objects.count() == 0


@pytest.mark.parametrize(
    ("published_on", "on_time"),
    [(DAY - dt.timedelta(days=2), True), (DAY - dt.timedelta(days=1), True), (DAY, False)],
)
def test_lead_time_in_days(tree, cell, meeting, published_on, on_time):
    material = services.publish_material(
        meeting,
        kind="draft_resolution",
        title="Dự thảo nghị quyết tháng 11",
        published_on=published_on,
        file=ContentFile(b"%PDF-1.4", name="du-thao.pdf"),
    )
    assert (material.on_time, material.published_on) == (on_time, published_on)
    assert "HD 42-HD/BTCTW" in material.legal_basis
    assert material.file.read() == b"%PDF-1.4"


def test_material_refusals(tree, cell, meeting):
    refused(
        lambda: services.publish_material(
            meeting,
            kind="thematic_paper",
            title="Học tập và làm theo Bác",
            published_on=D(2026, 11, 1),
        ),
        "A thematic paper names its authors and the date the committee approved it.",
        field="authors",
    )
    refused(
        lambda: services.publish_material(
            meeting,
            kind="thematic_paper",
            title="Chuyên đề",
            authors="Nguyễn Văn An",
            approved_on=D(2026, 11, 5),
            published_on=D(2026, 11, 1),
        ),
        "The committee approves a paper before it is published.",
        field="approved_on",
    )
    refused(
        lambda: services.publish_material(meeting, kind="draft_resolution", title=" "),
        field="title",
    )
    _adopted(meeting)
    refused(
        lambda: services.publish_material(meeting, kind="other", title="Tài liệu"),
        "The minutes of this meeting are adopted: no more materials.",
    )
    assert Material.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_correction_and_material_outside_a_transaction(tree, cell, meeting, cell_secretary):
    paper = services.publish_material(
        meeting,
        kind="thematic_paper",
        title="Chuyên đề quý IV",
        authors="Nguyễn Văn An; Nguyễn Văn Bình",
        approved_on=D(2026, 11, 1),
        published_on=D(2026, 11, 3),
        actor=cell_secretary,
    )
    meeting = _adopted(meeting, cell_secretary)
    services.correct_minutes(meeting, reason="Bổ sung", place="Phòng 201", actor=cell_secretary)
    assert paper.on_time
    assert MinutesCorrection.objects.get().changes == {"place": ["", "Phòng 201"]}
