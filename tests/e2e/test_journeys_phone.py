"""The cell secretary's four everyday journeys on a phone (390×844), in a real browser, on the
small demo (the cell persona's cell has candidates, probations, an incoming letter and overdue
items: `coso.demo.persona`). Each tap, typed field and submit is counted from the home page, and
the count is asserted exactly (issue 16: at most 4, 5, 4 and 1):

1. find a member without accents and open them: 3 actions;
2. record the next admission step: 5 actions;
3. receive an incoming transfer: 4 actions;
4. see the cell's overdue items: 1 action.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from coso.admission.models import Candidate
from coso.core.text import fold
from coso.members.choices import MemberStatus, TransferStatus
from coso.members.models import Member, Transfer
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CELL = "DUK-BK-CNTT"


@pytest.fixture
def demo_cell(db):
    """The small demo, with the cell persona's password set to the tests' one."""
    call_command("demo", "--size", "small", "--seed", "1", stdout=open(os.devnull, "w"))  # noqa: SIM115
    user = get_user_model().objects.get(username="bithu_cntt")
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


class Journey:
    """Counts the actions of one journey: a tap, a typed field, a submit."""

    def __init__(self, page, base: str, shots: Path):
        self.page, self.base, self.shots = page, base, shots
        self.actions = 0

    def start(self) -> None:
        self.page.goto(f"{self.base}/")
        self.actions = 0

    def tap(self, selector: str) -> None:
        self.actions += 1
        self.page.locator(selector).first.click()

    def menu(self, url_name: str) -> None:
        """The collapsed menu: open it (one tap), then the item (another)."""
        self.tap(".navbar-toggler")
        self.tap(f".navbar-nav a.nav-link[href='{reverse(url_name)}']")

    def type(self, selector: str, text: str) -> None:
        self.actions += 1
        self.page.locator(selector).press_sequentially(text)

    def end(self, name: str) -> int:
        self.page.wait_for_load_state("networkidle")
        assert fits_the_phone(self.page)
        self.page.screenshot(path=str(self.shots / f"journey-{name}-390.png"), full_page=True)
        return self.actions


@pytest.fixture
def journey(live_server, page, tmp_path, demo_cell):
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    return Journey(page, live_server.url, shots)


def test_find_a_member_without_accents_and_open_them(journey):
    member = (
        Member.objects.filter(organization__code=CELL, status=MemberStatus.PROBATIONARY)
        .order_by("-id")
        .first()
    )
    typed = fold(f"{member.family_name} {member.given_name}")  # no tone marks, no đ
    assert typed.isascii() and typed != f"{member.family_name} {member.given_name}".lower()
    journey.start()
    journey.tap("#member-counts a.btn")  # "Mở danh sách đảng viên"
    journey.type("#id_search", typed)  # the list narrows while typing
    journey.page.wait_for_url("**/members/?*search=*")
    link = f"#member-results a[href='/members/{member.pk}/']:visible"
    journey.page.wait_for_selector(link)
    found = journey.page.eval_on_selector_all(
        "#member-results a[href^='/members/']", "els => [...new Set(els.map(e => e.pathname))]"
    )
    assert f"/members/{member.pk}/" in found and len(found) <= 3
    journey.tap(link)
    journey.page.wait_for_url(f"{journey.base}/members/{member.pk}/")
    assert member.full_name in journey.page.locator("h1").inner_text()
    assert journey.end("find-member") == 3


def test_record_the_next_admission_step(journey):
    candidate = (
        Candidate.objects.filter(cell__code=CELL, status="in_progress", step="awareness_course")
        .order_by("-id")
        .first()
    )
    journey.start()
    journey.menu("admission_board")
    journey.tap(f"a[href='/admission/cells/{CELL}/']")
    journey.tap(f"a[href='/admission/candidates/{candidate.pk}/']")
    # the next step's form, its date prefilled with today
    assert journey.page.locator("#id_date").input_value()
    journey.tap("form:has(#id_date) button[type=submit]")
    journey.page.wait_for_url(f"{journey.base}/admission/candidates/{candidate.pk}/")
    candidate.refresh_from_db()
    assert candidate.step == "application"
    assert journey.end("admission-step") == 5


def test_receive_an_incoming_transfer(journey):
    # the persona's letter (`coso.demo.persona`); the random draw may have sent the cell others
    letters = Transfer.objects.filter(to_organization__code=CELL, status=TransferStatus.ISSUED)
    transfer = letters.order_by("-issued_on", "-pk").first()
    assert transfer is not None
    journey.start()
    journey.menu("transfers_home")
    journey.tap(f"a[href='/transfers/{transfer.pk}/receive/']")
    assert journey.page.locator("#id_received_on").input_value()  # today, prefilled
    journey.tap("form:has(#id_received_on) button[type=submit]")
    journey.page.wait_for_url(f"{journey.base}/organizations/{CELL}/transfers/")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED
    assert transfer.member.organization.code == CELL
    assert journey.end("receive-transfer") == 4


def test_see_the_cells_overdue_items_from_home(journey):
    journey.start()
    shown = journey.page.locator("#home-overdue").inner_text()
    journey.tap("#home-overdue")
    journey.page.wait_for_url(f"{journey.base}/todo/?overdue=1")
    total = journey.page.locator("#todo-overdue-total").inner_text()
    assert shown == f"{total} việc quá hạn" and int(total) >= 3
    items = journey.page.locator("main").inner_text()
    assert "Hồ sơ kết nạp: đến hạn bước tiếp theo" in items
    assert "Hết thời gian dự bị: đến hạn xét công nhận chính thức" in items
    assert journey.end("overdue") == 1
