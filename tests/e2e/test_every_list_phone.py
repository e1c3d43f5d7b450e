"""Every page of the menu on a phone (390×844, Debian's chromium), for each of the three demo
personas on the small demo: the menu collapses behind its button, no page scrolls sideways,
every list shows its rows as cards (the table's header hidden, each row no wider than the
screen) and every row's action buttons, like every other button, are on the screen and at least
44 px high (a thumb's target)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from coso.demo.common import PERSONAS
from coso.members.models import Member
from tests.e2e.browser import MEASURE, PHONE, fits_the_phone, sign_in_verified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

#: the pages of the menu (and of the user's menu) and the lists they lead to; `{code}` is the
#: persona's own organization
PAGES = [
    "/",
    "/organizations/",
    "/organizations/{code}/",
    "/members/",
    "/admission/",
    "/admission/cells/DUK-BK-CNTT/",
    "/admission/candidates/",
    "/admission/probation/",
    "/transfers/",
    "/documents/register/",
    "/todo/",
    "/imports/",
    "/organizations/{code}/meetings/",
    "/organizations/{code}/study/",
    "/organizations/{code}/committee/",
    "/account/",
    "/account/password/",
    "/calendar/day-swaps/",
    "/accounts/users/",
]

#: the lists shown as cards on a phone: page → the tables whose rows are the list's rows
CARD_LISTS = {
    "/members/": ("#member-table",),
    "/admission/": ("#board-table",),
    "/admission/candidates/": ("#candidate-table",),
    "/admission/probation/": ("#probation-table",),
    "/transfers/": ("#transfers-inbox", "#transfers-outbox", "#transfers-recent"),
    "/documents/register/": ("#register-table",),
    "/todo/": ("#todo-items",),
    "/organizations/{code}/": ("#org-members",),
}


@pytest.fixture
def demo(db):
    call_command("demo", "--size", "small", "--seed", "1", verbosity=0)


@pytest.mark.parametrize("persona", PERSONAS, ids=[p[0] for p in PERSONAS])
def test_every_menu_page_fits_a_phone(live_server, page, demo, tmp_path, persona):
    username, _role, code, password, _title = persona
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, username, password)

    # the menu is folded behind its button
    assert page.locator(".navbar-toggler").is_visible()
    assert not page.locator("#main-nav").is_visible()
    page.click(".navbar-toggler")
    page.locator("#main-nav a[href='/members/']").wait_for()
    box = page.locator("#main-nav a[href='/members/']").bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    # the pages of one's own member record are offered only to a user who has one
    own = Member.objects.filter(user__username=username).exists()
    assert page.locator("#menu-my-meetings, #menu-my-study").count() == (2 if own else 0)

    seen_rows = {}
    for template in PAGES:
        path = template.format(code=code)
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        found = page.evaluate(MEASURE, list(CARD_LISTS.get(template, ())))
        assert found["width"] <= PHONE["width"], (path, found["width"])
        assert found["bad"] == [], (path, found["bad"])
        for sel, rows in found["lists"].items():
            # the header is hidden and every row is a card no wider than the screen
            assert rows["header"] == "none", (path, sel)
            assert rows["wide"] == 0 and rows["block"] == rows["rows"], (path, sel, rows)
            seen_rows[path] = seen_rows.get(path, 0) + rows["rows"]
        if path in ("/members/", "/transfers/", "/admission/"):
            page.screenshot(
                path=str(shots / f"list-{username}{path.replace('/', '-')}390.png"),
                full_page=True,
            )

    # the demo gives every persona members and candidates to see, as cards
    assert seen_rows["/members/"] > 0 and seen_rows["/admission/"] > 0, seen_rows


@pytest.mark.parametrize(
    ("path", "table"), [("/transfers/?box=recent", "#transfers-recent"), ("/todo/", "#todo-items")]
)
def test_the_recently_closed_letters_and_the_to_do_items_are_cards(
    live_server, page, demo, tmp_path, path, table
):
    """The office's letters recently closed and its to-do items: every row a card within the
    screen (none cut off at its side), the header hidden, the summaries above within it too."""
    username, _role, _code, password, _title = PERSONAS[0]
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, username, password)
    page.goto(f"{live_server.url}{path}")
    found = page.evaluate(MEASURE, [table])
    rows = found["lists"][table]
    assert rows["rows"] > 0 and rows["header"] == "none", rows
    assert rows["wide"] == 0 and rows["block"] == rows["rows"], rows
    assert found["width"] <= PHONE["width"] and found["bad"] == [], found
    # each card's cells are within it: no cell cut off or spilling out
    spilled = page.evaluate(
        """(sel) => [...document.querySelectorAll(sel + ' > tbody > tr > *')].filter(c => {
             const r = c.getBoundingClientRect(), p = c.parentElement.getBoundingClientRect();
             return r.width > 0 && (r.left < p.left - 0.5 || r.right > p.right + 0.5
                                    || c.scrollWidth > c.clientWidth + 1);
           }).length""",
        table,
    )
    assert spilled == 0
    for summary in ("#todo-by-kind", "#todo-by-org"):
        if page.locator(summary).count():
            assert page.locator(summary).bounding_box()["width"] <= PHONE["width"]
    page.screenshot(
        path=str(shots / f"cards{path.split('?')[0].replace('/', '-')}390.png"), full_page=True
    )


def test_a_transfer_letters_actions_are_full_width_buttons(live_server, page, demo):
    """The office's incoming letters: each row's actions are buttons across the card."""
    username, _role, _code, password, _title = PERSONAS[0]
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, username, password)
    page.goto(f"{live_server.url}/transfers/")
    rows = page.locator("#transfers-inbox > tbody > tr")
    assert rows.count() > 0
    first = rows.first
    card = first.bounding_box()
    buttons = first.locator(".row-actions .btn")
    assert buttons.count() >= 1
    for i in range(buttons.count()):
        button = buttons.nth(i).bounding_box()
        assert button["height"] >= 44
        # across the card, less its padding
        assert button["width"] >= card["width"] - 2 * 16
        assert (
            card["x"] <= button["x"] and button["x"] + button["width"] <= card["x"] + card["width"]
        )
    assert first.locator(".row-actions .btn", has_text="Tiếp nhận").count() == 1


def test_the_organization_picker_on_a_phone(live_server, page, demo):
    """The cell's secretary of the school types a cell's name without accents in the member
    list's organization box, taps the match (shown with its parent) and the list narrows."""
    username, _role, _code, password, _title = PERSONAS[1]
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, username, password)
    page.goto(f"{live_server.url}/members/")
    page.locator("#id_organization").press_sequentially("cong nghe thong", delay=30)
    match = page.locator("#id_organization-matches .org-picker-match").first
    match.wait_for()
    assert match.get_attribute("data-code") == "DUK-BK-CNTT"
    assert "Chi bộ Khoa Công nghệ thông tin" in match.inner_text()
    box = match.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    assert fits_the_phone(page)
    # only the school's organizations are offered
    codes = page.locator("#id_organization-matches .org-picker-match").evaluate_all(
        "els => els.map(e => e.dataset.code)"
    )
    assert codes and all(c.startswith("DUK-BK") for c in codes)
    before = page.locator("#member-count").inner_text()
    with page.expect_response(lambda r: "/members/?" in r.url and "DUK-BK-CNTT" in r.url):
        match.click()
    page.wait_for_function(
        "(before) => document.querySelector('#member-count').innerText !== before", arg=before
    )
    assert page.locator("#id_organization").input_value() == "DUK-BK-CNTT"
    assert page.locator("#id_organization-matches").inner_html() == ""
    assert "Khoa Công nghệ thông tin" in page.locator("#member-table").inner_text()


def test_summary_links_and_a_filters_tick_are_a_thumbs_target(live_server, page, demo):
    """The to-do list's counts by kind and by organization link to their lists, and the
    candidates' "only overdue" tick is a filter: on a phone each is at least 44 px high."""
    username, _role, _code, password, _title = PERSONAS[0]
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, username, password)
    page.goto(f"{live_server.url}/todo/")
    links = page.locator("#todo-by-kind td a, #todo-by-org td a")
    assert links.count() > 0
    for i in range(links.count()):
        assert links.nth(i).bounding_box()["height"] >= 44
    page.goto(f"{live_server.url}/admission/candidates/")
    label = page.locator("label[for=id_overdue]").bounding_box()
    assert label["height"] >= 44 and label["x"] + label["width"] <= PHONE["width"]
    assert fits_the_phone(page)
