"""One door per step: exemption has one service (`set_exemption`, which opens and closes the
exemption's period) and one page door (the lifecycle page); the member page links there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coso.members import services
from coso.members.choices import StatusKind
from coso.members.models import StatusPeriod
from tests.helpers import refused, snapshot

pytestmark = pytest.mark.django_db
D = dt.date


def open_exemptions(member):
    return list(
        StatusPeriod.objects.filter(
            member=member, kind=StatusKind.EXEMPTED, ended_on__isnull=True
        ).values_list("valid_from", flat=True)
    )


def test_ending_through_set_exemption_closes_the_period_exempt_member_opened(members):
    an = members["an"]
    services.exempt_member(an, reason="ill", decision_number="2-QĐ", valid_from=D(2026, 3, 2))
    assert open_exemptions(an) == [D(2026, 3, 2)]
    services.set_exemption(an, exempt=False, date=D(2026, 6, 1))
    an.refresh_from_db()
    assert an.status == "official"
    assert open_exemptions(an) == []
    period = StatusPeriod.objects.get(member=an, kind=StatusKind.EXEMPTED)
    assert period.ended_on == D(2026, 6, 1)


def test_set_exemption_opens_the_period_end_status_closes(members, cell_secretary):
    an = members["an"]
    services.set_exemption(
        an, exempt=True, date=D(2026, 3, 2), document_number="2-QĐ", actor=cell_secretary
    )
    period = StatusPeriod.objects.get(member=an, kind=StatusKind.EXEMPTED)
    assert (period.valid_from, period.decision_number, period.actor) == (
        D(2026, 3, 2),
        "2-QĐ",
        cell_secretary,
    )
    services.end_status(period, date=D(2026, 6, 1), actor=cell_secretary)
    an.refresh_from_db()
    assert an.status == "official"
    assert open_exemptions(an) == []
    assert list(an.events.values_list("kind", flat=True)) == [
        "registered",
        "exempted",
        "exemption_ended",
    ]


def test_ending_before_the_exemption_started_is_refused(members):
    an = members["an"]
    services.set_exemption(an, exempt=True, date=D(2026, 3, 2))
    refused(
        lambda: services.set_exemption(an, exempt=False, date=D(2026, 3, 1)),
        "cannot be before the start (02/03/2026)",
        field="date",
    )


def test_the_old_exemption_url_leads_to_the_one_door(members, cell_secretary, login):
    an = members["an"]
    client = login(cell_secretary)
    html = client.get(reverse("member_detail", args=[an.pk])).content.decode()
    lifecycle = reverse("member_lifecycle", args=[an.pk])
    assert f'href="{lifecycle}?action=exempt#action-exempt"' in html
    assert reverse("member_exemption", args=[an.pk]) not in html
    before = snapshot()
    response = client.post(
        reverse("member_exemption", args=[an.pk]),
        {"exemption-action": "exempt", "exemption-date": "01/03/2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{lifecycle}?action=exempt#action-exempt"
    assert snapshot() == before
    page = client.get(response["Location"]).content.decode()
    assert '<details class="card card-body" id="action-exempt" open>' in page


@pytest.mark.parametrize("persona", ["office", "bk_secretary", "cell_secretary"])
def test_exemption_and_its_end_through_the_one_door(members, personas, login, persona):
    """Exempting from the lifecycle page and ending it there: the period closes, the member
    is official again (was: the member page's own form, which kept no period)."""
    client = login(personas[persona])
    an = members["an"]
    url = reverse("member_lifecycle_action", args=[an.pk, "exempt"])
    data = {
        "exempt-reason": "ill",
        "exempt-decision_number": "2-QĐ",
        "exempt-valid_from": "01/03/2026",
        "exempt-note": "Ốm",
    }
    assert client.post(url, data).status_code == 302
    an.refresh_from_db()
    assert an.status == "exempted"
    # a second "exempt" from a stale page is refused with the service's message
    before = snapshot()
    response = client.post(url, {**data, "exempt-valid_from": "02/03/2026"})
    assert response.status_code == 400
    assert "Only an official member can be exempted." in response.content.decode()
    assert snapshot() == before
    period = StatusPeriod.objects.get(member=an, kind=StatusKind.EXEMPTED)
    response = client.post(
        reverse("member_lifecycle_action", args=[an.pk, "end_status"]),
        {"end_status-period": str(period.pk), "end_status-date": "01/06/2026"},
    )
    assert response.status_code == 302
    an.refresh_from_db()
    assert an.status == "official"
    assert open_exemptions(an) == []
    assert list(an.events.values_list("kind", "date", "note")) == [
        ("registered", D(2015, 1, 1), ""),
        ("exempted", D(2026, 3, 1), "Ill (at least 3 months of treatment) · Ốm"),
        ("exemption_ended", D(2026, 6, 1), ""),
    ]


# --- as deployed, outside a wrapping transaction (CI runs these on SQLite and PostgreSQL) ---


@pytest.mark.django_db(transaction=True)
def test_exemption_and_its_end_through_the_one_door_outside_transaction(members, personas, login):
    test_exemption_and_its_end_through_the_one_door(members, personas, login, "office")
