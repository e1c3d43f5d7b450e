"""A cell secretary grades the whole cell on a phone (390×844), in a real browser: the grading
page fits the screen (no sideways scroll), a grade and the score sheet for each member, the
meeting, one save; the quota line follows."""

import os
from pathlib import Path

import pytest

from coso.evaluation.models import Evaluation
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.evaluation.pages_setup import cell_reported, meeting, open_year

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_cell_graded_on_a_phone(live_server, page, tmp_path, tree, members, cell_secretary):
    period = open_year(tree)
    cell = tree["DUK-BK-CNTT"]
    cell_reported(period, cell)
    m = meeting(cell)
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    url = f"{live_server.url}/organizations/DUK-BK-CNTT/evaluation/{period.pk}/"
    page.goto(url)
    assert fits_the_phone(page)
    for key, grade, score in (("an", "good", "85"), ("duc", "good", "80"),
                              ("hoa", "complete", "65")):  # fmt: skip
        pk = members[key].pk
        page.select_option(f"#id_grade_{pk}", grade)
        page.fill(f"#id_score_{pk}", score)
        page.fill(f"#id_on_time_{pk}", "100")
        page.fill(f"#id_beyond_{pk}", "10")
    page.select_option("#id_meeting", str(m.pk))
    page.screenshot(path=str(shots / "evaluation-cell-390.png"), full_page=True)
    page.click("#cell-grading button[type=submit]")
    page.wait_for_url(url)
    assert fits_the_phone(page)
    assert (
        "Được 0 xuất sắc trên 2 hoàn thành tốt trở lên; đề xuất 0"
        in page.locator("#quota-members").inner_text()
    )
    page.screenshot(path=str(shots / "evaluation-cell-done-390.png"), full_page=True)
    assert sorted(Evaluation.objects.members().values_list("proposed_grade", flat=True)) == [
        "complete", "good", "good"]  # fmt: skip
