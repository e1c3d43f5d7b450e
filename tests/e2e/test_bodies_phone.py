"""The body texts of documents on a phone (390×844): the list, the edit page with its
placeholders and the versions fit the screen; a text is saved and restored from the phone."""

import os
from pathlib import Path

import pytest

from coso.documents.bodies.in_force import body_template
from tests.e2e.browser import PHONE, fits_the_phone, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_body_texts_on_a_phone(live_server, page, tree, cell_secretary):
    shots = Path(os.environ.get("COSO_SCREENSHOTS", "/tmp"))
    base = f"{live_server.url}/documents/texts/DUK-BK-CNTT/"
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(base)
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "body-texts-390.png"), full_page=True)
    page.goto(f"{base}transfer_letter/")
    assert fits_the_phone(page)
    assert "{{ member.full_name }}" in page.locator("#placeholders").inner_text()
    page.screenshot(path=str(shots / "body-text-edit-390.png"), full_page=True)
    page.fill("textarea[name=text]", "Giới thiệu đồng chí {{ member.full_name }}.")
    page.get_by_role("button", name="Lưu thành phiên bản mới").click()
    page.wait_for_url(base)
    assert "Phiên bản 1 của nội dung đang được áp dụng" in page.locator("body").inner_text()
    assert body_template("transfer_letter", tree["DUK-BK-CNTT"]).startswith("Giới thiệu đồng chí")
    page.goto(f"{base}transfer_letter/versions/")
    assert fits_the_phone(page)
    page.get_by_role("button", name="Trở về nội dung kế thừa hoặc mặc định").click()
    page.wait_for_url(f"{base}transfer_letter/versions/")
    page.get_by_role("button", name="Khôi phục phiên bản này").click()
    page.wait_for_url(f"{base}transfer_letter/versions/")
    assert "Phiên bản 1 được áp dụng lại, thành phiên bản 3" in page.locator("body").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "body-text-versions-390.png"), full_page=True)
