"""The four-good page: the checklist, the months × pillars grid, the month's form and the
title with its reasons; the month posted and a criterion added through the services; out of
scope a 404 with nothing changed; a fixed number of queries."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coso.evaluation.models import FourGoodCheck, FourGoodCriterion
from tests.helpers import queries, refused

from .four_good_setup import checklist

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1


def test_the_page_shows_the_grid_and_the_title(tree, login, cell_secretary):
    criteria = checklist(tree["DUK-BK"])
    client = login(cell_secretary)
    url = f"/organizations/DUK-BK-CNTT/four-good/{YEAR}/"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-title="not-awarded"' in body and "met in 0 months, the title needs 9" in body
    met = {f"c{c.pk}": "on" for c in criteria["tasks"] + criteria["meetings"]}
    done = client.post(f"{url}month/", {"month": "4", **met})
    assert done.status_code == 302
    rows = FourGoodCheck.objects.filter(organization=tree["DUK-BK-CNTT"], year=YEAR, month=4)
    assert sorted(rows.filter(met=True).values_list("criterion__text", flat=True)) == [
        "meetings 0", "meetings 1", "tasks 0", "tasks 1"]  # fmt: skip
    assert rows.count() == 8
    body = client.get(url).content.decode()
    assert "Good unity and discipline: met in 0 months" in body
    assert "Political tasks done well: met in 1 months" in body
    # a month of a year closed is refused on the form, nothing written
    refused(lambda: client.post(f"/organizations/DUK-BK-CNTT/four-good/{YEAR - 1}/month/",
                                {"month": "12"}), f"{YEAR - 1} is not open", status=400)  # fmt: skip


def test_the_committee_edits_its_checklist(tree, login, bk_secretary):
    client = login(bk_secretary)
    url = f"/organizations/DUK-BK/four-good/{YEAR}/"
    assert "No checklist is set" in client.get(url).content.decode()
    added = client.post(
        f"{url}criteria/", {"pillar": "unity", "text": "Không có đảng viên vi phạm"}
    )
    assert added.status_code == 302
    c = FourGoodCriterion.objects.get()
    assert (c.organization, c.pillar, c.text, c.active) == (
        tree["DUK-BK"], "unity", "Không có đảng viên vi phạm", True)  # fmt: skip
    off = client.post(f"/four-good/criteria/{c.pk}/active/", {"active": "0", "year": YEAR})
    assert off.status_code == 302
    c.refresh_from_db()
    assert c.active is False
    refused(lambda: client.post(f"{url}criteria/", {"pillar": "unity", "text": " "}), status=400)


def test_out_of_scope_is_a_404_and_changes_nothing(tree, login, cell_secretary):
    criteria = checklist(tree["DUK-BK"])
    client = login(cell_secretary)
    assert client.get(f"/organizations/DUK-BK-CK/four-good/{YEAR}/").status_code == 404
    refused(lambda: client.post(f"/organizations/DUK-BK-CK/four-good/{YEAR}/month/",
                                {"month": "1"}), status=404)  # fmt: skip
    # the grassroots committee's checklist: seen, not changed, by the cell's secretary
    refused(lambda: client.post(f"/organizations/DUK-BK/four-good/{YEAR}/criteria/",
                                {"pillar": "tasks", "text": "x"}), status=404)  # fmt: skip
    refused(lambda: client.post(f"/four-good/criteria/{criteria['tasks'][0].pk}/active/",
                                {"active": "0"}), status=404)  # fmt: skip


def test_the_page_runs_a_fixed_number_of_queries(tree, login, cell_secretary):
    criteria = checklist(tree["DUK-BK"])
    client = login(cell_secretary)
    url = f"/organizations/DUK-BK-CNTT/four-good/{YEAR}/"
    client.get(url)  # the per-process caches
    before = queries(lambda: client.get(url))
    from coso.evaluation.services import four_good  # noqa: PLC0415 (the steps, once set up)

    for m in range(1, 13):
        four_good.record_four_good_month(tree["DUK-BK-CNTT"], year=YEAR, month=m,
                                         met=[c.pk for c in criteria["tasks"]])  # fmt: skip
    assert queries(lambda: client.get(url)) == before


def test_the_month_shown_first_has_its_answers_ticked(tree, login, cell_secretary):
    """The form opens on the last month of the year with what was answered for it: saving it
    again as shown keeps the answers (an answered month never shows empty boxes)."""
    from coso.evaluation.services import four_good  # noqa: PLC0415

    criteria = checklist(tree["DUK-BK"])
    four_good.record_four_good_month(tree["DUK-BK-CNTT"], year=YEAR, month=12,
                                     met=[c.pk for c in criteria["tasks"]])  # fmt: skip
    client = login(cell_secretary)
    body = client.get(f"/organizations/DUK-BK-CNTT/four-good/{YEAR}/").content.decode()
    assert '<option value="12" selected>' in body
    ticked = sorted(c.text for items in criteria.values() for c in items
                    if f'id="id_c{c.pk}" checked' in body)  # fmt: skip
    assert ticked == ["tasks 0", "tasks 1"]
    assert body.count(" checked>") == 2  # no other box
