"""The transfer letters on a phone (390×844), as the grassroots committee's secretary: the
lists as tabs, 25 cards a page with the pages below, each card's actions ("Tiếp nhận", cancel)
as buttons across it, a search without accents that narrows the cards, the Excel button on the
screen, and no page wider than the screen (issue 16, finding 3)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coso.members.choices import TransferKind
from coso.members.services import transfers
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

#: every button of the page's main part that is off the screen or shorter than a thumb
BAD_BUTTONS = """() => [...document.querySelectorAll('main .btn, main .nav-link, main .page-link')]
  .filter(b => b.getBoundingClientRect().width > 0)
  .filter(b => { const r = b.getBoundingClientRect();
                 return r.left < -0.5 || r.right > window.innerWidth + 0.5; })
  .map(b => b.innerText.trim().slice(0, 30))"""


def _letters(tree) -> None:
    """27 letters from CNTT to CK, the last for Trần Thị Ngọc Ánh."""
    today = timezone.localdate()
    for i in range(27):
        if i == 26:
            member = make_member(tree["DUK-BK-CNTT"], "Ngọc Ánh", family="Trần", middle="Thị")
        else:
            member = make_member(tree["DUK-BK-CNTT"], f"Bình {chr(65 + i)}")
        transfers.issue_transfer(
            member,
            kind=TransferKind.PERMANENT,
            to=tree["DUK-BK-CK"],
            letter_number=f"{i + 1}-GT/CB",
            issued_on=today - dt.timedelta(days=i),
        )


def _full_width_actions(page, card) -> list[str]:
    """The card's action buttons, each checked to lie across the card, 44 px high or more."""
    box = card.bounding_box()
    buttons = card.locator(".row-actions .btn")
    texts = []
    for i in range(buttons.count()):
        button = buttons.nth(i).bounding_box()
        assert button["height"] >= 44
        assert button["width"] >= box["width"] - 2 * 16
        assert box["x"] <= button["x"] and button["x"] + button["width"] <= box["x"] + box["width"]
        assert button["x"] + button["width"] <= PHONE["width"]
        texts.append(buttons.nth(i).inner_text().strip())
    return texts


def test_the_letters_on_a_phone(live_server, page, tree, bk_secretary, tmp_path):
    _letters(tree)
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    # a grassroots committee's secretary signs in with a second factor (an app made here)
    device = TOTPDevice.objects.create(user=bk_secretary, name="app", confirmed=True)
    sign_in(page, live_server.url, "bithu_bk", lands_on="/login/code/?next=/")
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.press("input[name=code]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/transfers/")
    page.wait_for_url(f"{live_server.url}/organizations/DUK-BK/transfers/")

    # the letters in: 25 cards, the header hidden, the pages below
    cards = page.locator("#transfers-inbox > tbody > tr")
    assert cards.count() == 25
    assert not page.locator("#transfers-inbox > thead").is_visible()
    assert page.locator("#transfers-count").inner_text() == "27 giấy giới thiệu"
    assert fits_the_phone(page) and page.evaluate(BAD_BUTTONS) == []
    assert all(
        cards.nth(i).evaluate("r => getComputedStyle(r).display") == "block" for i in range(25)
    )
    # received here and issued here: both actions, across the card
    assert _full_width_actions(page, cards.first) == [
        "Tiếp nhận", "Giấy giới thiệu (PDF)", "Hủy hoặc hết hạn"
    ]  # fmt: skip
    export = page.locator("#transfers-export").bounding_box()
    assert export["height"] >= 44 and export["x"] + export["width"] <= PHONE["width"]
    page.screenshot(path=str(shots / "transfers-inbox-390.png"), full_page=True)

    # the next page holds the last two
    page.locator(".pagination a", has_text="Tiếp theo").click()
    page.wait_for_url("**page=2")
    assert page.locator("#transfers-inbox > tbody > tr").count() == 2
    assert fits_the_phone(page)

    # a name typed without accents finds the one card
    page.fill("#id_search", "ngoc anh")
    page.press("#id_search", "Enter")
    page.wait_for_url("**search=ngoc+anh**")
    cards = page.locator("#transfers-inbox > tbody > tr")
    assert cards.count() == 1
    assert "Trần Thị Ngọc Ánh" in cards.first.locator(".card-name").inner_text()
    assert page.locator("#transfers-count").inner_text() == "1 giấy giới thiệu"
    assert fits_the_phone(page) and page.evaluate(BAD_BUTTONS) == []
    page.screenshot(path=str(shots / "transfers-search-390.png"), full_page=True)

    # the further filters are folded away: unfolded, they narrow the list too
    assert not page.locator("#id_kind").is_visible()
    page.locator("#transfers-more-filters > summary").click()
    page.select_option("#id_kind", "temporary")
    page.click("#transfers-filter button[type=submit]")
    page.wait_for_url("**kind=temporary**")
    assert page.locator("#transfers-inbox > tbody > tr").count() == 0
    assert page.locator("#id_kind").is_visible() and fits_the_phone(page)
    page.select_option("#id_kind", "permanent")
    page.click("#transfers-filter button[type=submit]")
    page.wait_for_url("**kind=permanent**")
    assert page.locator("#transfers-inbox > tbody > tr").count() == 1

    # the other lists are tabs on the screen, 44 px high; the letters out keep the search
    tabs = page.locator("#transfers-boxes .nav-link")
    for i in range(tabs.count()):
        tab = tabs.nth(i).bounding_box()
        assert tab["height"] >= 44 and tab["x"] + tab["width"] <= PHONE["width"]
    page.locator("#box-outbox").click()
    page.wait_for_url("**box=outbox**")
    cards = page.locator("#transfers-outbox > tbody > tr")
    assert cards.count() == 1 and fits_the_phone(page)
    assert page.locator("#box-outbox").get_attribute("aria-current") == "page"

    # its "Tiếp nhận" opens the receiving form
    page.goto(f"{live_server.url}/transfers/?search=ngoc+anh")
    page.locator("#transfers-inbox .row-actions .btn", has_text="Tiếp nhận").click()
    page.wait_for_url("**/receive/")
    assert fits_the_phone(page)
