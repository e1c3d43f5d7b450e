"""The minutes' agenda items, the meeting's quality score on the sheet in force and its grade,
and the warning on a meeting shorter than the rule asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coso.meetings import services
from coso.meetings.models import AgendaItem
from coso.meetings.queries import duration_warning, quality_grade
from tests.helpers import refused

D = dt.date
T = dt.time


def test_agenda_items_follow_one_another(tree, cell, meeting, cell_secretary):
    first = services.add_agenda_item(
        meeting, title="Kiểm điểm tháng 10", speakers="Đ/c An, đ/c Bình", actor=cell_secretary
    )
    second = services.add_agenda_item(meeting, title=" Nhiệm vụ tháng 12 ", notes="Thống nhất")
    assert [(i.position, i.title) for i in AgendaItem.objects.order_by("position")] == [
        (1, "Kiểm điểm tháng 10"),
        (2, "Nhiệm vụ tháng 12"),
    ]
    assert (first.speakers, second.notes) == ("Đ/c An, đ/c Bình", "Thống nhất")
    refused(lambda: services.add_agenda_item(meeting, title=" "), field="title")


@pytest.mark.parametrize(
    ("total", "grade"), [(100, "good"), (90, "good"), (89, "fair"), (70, "fair"), (69, "average"),
                         (50, "average"), (49, "poor"), (0, "poor")],
)  # fmt: skip
def test_quality_grades_at_their_thresholds(total, grade):
    assert quality_grade(D(2026, 11, 10), total) == grade


def test_quality_scored_at_adoption(tree, cell, meeting):
    meeting = services.record_attendance(meeting)
    refused(
        lambda: services.adopt_minutes(
            meeting,
            starts_at=T(14, 0),
            ends_at=T(15, 30),
            conclusion="x",
            quality={"preparation": 16, "attendance": 20, "conduct": 40, "closing": 20},
        ),
        "Preparation: 16 points; the sheet gives it 0 to 15",
        field="quality",
    )
    meeting = services.adopt_minutes(
        meeting,
        starts_at=T(14, 0),
        ends_at=T(15, 30),
        conclusion="x",
        quality={"preparation": 15, "attendance": 18, "conduct": 40, "closing": 16},
    )
    assert (meeting.quality_total, meeting.quality_grade) == (89, "fair")
    assert meeting.quality == {"preparation": 15, "attendance": 18, "conduct": 40, "closing": 16}


def test_duration_warning(tree, cell, meeting):
    meeting.starts_at, meeting.ends_at = T(14, 0), T(15, 29)
    assert duration_warning(meeting).startswith(
        "The meeting lasted 89 minutes; at least 90 are asked"
    )
    meeting.ends_at = T(15, 30)
    assert duration_warning(meeting) == ""
    meeting.with_thematic = True
    assert "at least 120 are asked" in duration_warning(meeting)
    meeting.date = D(2025, 3, 3)  # before HD 42: 90 minutes either way
    assert duration_warning(meeting) == ""


def test_agenda_and_quality_on_the_page(login, tree, cell, cell_secretary, meeting):
    client = login(cell_secretary)
    services.record_attendance(meeting)
    response = client.post(
        reverse("meeting_agenda_item", args=[meeting.pk]),
        {"title": "Học tập chuyên đề", "speakers": "Đ/c Hà", "notes": ""},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("meeting_adopt", args=[meeting.pk]),
        {"starts_at": "14:00", "ends_at": "15:00", "conclusion": "Thống nhất.",
         "q_preparation": "15", "q_attendance": "20", "q_conduct": "45", "q_closing": "12"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Học tập chuyên đề" in page and "92/100 · Good" in page
    assert "The meeting lasted 60 minutes; at least 90 are asked" in page


@pytest.mark.django_db(transaction=True)
def test_agenda_and_scored_adoption_outside_a_wrapping_transaction(tree, cell, meeting):
    meeting = services.record_attendance(meeting)
    services.add_agenda_item(meeting, title="Nhiệm vụ tháng 12", speakers="Đ/c An")
    meeting = services.adopt_minutes(
        meeting,
        starts_at=T(14, 0),
        ends_at=T(15, 40),
        conclusion="Thống nhất.",
        quality={"preparation": 15, "attendance": 20, "conduct": 45, "closing": 10},
    )
    assert (meeting.quality_total, meeting.quality_grade) == (90, "good")
    assert AgendaItem.objects.get().title == "Nhiệm vụ tháng 12"
